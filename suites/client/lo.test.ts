/**
 * Large objects, client role (P-LO, K-CMD; DM-HLF-021): an HGET whose ServerURI answers
 * `application/octet-stream` (a firmware image) into a leaf. The harness's large-object host
 * (fixtures/large-object-host.ts) serves it by range and cuts the transfer at offsets generated from
 * the case's seed; it counts every object byte it sends, so a byte sent twice is seen. Checked: the
 * resume (Range from the cut, If-Range with the ETag, no byte twice) within one HGET and in a later
 * session after a network move, the digest check (Repr-Digest sha-256), and what the leaf then holds
 * (its Repr-Digest text, docs/protocol.md "P-LO"); and the upload of such a leaf by HPUT to a
 * receiver of the host that names Upload-Offset on HEAD and cuts the chunks at generated offsets:
 * HEAD first, each chunk after a cut from the offset HEAD then names, no byte sent twice.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { withWritableMo } from '../../harness/conformance/fixtures/client/client-ixit.ts';
import { statusOf } from '../../harness/conformance/fixtures/client/status.ts';
import { createInstance, readViaHput } from '../../harness/conformance/fixtures/client/tree-reads.ts';
import type { HarnessServer } from '../../harness/conformance/fixtures/harness-server.ts';
import { type HostedObject, LargeObjectHost, objectBytes } from '../../harness/conformance/fixtures/large-object-host.ts';
import { ModelMismatch, checkAgainstModel } from '../../harness/conformance/fixtures/model-check.ts';

/** The self-test's objects: a few hundred KiB (the 256 MiB figure is bench:lo's). */
const SIZE = 256 * 1024;
const OTHER_NETWORK = '127.0.0.2';

const reprDigest = (bytes: Buffer) => `sha-256=:${createHash('sha256').update(bytes).digest('base64')}:`;

/** An instance of the IXIT's writable MO whose leaf `Image` takes the object. */
async function imageLeaf(t: CaseContext): Promise<{ srv: HarnessServer; leaf: string; host: LargeObjectHost; instance: string }> {
  const { w, srv } = await withWritableMo(t);
  const instance = await createInstance(t, srv, w, t.uniqueName('fw'), { Name: 'firmware', Image: 'none' }, 'K');
  const host = await LargeObjectHost.start(t);
  return { srv, leaf: `${instance}/Image`, host, instance };
}

/**
 * The value the leaf `Image` holds, read by HPUT of its instance as an MO serialization (an HPUT of
 * the leaf alone would send the object itself, P-LO).
 */
async function imageValue(t: CaseContext, srv: HarnessServer, instance: string): Promise<unknown> {
  const read = await readViaHput(t, srv, [instance], 'the instance the object went into');
  const data = read.entries[0]?.MOData;
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>).Image : undefined;
}

/** What the requests after each cut asked, against the model: Range from the cut, If-Range the ETag. */
function resumeProblems(object: HostedObject): string[] {
  const problems: string[] = [];
  const served = object.requests.filter((r) => !r.refused);
  served.forEach((r, i) => {
    const before = served[i - 1];
    if (before?.cutAt === undefined) return;
    if (r.range?.replace(/\s/g, '') !== `bytes=${before.cutAt}-`)
      problems.push(`after the cut at byte ${before.cutAt} the IUT asked Range "${r.range ?? 'none'}", not bytes=${before.cutAt}-`);
    if (r.ifRange?.trim() !== object.etag)
      problems.push(`after the cut at byte ${before.cutAt} the IUT sent If-Range "${r.ifRange ?? 'none'}", not the ETag ${object.etag}`);
  });
  return problems;
}

