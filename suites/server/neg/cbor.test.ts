/** CBOR at the IUT server (P-CBOR, K-NEG): a CBOR session is answered and read in CBOR, with the same results as a JSON one. */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../../harness/conformance/fixtures/harness-device.ts';
import { deliver } from '../../../harness/conformance/fixtures/server/deliver.ts';
import { queueFor, resultOf } from '../../../harness/conformance/fixtures/server/operator.ts';
import { RawDm, REQUEST_CBOR, samplePackage1 } from '../../../harness/conformance/fixtures/server/raw-dm.ts';
import { expectHttp, sameJson, show } from '../../../harness/conformance/fixtures/verify.ts';
import { decodeCbor } from '../../../harness/protocol/cbor-codec.ts';
import type { RawCommand } from '../../../harness/protocol/commands.ts';
import { essence, mediaType } from '../../../harness/protocol/media-types.ts';
import { DIAGNOSTICS_MOID as DIAG, MOID } from '../../../harness/protocol/moids.ts';
import { validateBody } from '../../../harness/protocol/validate.ts';

defineCase(
  {
    id: 'DMCTS-S-NEG-003',
    title: 'A Package#1 in CBOR is answered with a CBOR Package#2, and the session goes on in CBOR',
    requirement:
      'A server that claims CBOR MUST read a CBOR Package#1 and answer it with a CBOR Package#2 when the device accepts only CBOR, and read the CBOR Package#3 (P-CBOR).',
    labels: ['DM-HLF-004', 'DM-HLF-001'],
    rules: ['P-CBOR', 'K-NEG', 'K-FLOW'],
    level: 'MUST',
    features: ['CBOR'],
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const devId = t.uniqueName('dmcts-raw');
    const command: RawCommand = ['GET', `${MOID.DEVINFO}/1/DevID`];
    const commandId = await queueFor(t, devId, command);
    t.step('send a CBOR Package#1');
    const reply = await raw.package1(devId, samplePackage1(), { encoding: 'cbor' });
    expectHttp(t, reply.status, 200, 'a CBOR Package#1');
    t.check(essence(reply.headers['content-type']) === REQUEST_CBOR, `the answer is "${reply.headers['content-type']}", not ${REQUEST_CBOR}`);
    const decoded = decodeCbor(t.need(reply.body, `the answer's content coding could not be undone: ${reply.codingError}`));
    t.check(decoded.ok, `the answer is not well-formed deterministic CBOR: ${decoded.ok ? '' : decoded.error.message}`);
    const p2 = validateBody('request', decoded.value);
    t.check(p2.ok, `the CBOR answer is not a Package#2: ${p2.ok ? '' : p2.error.message}`);
    t.check(sameJson(p2.value.CMD[0], command), `the CBOR Package#2 starts with ${show(p2.value.CMD[0])}, not the queued ${show(command)}`);
    const cont = t.need(RawDm.contOf(p2.value), 'the CBOR Package#2 does not end with a CONT');
    t.step('answer with a CBOR Package#3');
    const status = { sc: 200, URI: [`${MOID.DEVINFO}/1/DevID`], Data: [{ ClientURI: `${MOID.DEVINFO}/1/DevID`, MOData: devId }] };
    const p3 = await raw.package3(cont, devId, { Status: [status, { sc: 200, URI: [] }] }, { encoding: 'cbor' });
    t.check(
      p3.status === 200 && essence(p3.headers['content-type']) === REQUEST_CBOR,
      `the CBOR Package#3 was answered HTTP ${p3.status} as ${p3.headers['content-type']}, not 200 in CBOR`,
    );
    const r = await resultOf(t, commandId);
    t.check(r.state === 'done' && sameJson(r.status, status), `the GET answered in CBOR is recorded ${r.state} with ${show(r.status)}, not the Status sent`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-NEG-004',
    title: 'JSON and CBOR sessions give the same results',
    requirement:
      'A server MUST record the same results for the same commands whether the device speaks JSON or CBOR: the protocol is independent of its representation (DM-HLF-001, DM-IOP-001, P-CBOR).',
    labels: ['DM-HLF-001', 'DM-IOP-001', 'DM-HLF-004'],
    rules: ['P-CBOR', 'K-NEG'],
    level: 'MUST',
    features: ['CBOR'],
  },
  async (t: CaseContext) => {
    const commands: RawCommand[] = [
      ['GET', `${DIAG}/1?fields=Label,RunCount`],
      ['EXEC', `${DIAG}/1/Run`],
      ['GET', `${DIAG}/1/RunCount`],
      ['GET', `${DIAG}/9/Label`],
    ];
    const results: Record<'json' | 'cbor', unknown[]> = { json: [], cbor: [] };
    for (const encoding of ['json', 'cbor'] as const) {
      const dev = await HarnessDevice.start(t, { encodings: [encoding] });
      const ids: string[] = [];
      for (const c of commands) ids.push(await dev.queue(c));
      // Queued separately, the commands may be spread over several Package#2s and sessions.
      const done = await deliver(t, dev, ids, `the commands of the ${encoding} device`, { basis: 'P' });
      for (const e of dev.exchanges()) {
        t.check(
          essence(e.response?.headers['content-type']) === mediaType('request', encoding),
          `the ${encoding} device got a Package#2 as "${e.response?.headers['content-type']}"`,
        );
      }
      for (const r of done) {
        t.check(r.state === 'done', `a command of the ${encoding} session is ${r.state}`);
        results[encoding].push({ sc: r.status?.sc, URI: r.status?.URI, Data: r.status?.Data?.map((d) => ({ ClientURI: d.ClientURI, MOData: d.MOData })) });
      }
    }
    for (const [i, c] of commands.entries()) {
      t.check(
        sameJson(results.json[i], results.cbor[i]),
        `${show(c)} is recorded as ${show(results.json[i])} over JSON but ${show(results.cbor[i])} over CBOR`,
      );
    }
  },
);
