/**
 * HTTP content coding both ways (P-SEL, K-NEG, RFC 9110, RFC 7694): a Package#2 compressed only with a
 * coding the device accepts, and a gzip Package#1 taken by a server that advertises gzip.
 */
import { gzipSync } from 'node:zlib';
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { queueFor } from '../../../harness/conformance/fixtures/server/operator.ts';
import { RawDm, samplePackage1 } from '../../../harness/conformance/fixtures/server/raw-dm.ts';
import { sameJson, show } from '../../../harness/conformance/fixtures/verify.ts';
import type { RawCommand } from '../../../harness/protocol/commands.ts';
import { MOID } from '../../../harness/protocol/moids.ts';

defineCase(
  {
    id: 'DMCTS-S-NEG-010',
    title: 'A Package#2 compressed on request (Accept-Encoding: gzip) is valid gzip of a valid Package#2',
    requirement:
      'A server MAY compress a Package#2 with a content coding the device accepts; when it does, the coding MUST be one the device named and the body MUST decode to the Package#2 (P-SEL).',
    labels: ['DM-HLF-004'],
    rules: ['P-SEL', 'K-NEG'],
    level: 'MAY',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const devId = t.uniqueName('dmcts-raw');
    const commands: RawCommand[] = Array.from({ length: 10 }, (_, i) => ['GET', `${MOID.DEVINFO}/1/DevID?fields=DevID&depth=${i}`]);
    for (const c of commands) await queueFor(t, devId, c);
    t.step('a Package#1 with Accept-Encoding: gzip');
    const reply = await raw.package1(devId, samplePackage1(), { headers: { 'accept-encoding': 'gzip' } });
    t.check(reply.status === 200, `the Package#1 was answered HTTP ${reply.status}`, 'K');
    const coding = (reply.headers['content-encoding'] ?? 'identity').toLowerCase();
    t.check(coding === 'gzip' || coding === 'identity', `the Package#2 came with Content-Encoding "${coding}", but the device accepted only gzip`);
    const body = t.need(reply.body, `the gzip body does not decompress: ${reply.codingError}`);
    const p2 = t.need(RawDm.package2(reply), `the ${coding === 'gzip' ? 'decompressed ' : ''}body is not a Package#2`);
    // Queued separately, the GETs need not all share this Package#2: what it carries must be the first of them, in order.
    const work = p2.CMD.filter((c) => c[0] !== 'CONT' && c[0] !== 'END');
    t.check(
      sameJson(work, commands.slice(0, work.length)),
      `the decompressed Package#2 carries ${show(work)}, not the first ${work.length} of the ten queued GETs in order`,
    );
    if (coding === 'identity')
      t.notApplicable(`the IUT did not compress a ${reply.wire.length}-byte Package#2 although the device accepted gzip (compression is a MAY)`);
    t.check(reply.wire.length < body.length, `the gzip body (${reply.wire.length} bytes) is not smaller than the Package#2 (${body.length} bytes)`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-NEG-011',
    title: 'No content coding the device refused: Accept-Encoding identity or gzip;q=0, br;q=0',
    requirement: "A server MUST NOT compress a Package#2 with a content coding the device's Accept-Encoding refuses (P-SEL, RFC 9110).",
    labels: ['DM-HLF-004'],
    rules: ['P-SEL', 'K-NEG'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const devId = t.uniqueName('dmcts-raw');
    const queued: RawCommand[] = Array.from({ length: 10 }, (_, i) => ['GET', `${MOID.DEVINFO}/1/DevID?fields=DevID&depth=${i}`]);
    for (const acceptEncoding of ['identity', 'gzip;q=0, br;q=0, deflate;q=0']) {
      for (const c of queued) await queueFor(t, devId, c);
      t.step(`a Package#1 with Accept-Encoding: ${acceptEncoding}`);
      const reply = await raw.package1(devId, samplePackage1(), { headers: { 'accept-encoding': acceptEncoding } });
      t.check(reply.status === 200, `the Package#1 was answered HTTP ${reply.status}`, 'K');
      const coding = (reply.headers['content-encoding'] ?? 'identity').toLowerCase();
      t.check(coding === 'identity', `with Accept-Encoding "${acceptEncoding}" the Package#2 came with Content-Encoding "${coding}"`);
      // Commands queued separately need not share one Package#2: whatever GETs it carries must be queued ones.
      const p2 = RawDm.package2(reply);
      const work = p2?.CMD.filter((c) => c[0] !== 'CONT' && c[0] !== 'END') ?? [];
      t.check(
        p2 && work.every((c) => queued.some((q) => sameJson(q, c))),
        `the uncompressed answer is not a Package#2 of queued GETs: ${show(p2?.CMD ?? reply.body?.toString('utf8').slice(0, 200))}`,
        'K',
      );
    }
  },
);

defineCase(
  {
    id: 'DMCTS-S-NEG-012',
    title: 'A server that advertises Accept-Encoding takes a gzip-compressed Package#1',
    requirement: 'A server that lists gzip in the Accept-Encoding of its answers MUST take a gzip-compressed Package#1 like the plain one (P-SEL, RFC 7694).',
    labels: ['DM-HLF-004'],
    rules: ['P-SEL'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const devId = t.uniqueName('dmcts-raw');
    t.step('a plain Package#1, to read the Accept-Encoding the server advertises');
    const plain = await raw.package1(devId);
    t.check(plain.status === 200, `the plain Package#1 was answered HTTP ${plain.status}`);
    const advertised = plain.headers['accept-encoding'] ?? '';
    if (!/\bgzip\b/i.test(advertised)) t.notApplicable(`the IUT does not advertise gzip for request bodies (Accept-Encoding "${advertised}")`);
    const command: RawCommand = ['GET', `${MOID.DEVINFO}/1/Man`];
    await queueFor(t, devId, command);
    t.step('the same Package#1, gzip-compressed');
    const zipped = gzipSync(Buffer.from(JSON.stringify(samplePackage1())));
    const reply = await raw.send({ headers: raw.headers('initiation', devId, 'json', { 'content-encoding': 'gzip' }), body: zipped });
    t.check(reply.status === 200, `a gzip-compressed Package#1 was answered HTTP ${reply.status}, though the server advertises "${advertised}"`);
    const p2 = t.need(RawDm.package2(reply), 'the answer to the compressed Package#1 is not a Package#2');
    t.check(sameJson(p2.CMD[0], command), `the answer to the compressed Package#1 starts with ${show(p2.CMD[0])}, not the queued ${show(command)}`);
  },
);