defineCase(
  {
    id: 'DMCTS-C-LO-001',
    title: 'An HGET of a large object cut at generated offsets resumes from the last stored byte with Range/If-Range, no byte fetched twice',
    requirement:
      'A client MUST resume an interrupted HGET download of a large object with Range from the last byte it stored and If-Range with the ETag, never fetching a stored byte again, and store the whole object (P-LO, K-CMD).',
    labels: ['DM-HLF-021'],
    rules: ['P-LO', 'K-CMD'],
    level: 'MUST',
    features: ['LARGEOBJECT'],
  },
  async (t: CaseContext) => {
    const { srv, leaf, host, instance } = await imageLeaf(t);
    let fetched = false;
    let last: Buffer | undefined;
    const cutsArb = fc.uniqueArray(fc.integer({ min: 1, max: SIZE - 1 }), { minLength: 1, maxLength: 4 }).map((cuts) => [...cuts].sort((a, b) => a - b));
    t.note(`seed ${t.seed}: objects of ${SIZE} bytes cut at offsets generated from it`);
    await checkAgainstModel(
      t,
      cutsArb,
      async (cuts) => {
        const bytes = objectBytes(SIZE, (t.seed ^ cuts[0]!) >>> 0);
        const object = host.publish(bytes, { cuts });
        t.step(`HGET of a ${SIZE}-byte object cut at [${cuts.join(', ')}]`);
        const [q] = await srv.run([['HGET', object.url, leaf]]);
        const s = statusOf(t, q, 'K');
        fetched ||= object.requests.length > 0;
        t.note(
          `cuts [${cuts.join(', ')}]: ${object.requests.length} requests (${object.requests.map((r) => `${r.range ?? 'no Range'} -> ${r.status}, ${r.served} B${r.cutAt !== undefined ? ' cut' : ''}`).join('; ')}), Status ${s.sc}`,
        );
        if (s.sc !== 200) throw new ModelMismatch(`the HGET cut at [${cuts.join(', ')}] answered sc ${s.sc}, not 200: the object was not stored`);
        const problems = resumeProblems(object);
        if (problems.length > 0) throw new ModelMismatch(problems.join('; '));
        if (object.bytesServed !== SIZE) {
          throw new ModelMismatch(
            `the host sent ${object.bytesServed} object bytes for a ${SIZE}-byte object cut at [${cuts.join(', ')}]: ${object.bytesServed - SIZE} bytes twice`,
          );
        }
        last = bytes;
      },
      {
        what: 'HGETs of large objects cut at generated offsets',
        model: 'the P-LO resume (Range from the last stored byte, If-Range the ETag, each byte sent once)',
        numRuns: 3,
        timeLimitMs: t.ixit.timeouts.sessionMs * 4,
        summary: (runs) => `${runs} downloads resumed after every cut`,
      },
    );
    t.check(fetched, `the IUT never fetched the HGET ServerURI`, 'K');
    if (!last) return;
    const value = await imageValue(t, srv, instance);
    t.check(value === reprDigest(last), `${leaf} reads back as ${JSON.stringify(value)}, not the stored object's Repr-Digest ${reprDigest(last)}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-LO-002',
    title: 'A large object whose Repr-Digest does not match its bytes is refused and not stored',
    requirement:
      'A client MUST check a downloaded large object against its Repr-Digest sha-256 and, when they differ, answer the HGET with 400 and leave the leaf as it was (P-LO, K-CMD).',
    labels: ['DM-HLF-021'],
    rules: ['P-LO', 'K-CMD'],
    level: 'MUST',
    features: ['LARGEOBJECT'],
  },
  async (t: CaseContext) => {
    const { srv, leaf, host, instance } = await imageLeaf(t);
    const object = host.publish(objectBytes(SIZE, t.seed >>> 0), { wrongDigest: true });
    const [q] = await srv.run([['HGET', object.url, leaf]]);
    const s = statusOf(t, q, 'K');
    t.check(object.requests.length > 0, 'the IUT never fetched the HGET ServerURI', 'K');
    t.check(!(s.sc >= 200 && s.sc <= 299), `the HGET of an object whose Repr-Digest names other bytes answered sc ${s.sc}: the IUT took it`);
    t.check(s.sc === 400, `the HGET of an object whose Repr-Digest names other bytes answered sc ${s.sc}, not 400`);
    const value = await imageValue(t, srv, instance);
    t.check(value === 'none', `${leaf} reads back as ${JSON.stringify(value)} after the refused object, not its earlier "none"`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-LO-003',
    title: 'A download cut as the network goes away resumes in a later session, from another network, at the stored byte',
    requirement:
      'A client whose large-object download was cut when its network went away MUST, on a later HGET of the same ServerURI from its new network, resume with Range from the last byte it stored and If-Range with the ETag, sending no stored byte again (P-LO, K-CMD; DM-HLF-021).',
    labels: ['DM-HLF-021'],
    rules: ['P-LO', 'K-CMD'],
    level: 'MUST',
    features: ['LARGEOBJECT'],
    utMethods: ['client.moveNetwork'],
  },
  async (t: CaseContext) => {
    const { srv, leaf, host, instance } = await imageLeaf(t);
    const [cut] = fc.sample(fc.integer({ min: 1, max: SIZE - 1 }), { seed: t.seed, numRuns: 1 });
    t.note(`seed ${t.seed}: the transfer is cut at byte ${cut}, then the network is gone`);
    const bytes = objectBytes(SIZE, t.seed >>> 0);
    const object = host.publish(bytes, { cuts: [cut!], offlineAfterCut: true });
    t.step('HGET while the transfer is cut and the network goes away');
    const [first] = await srv.run([['HGET', object.url, leaf]]);
    const s1 = statusOf(t, first, 'K');
    t.note(`the HGET that lost its network answered sc ${s1.sc} after ${object.requests.length} requests`);
    const cutDone = object.requests.find((r) => r.cutAt !== undefined);
    t.need(cutDone, 'the IUT never fetched the object, so it was never cut', 'K');
    t.step(`move the IUT to ${OTHER_NETWORK}, network back`);
    host.online();
    await t.ut('client.moveNetwork', { localAddress: OTHER_NETWORK });
    const before = object.requests.length;
    const [again] = await srv.run([['HGET', object.url, leaf]]);
    const s2 = statusOf(t, again, 'K');
    const later = object.requests.slice(before).filter((r) => !r.refused);
    t.note(
      `after the move: ${later.map((r) => `${r.range ?? 'no Range'} If-Range ${r.ifRange ?? 'none'} from ${r.peer} -> ${r.status}, ${r.served} B`).join('; ')}; Status ${s2.sc}`,
    );
    t.check(later.length > 0, 'the HGET after the move never fetched the object', 'K');
    const resumed = later[0];
    if (!resumed) return;
    t.check(
      resumed.range?.replace(/\s/g, '') === `bytes=${cut}-`,
      `the first request after the move asked Range "${resumed.range ?? 'none'}", not bytes=${cut}- (the ${cut} bytes stored before the cut)`,
    );
    t.check(
      resumed.ifRange?.trim() === object.etag,
      `the first request after the move sent If-Range "${resumed.ifRange ?? 'none'}", not the ETag ${object.etag}`,
    );
    t.check(
      object.bytesServed === SIZE,
      `the host sent ${object.bytesServed} object bytes for a ${SIZE}-byte object: ${object.bytesServed - SIZE} bytes twice`,
    );
    t.check(s2.sc === 200, `the HGET after the move answered sc ${s2.sc}, not 200`);
    if (resumed.peer !== OTHER_NETWORK) t.note(`the resumed request came from ${resumed.peer}, not ${OTHER_NETWORK}`);
    const value = await imageValue(t, srv, instance);
    t.check(value === reprDigest(bytes), `${leaf} reads back as ${JSON.stringify(value)}, not the object's Repr-Digest ${reprDigest(bytes)}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-LO-004',
    title: 'An HPUT of a large object asks HEAD for the Upload-Offset and, cut at generated offsets, resumes each time from the stored byte',
    requirement:
      'A client MUST upload a large object by HPUT after asking the ServerURI HEAD for its Upload-Offset, in Content-Range chunks carrying the Repr-Digest, and after an interruption ask HEAD again and go on from the offset it names, sending no stored byte again (P-LO, K-CMD).',
    labels: ['DM-HLF-021'],
    rules: ['P-LO', 'K-CMD'],
    level: 'MUST',
    features: ['LARGEOBJECT'],
  },
  async (t: CaseContext) => {
    const { srv, leaf, host } = await imageLeaf(t);
    const bytes = objectBytes(SIZE, (t.seed >>> 0) ^ 4);
    const object = host.publish(bytes);
    t.step('HGET of the object into the leaf (the precondition)');
    const [got] = await srv.run([['HGET', object.url, leaf]]);
    const g = statusOf(t, got, 'K');
    t.need(g.sc === 200 ? g : undefined, `the HGET that puts the object into ${leaf} (a precondition) answered sc ${g.sc}, not 200`);
    const cuts = fc
      .sample(fc.uniqueArray(fc.integer({ min: 1, max: SIZE - 1 }), { minLength: 1, maxLength: 3 }), { seed: t.seed, numRuns: 1 })[0]!
      .sort((a, b) => a - b);
    t.note(`seed ${t.seed}: the upload is cut at [${cuts.join(', ')}]`);
    const receiver = host.receiver({ cuts });
    t.step(`HPUT of ${leaf} to a receiver cutting at [${cuts.join(', ')}]`);
    const [q] = await srv.run([['HPUT', receiver.url, leaf]]);
    const s = statusOf(t, q, 'K');
    const log = receiver.requests.map((r) => `${r.method} ${r.contentRange ?? ''} -> ${r.cutAt !== undefined ? `cut at ${r.cutAt}` : r.status}, ${r.taken} B`);
    t.note(`the upload: ${log.join('; ')}; Status ${s.sc}`);
    t.check(
      receiver.requests.some((r) => r.method === 'PUT'),
      `the HPUT never PUT anything to its ServerURI (${log.join('; ') || 'no request'})`,
      'K',
    );
    t.check(
      receiver.requests[0]?.method === 'HEAD',
      `the upload began with ${receiver.requests[0]?.method ?? 'nothing'}, not HEAD (to learn the Upload-Offset)`,
    );
    receiver.requests.forEach((r, i) => {
      if (r.cutAt === undefined) return;
      const next = receiver.requests[i + 1];
      const after = receiver.requests[i + 2];
      t.check(next?.method === 'HEAD', `after the cut at byte ${r.cutAt} the IUT sent ${next?.method ?? 'nothing'}, not HEAD`);
      t.check(
        after?.contentRange?.replace(/\s/g, '').startsWith(`bytes${r.cutAt}-`) === true,
        `after the cut at byte ${r.cutAt} the next chunk was "${after?.contentRange ?? 'none'}", not from byte ${r.cutAt} (the Upload-Offset HEAD named)`,
      );
    });
    t.check(
      receiver.bytesTaken === SIZE,
      `the receiver took ${receiver.bytesTaken} body bytes for a ${SIZE}-byte object: ${receiver.bytesTaken - SIZE} bytes twice`,
    );
    t.check(receiver.complete?.matched === true, `the uploaded object ${receiver.complete ? 'does not match its Repr-Digest' : 'never completed'}`);
    t.check(receiver.complete?.sha256.equals(object.sha256) === true, 'the uploaded object is not the one the leaf holds');
    t.check(s.sc === 200, `the HPUT answered sc ${s.sc}, not 200`);
  },
);
