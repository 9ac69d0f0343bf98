/**
 * Large objects, server role (P-LO, K-CMD; DM-HLF-021). The harness device holds a large object (a
 * firmware image) in a leaf; the IUT queues `HPUT auto <leaf>` (a ServerURI it hosts itself; an IUT
 * without one makes the cases N/A) and the device uploads it: HEAD for the Upload-Offset, then
 * Content-Range chunks. The case then plays a device over raw HTTP(S) at that ServerURI: a resumed
 * upload (a chunk, a chunk past the stored offset, a chunk cut mid-body, HEAD, the rest at the offset
 * HEAD names), a digest mismatch, and reading the object back by range (206 and Content-Range,
 * If-Range with a stale validator answered whole, a range past the end 416). Offsets come from the
 * case's seed (fast-check); they are in the evidence.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../harness/conformance/fixtures/harness-device.ts';
import { objectBytes } from '../../harness/conformance/fixtures/large-object-host.ts';
import { probe } from '../../harness/conformance/fixtures/server/large-object-probe.ts';
import { show } from '../../harness/conformance/fixtures/verify.ts';
import { CONNMO } from '../../harness/protocol/moids.ts';

const SIZE = 300 * 1024;
const OCTETS = 'application/octet-stream';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest();
const reprDigest = (bytes: Buffer) => `sha-256=:${sha(bytes).toString('base64')}:`;

/** The harness device uploads a large object by an HPUT the IUT queued to a ServerURI of its own; returns that URI and the device's view. */
async function uploadedObject(t: CaseContext, seed: number): Promise<{ url: string; bytes: Buffer; dev: HarnessDevice }> {
  const dev = await HarnessDevice.start(t);
  const bytes = objectBytes(SIZE, seed);
  const { leaf } = dev.holdLargeObject(CONNMO, t.uniqueName('fw'), bytes, dev.iut.srvId);
  const queued = await dev.tryQueue(['HPUT', 'auto', leaf]);
  if ('error' in queued) t.notApplicable(`the IUT does not host the ServerURI of an HPUT itself (server.queue of HPUT with ServerURI "auto": ${queued.error})`);
  t.step('the session carrying the HPUT of the large object');
  const outcome = await dev.session();
  t.check(outcome.ok, `the session that should carry the HPUT failed: ${outcome.reason}`, 'K');
  const hput = dev.commandsReceived().find((c) => c[0] === 'HPUT' && c.includes(leaf));
  const url = t.need(typeof hput?.[1] === 'string' ? hput[1] : undefined, `the HPUT of ${leaf} never reached the device`, 'K');
  t.need(/^https?:\/\//.test(url) && URL.canParse(url) ? url : undefined, `the HPUT's ServerURI "${url}" is not an http(s) URI`, 'K');
  const result = await dev.settle(queued.commandId);
  t.check(result.state === 'done', `the IUT reports the HPUT as ${result.state}, not done`, 'K');
  const answers = dev.wire.filter((e) => e.kind === 'response' && e.url === url);
  t.note(
    `the device's upload to ${url}: ${answers.map((e) => `${e.status} upload-offset ${e.headers['upload-offset'] ?? 'none'}`).join('; ')}; Status ${show(result.status)}`,
  );
  t.check(
    answers[0]?.headers['upload-offset'] === '0',
    `the IUT answered the device's first HEAD with ${answers[0] ? `${answers[0].status} and Upload-Offset ${answers[0].headers['upload-offset'] ?? 'none'}` : 'nothing'}, not Upload-Offset 0`,
  );
  t.check(
    answers.length > 1 && answers.every((e) => (e.status ?? 0) >= 200 && (e.status ?? 0) <= 299),
    `the IUT refused part of the upload: ${answers.map((e) => e.status).join(', ')}`,
  );
  t.check(result.status?.sc === 200, `the IUT recorded the HPUT's Status as ${show(result.status)}, not sc 200 (the device could not upload the object)`);
  return { url, bytes, dev };
}

const chunkHeaders = (first: number, last: number, size: number, digest: string) => ({
  'content-type': OCTETS,
  'content-range': `bytes ${first}-${last}/${size}`,
  'repr-digest': digest,
});

defineCase(
  {
    id: 'DMCTS-S-LO-001',
    title:
      'The IUT takes a large-object upload and its resumption: HEAD names the Upload-Offset, a chunk past it is refused, the rest is taken from it, the digest is checked',
    requirement:
      'A server MUST answer HEAD of the ServerURI of a large-object upload with the Upload-Offset it holds, take Content-Range chunks that continue it (refusing with 409 one that does not), resume after a chunk cut mid-body from the offset it then names, and refuse with 400 an object whose bytes do not match its Repr-Digest (P-LO, K-CMD).',
    labels: ['DM-HLF-021'],
    rules: ['P-LO', 'K-CMD'],
    level: 'MUST',
    features: ['LARGEOBJECT'],
  },
  async (t: CaseContext) => {
    const { url } = await uploadedObject(t, t.seed >>> 0);
    const head = await probe(t, url, { method: 'HEAD' });
    t.check(
      head?.headers['upload-offset'] === String(SIZE),
      `HEAD after the whole upload named Upload-Offset ${head?.headers['upload-offset'] ?? 'none'}, not ${SIZE}`,
    );
    const [cut, broken] = fc.sample(fc.tuple(fc.integer({ min: 1, max: SIZE - 1000 }), fc.integer({ min: 1, max: 999 })), { seed: t.seed, numRuns: 1 })[0]!;
    t.note(`seed ${t.seed}: a second object is uploaded in a chunk to byte ${cut}, then a chunk cut after ${broken} body bytes`);
    const next = objectBytes(SIZE, (t.seed >>> 0) ^ 0x5a5a);
    const digest = reprDigest(next);
    t.step('a second object: its first chunk');
    const first = await probe(t, url, { method: 'PUT', headers: chunkHeaders(0, cut - 1, SIZE, digest), body: next.subarray(0, cut) });
    t.check(
      first !== undefined && first.status >= 200 && first.status <= 299,
      `the first chunk (bytes 0-${cut - 1}) was answered ${first?.status ?? 'not at all'}, not 2xx`,
    );
    t.check(
      first?.headers['upload-offset'] === String(cut),
      `the first chunk's answer named Upload-Offset ${first?.headers['upload-offset'] ?? 'none'}, not ${cut}`,
    );
    t.step('a chunk that skips a byte');
    const gap = await probe(t, url, { method: 'PUT', headers: chunkHeaders(cut + 1, SIZE - 1, SIZE, digest), body: next.subarray(cut + 1) });
    t.check(gap?.status === 409, `a chunk from byte ${cut + 1} while ${cut} are held was answered ${gap?.status ?? 'not at all'}, not 409`);
    t.check(gap?.headers['upload-offset'] === String(cut), `the 409 named Upload-Offset ${gap?.headers['upload-offset'] ?? 'none'}, not ${cut}`);
    t.step(`a chunk cut after ${broken} body bytes`);
    await probe(t, url, { method: 'PUT', headers: chunkHeaders(cut, SIZE - 1, SIZE, digest), body: next.subarray(cut), breakAfter: broken });
    const after = await probe(t, url, { method: 'HEAD' });
    const offset = Number(after?.headers['upload-offset']);
    t.check(
      Number.isSafeInteger(offset) && offset >= cut && offset <= cut + broken,
      `HEAD after the cut chunk named Upload-Offset ${after?.headers['upload-offset'] ?? 'none'}, not between ${cut} (held before) and ${cut + broken} (what came before the cut)`,
    );
    if (!Number.isSafeInteger(offset) || offset < cut || offset > cut + broken) return;
    t.step(`the rest, from byte ${offset}`);
    const rest = await probe(t, url, { method: 'PUT', headers: chunkHeaders(offset, SIZE - 1, SIZE, digest), body: next.subarray(offset) });
    t.check(
      rest !== undefined && rest.status >= 200 && rest.status <= 299,
      `the rest of the object (from byte ${offset}) was answered ${rest?.status ?? 'not at all'}, not 2xx`,
    );
    const whole = await probe(t, url, { method: 'HEAD' });
    t.check(
      whole?.headers['repr-digest']?.includes(sha(next).toString('base64')) === true,
      `the resumed object is held with Repr-Digest ${whole?.headers['repr-digest'] ?? 'none'}, not its own ${digest}`,
    );
    t.step('an object whose Repr-Digest names other bytes');
    const other = objectBytes(4096, (t.seed >>> 0) ^ 0x33);
    const wrong = await probe(t, url, { method: 'PUT', headers: chunkHeaders(0, other.length - 1, other.length, reprDigest(next)), body: other });
    t.check(wrong?.status === 400, `an object whose Repr-Digest names other bytes was answered ${wrong?.status ?? 'not at all'}, not 400`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-LO-002',
    title: 'The IUT serves an uploaded large object by range: 206 with Content-Range, If-Range with a stale validator answered whole, a range past the end 416',
    requirement:
      'A server MUST serve a large object at its ServerURI with Accept-Ranges, a strong ETag and its Repr-Digest, answer a Range with 206 and a Content-Range naming the bytes sent, answer a Range whose If-Range names another validator with 200 and the whole object, and a range past the end with 416 (P-LO, K-CMD).',
    labels: ['DM-HLF-021'],
    rules: ['P-LO', 'K-CMD'],
    level: 'MUST',
    features: ['LARGEOBJECT'],
  },
  async (t: CaseContext) => {
    const { url, bytes } = await uploadedObject(t, (t.seed >>> 0) ^ 2);
    const head = await probe(t, url, { method: 'HEAD' });
    const etag = head?.headers.etag ?? '';
    t.check(head?.headers['accept-ranges'] === 'bytes', `HEAD named Accept-Ranges ${head?.headers['accept-ranges'] ?? 'none'}, not bytes`);
    t.check(/^"[^"]*"$/.test(etag), `HEAD named ETag ${etag || 'none'}, not a strong ETag (If-Range needs one)`);
    t.check(
      head?.headers['repr-digest']?.includes(sha(bytes).toString('base64')) === true,
      `HEAD named Repr-Digest ${head?.headers['repr-digest'] ?? 'none'}, not the object's ${reprDigest(bytes)}`,
    );
    const [a, b] = fc.sample(fc.tuple(fc.integer({ min: 0, max: SIZE - 2 }), fc.integer({ min: 1, max: 64 * 1024 })), { seed: t.seed, numRuns: 1 })[0]!;
    const last = Math.min(a + b, SIZE - 1);
    t.note(`seed ${t.seed}: bytes ${a}-${last} asked`);
    const part = await probe(t, url, { method: 'GET', headers: { range: `bytes=${a}-${last}`, 'if-range': etag } });
    const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(part?.headers['content-range'] ?? '');
    t.check(part?.status === 206, `GET with Range bytes=${a}-${last} (If-Range its ETag) was answered ${part?.status ?? 'not at all'}, not 206`);
    t.check(
      m !== null && Number(m[1]) === a && Number(m[2]) <= last && Number(m[2]) >= a && Number(m[3]) === SIZE,
      `the 206's Content-Range is "${part?.headers['content-range'] ?? 'none'}", not bytes ${a}-(at most ${last})/${SIZE}`,
    );
    if (m && part) {
      const end = Number(m[2]);
      t.check(part.body.equals(bytes.subarray(a, end + 1)), `the 206 carried ${part.body.length} bytes that are not bytes ${a}-${end} of the object`);
    }
    const stale = await probe(t, url, { method: 'GET', headers: { range: `bytes=${a}-`, 'if-range': '"dmcts-stale-validator"' } });
    t.check(
      stale?.status === 200,
      `GET with Range and an If-Range naming another validator was answered ${stale?.status ?? 'not at all'}, not 200 (the whole object)`,
    );
    t.check(stale?.body.equals(bytes) === true, `that 200 carried ${stale?.body.length ?? 0} bytes, not the whole ${SIZE}-byte object`);
    const past = await probe(t, url, { method: 'GET', headers: { range: `bytes=${SIZE}-` } });
    t.check(past?.status === 416, `GET with Range bytes=${SIZE}- (past the end) was answered ${past?.status ?? 'not at all'}, not 416`);
  },
);
