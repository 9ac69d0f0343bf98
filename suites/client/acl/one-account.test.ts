/**
 * Leaks on a device that holds one management account (K-ACL, P-ACL, P-LOCAL; DM-SECARIZE-002): a
 * device-made instance of an MO its Perm does not list, or an instance a local application made, stays
 * out of the server's wildcards and `MOID//`, and an explicit command on it is refused with nothing sent.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { writableMoid } from '../../../harness/conformance/fixtures/client/client-ixit.ts';
import type { ServerCommand } from '../../../harness/conformance/fixtures/client/server-commands.ts';
import { expectRefused, expectSc } from '../../../harness/conformance/fixtures/client/status.ts';
import { onlyInstance, readViaHput } from '../../../harness/conformance/fixtures/client/tree-reads.ts';
import { HarnessServer } from '../../../harness/conformance/fixtures/harness-server.ts';
import { canonicalJson, expectNothing, sameJson } from '../../../harness/conformance/fixtures/verify.ts';
import { claims } from '../../../harness/conformance/ics.ts';
import type { RawCommand } from '../../../harness/protocol/commands.ts';
import { MOID } from '../../../harness/protocol/moids.ts';
import type { MoEntry } from '../../../harness/protocol/packages.ts';

/** Entries that carry anything of `uri` (its ClientURI) or a value only it holds. */
function leaksOf(entries: readonly MoEntry[], uri: string, value: string): MoEntry[] {
  const prefix = uri.toLowerCase();
  return entries.filter((e) => e.ClientURI.toLowerCase().startsWith(prefix) || canonicalJson(e.MOData).includes(JSON.stringify(value)));
}

/**
 * The wildcard reads of one server that must return nothing of `uri`: the data sent (HPUT's receiver,
 * GET's Status Data) is judged on K-ACL (a server reads nothing it has no right to); the 200 of a
 * wildcard matching nothing readable and the Status URI contents on the profile (P-ACL, P-DETAIL).
 */
function expectNoLeak(t: CaseContext, srv: HarnessServer, q: ServerCommand, uri: string, value: string, why: string): void {
  const target = String(q.command[0] === 'GET' ? q.command[1] : q.command[2]);
  const what = `${String(q.command[0])} of ${target} by ${srv.srvId} (${why})`;
  const s = expectSc(t, q, 200, `${what}, a wildcard matching nothing it may read`, 'P');
  const sent = q.receiverId ? srv.received(q).flatMap((b) => b.entries) : (s.Data ?? []);
  const leaked = leaksOf(sent, uri, value);
  t.check(leaked.length === 0, `${what} returned ${uri}: ${JSON.stringify(leaked)}`, 'K');
  t.check(!s.URI.some((u) => u.toLowerCase().startsWith(uri.toLowerCase())), `${what} names ${uri} in its Status URI [${s.URI.join(', ')}]`, 'P');
}

/** `MOID//` when the server may read no instance of the MO: nothing sent (K-ACL); not resolvable, 404 or 403 (ours, K-ADDR clarification). */
function expectOnlyInstanceRefused(t: CaseContext, srv: HarnessServer, q: ServerCommand, uri: string, value: string, why: string): void {
  const what = `HPUT of ${String(q.command[2])} by ${srv.srvId} (${why})`;
  const sent = srv.received(q).flatMap((b) => b.entries);
  t.check(leaksOf(sent, uri, value).length === 0, `${what} sent ${uri}: ${JSON.stringify(sent)}`, 'K');
  expectRefused(t, q, [404, 403], `${what} (ours: MOID// counts only the instances the server may read, here none)`);
}

/** An explicit HPUT of `uri` the server may not read: refused (403, P-ACL) and nothing sent (K-ACL). */
function expectHputRefused(t: CaseContext, srv: HarnessServer, q: ServerCommand, uri: string, why: string): void {
  expectRefused(t, q, 403, `HPUT of ${uri} by ${srv.srvId} (${why})`);
  expectNothing(t, srv.received(q), `the refused HPUT of ${uri} sent ${JSON.stringify(srv.received(q).map((b) => b.entries))} to ${srv.srvId}`, 'K');
}

