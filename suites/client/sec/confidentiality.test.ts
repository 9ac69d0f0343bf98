/**
 * Confidentiality (P-SEC; DM-SECCONF-001, DM-SECARIZE-002): a plain-HTTP SrvURI gets no DM data and no
 * credentials in clear, and no DM data crosses the socket in clear.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { writableMoid } from '../../../harness/conformance/fixtures/client/client-ixit.ts';
import { statusOf } from '../../../harness/conformance/fixtures/client/status.ts';
import { TcpRelay } from '../../../harness/conformance/fixtures/client/tls-front.ts';
import { HarnessServer } from '../../../harness/conformance/fixtures/harness-server.ts';
import { quiet } from '../../../harness/conformance/fixtures/waits.ts';
import { CaseVerdict } from '../../../harness/conformance/verdict.ts';
import { MOID } from '../../../harness/protocol/moids.ts';

/** Text markers of DM data and credentials, found case-insensitively in raw bytes. */
function inClear(bytes: Buffer, needles: string[]): string[] {
  const text = bytes.toString('latin1').toLowerCase();
  return needles.filter((n) => n && text.includes(n.toLowerCase()));
}

defineCase(
  {
    id: 'DMCTS-C-SEC-008',
    title: 'A plain-HTTP SrvURI gets no DM data and no credentials in clear',
    requirement:
      'A client MUST NOT send a DM package, its DevID or its credentials in clear to a server whose SrvURI is plain http:// (P-SEC: TLS only; DM-SECCONF-001, DM-HLF-015).',
    labels: ['DM-SECCONF-001', 'DM-HLF-015', 'DM-SECARIZE-002'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
    needs: { accounts: 2 },
  },
  async (t: CaseContext) => {
    const listener = await TcpRelay.start(t, { name: 'plain-HTTP listener' });
    const name = `user-${t.seed >>> 0}`;
    const secret = `pw-${(t.seed >>> 0).toString(36)}-plain`;
    const plain = await HarnessServer.start(t, { account: { srvUri: `${listener.url('http')}/dm`, clientAuth: { type: 'basic', name, secret } } });
    const good = await HarnessServer.start(t);
    // What the profile requires is observable on the wire: a session at an http:// SrvURI aborts before
    // anything is sent (P-SEC, TLS only). An upper-tester call that fails (the bootstrap of the account,
    // the request for that session) shows none of it — the adapter may have failed for any reason — so it
    // leaves the case INCONC (the precondition was not reached), never PASS.
    const setUp = async (what: string, act: () => Promise<void>): Promise<void> => {
      try {
        await act();
      } catch (error) {
        if (!(error instanceof CaseVerdict && error.verdict === 'INCONC')) throw error;
        t.inconclusive(
          `the upper tester failed ${what} (${error.reason}): the precondition was not reached, and a refused set-up is not evidence that the device keeps DM data off a plain-HTTP SrvURI (P-SEC requires the session to abort before anything is sent, on the wire)`,
        );
      }
    };
    await setUp('the bootstrap with an account whose SrvURI is plain http://', () => plain.bootstrap([good]));
    await setUp('to ask for a session with the plain-HTTP SrvURI', () => plain.startSession());
    await quiet(t);
    t.step('control: a session with the HTTPS server');
    const [q] = await good.run([['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]]);
    const s = statusOf(t, q);
    if (s.sc !== 200) t.inconclusive(`the control HPUT of DevInfo through ${good.srvId} answered sc ${s.sc}`);
    await quiet(t);
    const sent = listener.bytes('toServer');
    t.note(
      `the plain-HTTP listener saw ${listener.connections} connection(s) and ${sent.length} bytes${sent.length ? ` starting ${sent.subarray(0, 8).toString('hex')}` : ''}`,
    );
    // Catches an IUT that talks DM over plain HTTP, or sends its Basic credentials there.
    const leaked = inClear(sent, [
      'POST ',
      'omadm-devid',
      'vnd.oma.dm',
      good.devId,
      secret,
      Buffer.from(`${name}:${secret}`).toString('base64'),
      'authorization:',
    ]);
    t.check(
      leaked.length === 0,
      `the IUT sent in clear to the plain-HTTP SrvURI: ${leaked.map((l) => JSON.stringify(l === secret ? '<the Basic password>' : l)).join(', ')}`,
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEC-009',
    title: 'No DM data crosses the socket in clear (TLS end to end)',
    requirement:
      'A client MUST carry every package and every command transfer inside TLS, so that neither its DevID, the MOIDs nor node values appear in clear on the wire (P-SEC; DM-SECCONF-001, DM-SECARIZE-002).',
    labels: ['DM-SECCONF-001', 'DM-SECARIZE-002'],
    rules: ['K-SEC', 'P-SEC', 'K-FLOW'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const relay = await TcpRelay.start(t, { name: 'capture relay' });
    const srv = await HarnessServer.start(t, { publicUrl: relay.url('https') });
    relay.upstream = srv.address;
    await srv.bootstrap();
    const marker = `confidential-${(t.seed >>> 0).toString(36)}-value`;
    const miid = t.uniqueName('conf');
    const uri = `${w}/${encodeURIComponent(miid)}`;
    const content = srv.publish([{ ClientURI: uri, MOData: { Name: marker } }]);
    const [hget, hput] = await srv.run([
      ['HGET', content.url, uri],
      ['HPUT', 'auto', uri, `${MOID.DEVINFO}//DevID`],
    ]);
    if (statusOf(t, hget).sc !== 200 || statusOf(t, hput).sc !== 200)
      t.inconclusive(`precondition not reached: the HGET and HPUT that carry the markers answered sc ${hget.status?.sc} and ${hput.status?.sc}, not 200`);
    const needles = [srv.devId, marker, 'urn:oma:mo:', 'omadm-devid', 'vnd.oma.dm'];
    // Control: all of these did cross the connection (the server decrypted them), so their absence below means something.
    const decrypted = Buffer.from(srv.wire.map((e) => `${JSON.stringify(e.headers)}${Buffer.from(e.body).toString('latin1')}`).join('\n'), 'latin1');
    const carried = inClear(decrypted, needles);
    if (carried.length !== needles.length)
      t.inconclusive(`the session did not carry every marker (${needles.filter((n) => !carried.includes(n)).join(', ')} missing)`);
    const up = relay.bytes('toServer');
    const down = relay.bytes('toClient');
    t.check(up.length > 0 && down.length > 0, `the capture relay saw ${up.length} and ${down.length} bytes: the session did not pass through it`);
    // Catches a session (or a command transfer) over plain HTTP, or TLS without encryption.
    t.check(up[0] === 0x16, `the first byte the IUT sent is 0x${up[0]?.toString(16)}, not a TLS handshake record (0x16)`);
    const clearUp = inClear(up, needles);
    const clearDown = inClear(down, needles);
    t.check(clearUp.length === 0, `DM data the IUT sent crossed the socket in clear: ${clearUp.join(', ')}`);
    t.check(clearDown.length === 0, `DM data the server sent crossed the socket in clear: ${clearDown.join(', ')}`);
  },
);