/** The two GETs queued after the HPUTs when the ICS claims GET: `*` returns nothing of `uri`, an explicit GET of it is 403 without data. */
function expectGetsClosed(t: CaseContext, srv: HarnessServer, gets: readonly ServerCommand[], uri: string, value: string, why: string): void {
  const [wild, explicit] = gets;
  if (!wild || !explicit) throw new Error(`the case queued two GETs and got ${gets.length} back`);
  expectNoLeak(t, srv, wild, uri, value, why);
  const e = expectRefused(t, explicit, 403, `GET of ${uri} by ${srv.srvId} (${why})`);
  t.check(!e.Data?.length, `the ${e.sc} to the GET of ${uri} carried data: ${JSON.stringify(e.Data)}`, 'K');
}

defineCase(
  {
    id: 'DMCTS-C-ACL-010',
    title: "One account: a device-made instance of an MO its Perm does not list stays out of the server's wildcards and is refused explicitly",
    requirement:
      "A client MUST keep a device-made instance of an MO that a server's DMAcc Perm does not list from that server, also when it is the device's only account: `MOID/*`, `MOID/*/node` and `MOID//` return nothing of it, and an explicit HPUT (and GET) of it is refused (403) with nothing sent (K-ACL, P-ACL; DM-HLF-009, DM-HLF-020).",
    labels: ['DM-HLF-009', 'DM-HLF-020', 'DM-SECARIZE-002'],
    rules: ['K-ACL', 'P-ACL', 'K-ADDR', 'K-DDF'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    // Control: with DevInfo in its Perm the server reads the device-made DevInfo instance, by `MOID//` and `*`
    // (K-DDF, K-ADDR, K-CMD) — so the silence of the same reads below means something.
    const devInfo = await onlyInstance(t, srv, MOID.DEVINFO, 'K');
    const control = await readViaHput(t, srv, [`${MOID.DEVINFO}/*/DevID`], `${MOID.DEVINFO}/*/DevID with DevInfo in the Perm (control)`, 'K');
    t.check(
      control.entries.some((e) => e.ClientURI.toLowerCase().startsWith(devInfo.toLowerCase())),
      `control: ${MOID.DEVINFO}/*/DevID sent ${JSON.stringify(control.entries)} to a server whose Perm lists DevInfo, nothing of ${devInfo}`,
      'K',
    );
    // The same server, the only account again, now without DevInfo in its Perm.
    srv.perm.splice(0, srv.perm.length, ...srv.perm.filter((p) => p.moid.toLowerCase() !== MOID.DEVINFO));
    t.note(`account of ${srv.srvId} now: Perm ${srv.perm.map((p) => `${p.moid} ${p.rights ?? 'RWE'}`).join('; ')}`);
    const devId = srv.devId;
    await srv.bootstrap();
    if (srv.devId !== devId)
      t.inconclusive(`the DevID changed between two bootstraps (${devId}, then ${srv.devId}): the DevInfo instance read before may not be the one now`);
    const get = claims(t.ics, 'GET');
    if (!get) t.note('the ICS does not claim GET: the GET reads are left out');
    const [wild, wildNode, only, explicit, ...gets] = await srv.run([
      ['HPUT', 'auto', `${MOID.DEVINFO}/*`],
      ['HPUT', 'auto', `${MOID.DEVINFO}/*/DevID`],
      ['HPUT', 'auto', `${MOID.DEVINFO}//`],
      ['HPUT', 'auto', devInfo],
      ...(get
        ? ([
            ['GET', `${MOID.DEVINFO}/*`],
            ['GET', devInfo],
          ] as RawCommand[])
        : []),
    ]);
    const why = `its Perm does not list ${MOID.DEVINFO}`;
    expectNoLeak(t, srv, wild, devInfo, devId, why);
    expectNoLeak(t, srv, wildNode, devInfo, devId, why);
    expectOnlyInstanceRefused(t, srv, only, devInfo, devId, why);
    expectHputRefused(t, srv, explicit, devInfo, why);
    if (get) expectGetsClosed(t, srv, gets, devInfo, devId, why);
  },
);

defineCase(
  {
    id: 'DMCTS-C-ACL-011',
    title: "One account: an instance a local application created stays out of the server's wildcards and is refused explicitly",
    requirement:
      "A client MUST keep an instance a local application created from a server whose Perm lists that MO, also when it is the device's only account: `MOID/*`, `MOID/*/node` and `MOID//` return nothing of it, and an explicit HPUT, HGET, DELETE, EXEC (and GET) of it is refused (403), sends nothing and changes nothing (K-ACL, P-ACL, P-LOCAL; DM-SECARIZE-002).",
    labels: ['DM-HLF-005', 'DM-SECARIZE-002', 'DM-HLF-011'],
    rules: ['K-ACL', 'P-ACL', 'P-LOCAL', 'K-ADDR'],
    level: 'MUST',
    features: ['LOCALAPI'],
    utMethods: ['client.localApp.register', 'client.localApp.write', 'client.localApp.read'],
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const srv = await HarnessServer.bootstrapped(t);
    const appId = t.uniqueName('app');
    await t.ut('client.localApp.register', { appId, moids: { [w]: 'RW' } });
    const miid = t.uniqueName('appmade');
    const marker = `app-only-${(t.seed >>> 0).toString(36)}`;
    const made = await t.ut('client.localApp.write', { appId, moid: w, miid, path: [], value: { Name: marker } });
    if (made.sc !== 200)
      t.inconclusive(
        `the local application could not create ${w}/${miid} (client.localApp.write answered sc ${String(made.sc)}): the precondition was not reached`,
      );
    const uri = `${w}/${encodeURIComponent(miid)}`;
    const get = claims(t.ics, 'GET');
    if (!get) t.note('the ICS does not claim GET: the GET reads are left out');
    const [wild, wildNode, only, explicit, hget, del, exec, ...gets] = await srv.run([
      ['HPUT', 'auto', `${w}/*`],
      ['HPUT', 'auto', `${w}/*/Name`],
      ['HPUT', 'auto', `${w}//`],
      ['HPUT', 'auto', uri],
      ['HGET', srv.publish([{ ClientURI: `${uri}/Name`, MOData: `taken by ${srv.srvId}` }]).url, `${uri}/Name`],
      ['DELETE', uri],
      ['EXEC', `${uri}/Name`],
      ...(get
        ? ([
            ['GET', `${w}/*`],
            ['GET', uri],
          ] as RawCommand[])
        : []),
    ]);
    const why = 'a local application created it';
    expectNoLeak(t, srv, wild, uri, marker, why);
    expectNoLeak(t, srv, wildNode, uri, marker, why);
    expectOnlyInstanceRefused(t, srv, only, uri, marker, why);
    expectHputRefused(t, srv, explicit, uri, why);
    expectRefused(t, hget, 403, `HGET into ${uri}/Name by ${srv.srvId} (${why})`);
    expectRefused(t, del, 403, `DELETE of ${uri} by ${srv.srvId} (${why})`);
    expectRefused(t, exec, 403, `EXEC of ${uri}/Name by ${srv.srvId} (${why})`);
    if (get) expectGetsClosed(t, srv, gets, uri, marker, why);
    // Nothing changed: the application reads its instance as it made it.
    const back = await t.ut('client.localApp.read', { appId, clientUri: uri });
    if (back.sc === 404)
      t.fail(`the local application's ${uri} is gone (its read answered 404) after the server's refused commands: the refused DELETE removed it`, 'K');
    if (back.sc !== 200)
      t.inconclusive(`the local application could not read its ${uri} back (sc ${String(back.sc)}): whether the refused commands changed it is unknown`);
    const entries = (back.entries as MoEntry[] | undefined) ?? [];
    t.check(
      entries.length === 1 && sameJson(entries[0]?.MOData, { Name: marker }),
      `the application's ${uri} reads ${JSON.stringify(entries)} after the server's refused commands, not {"Name":"${marker}"}`,
      'K',
    );
  },
);
