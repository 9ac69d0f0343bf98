/**
 * Bytes on the wire for use case B.1 (DM-HLF-004, P-SEL, P-CBOR): a server GETs all MOs of the
 * device of bench/b1-device-tree.json (87 leaves) in one session, then repeats the query with cv=
 * per instance. Reference server and reference device over loopback; each figure is an HTTP body
 * as it crossed the socket (after content coding), measured by the server's trace hook.
 *
 *   npm run bench:b1
 */
import { readFileSync } from 'node:fs';
import { DmDevice } from '../harness/client/dm-device.ts';
import { treeFromInstances } from '../harness/client/factory-profile.ts';
import type { Encoding } from '../harness/protocol/media-types.ts';
import type { StatusEntry } from '../harness/protocol/packages.ts';
import { DmServer } from '../harness/server/dm-server.ts';
import type { QueuedCommand } from '../harness/server/queued-command.ts';
import type { TraceEvent } from '../harness/transport/trace.ts';

const B1 = JSON.parse(readFileSync(new URL('./b1-device-tree.json', import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>;
const SRV_ID = 'dm.operator.example';
const DEV_ID = 'IMEI:356938035643809';

type Coding = 'identity' | 'gzip' | 'br';

interface Figures {
  query: number;
  response: number;
  cvQuery: number;
  cvResponse: number;
  leaves: number;
  notModified: number;
}

function countLeaves(value: unknown): number {
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.values(value as Record<string, unknown>).reduce<number>((n, v) => n + countLeaves(v), 0);
  }
  return 1;
}

async function measure(encoding: Encoding, coding: Coding): Promise<Figures> {
  const events: TraceEvent[] = [];
  const acceptEncoding = coding === 'identity' ? '' : coding;
  const server = await DmServer.start({ srvId: SRV_ID, acceptEncoding, trace: (e) => events.push(e) });
  const device = await DmDevice.start({
    tree: treeFromInstances(B1),
    encodings: encoding === 'cbor' ? ['cbor', 'json'] : ['json', 'cbor'],
    sessionUrl: server.dmUrl,
    acceptEncoding,
  });
  const op = server.operator;
  const gets: QueuedCommand[] = Object.keys(B1).map((moid) => {
    const q = op.queue(DEV_ID, ['GET', `${moid}/*`]);
    if (!q.ok) throw new Error(q.error.message);
    return q.value;
  });
  const cvGets: QueuedCommand[] = [];
  // Queued as the last answer arrives, so the cv= repeat goes out in the same session's next Package#2.
  server.events.on('done', () => {
    if (cvGets.length > 0 || gets.some((g) => g.state !== 'done')) return;
    for (const g of gets) {
      for (const entry of g.status?.Data ?? []) {
        const q = op.queue(DEV_ID, ['GET', `${entry.ClientURI}?cv=${encodeURIComponent(entry.CV ?? '')}`]);
        if (q.ok) cvGets.push(q.value);
      }
    }
  });
  const outcome = await device.clientInitiated();
  await device.stop();
  await server.stop();
  if (!outcome.ok) throw new Error(`session failed: ${outcome.reason}`);
  const packages2 = events.filter((e) => e.direction === 'out' && e.kind === 'response');
  const packages3 = events.filter((e) => e.direction === 'in' && e.kind === 'request').slice(1);
  const data = gets.flatMap((g) => (g.status as StatusEntry).Data ?? []);
  return {
    query: packages2[0]!.wireBytes,
    response: packages3[0]!.wireBytes,
    cvQuery: packages2[1]!.wireBytes,
    cvResponse: packages3[1]!.wireBytes,
    leaves: data.reduce((n, e) => n + countLeaves(e.MOData), 0),
    notModified: cvGets.filter((g) => g.status?.sc === 304).length,
  };
}

const rows: Array<[string, Coding, Figures]> = [];
for (const encoding of ['json', 'cbor'] as const) {
  for (const coding of ['identity', 'gzip', 'br'] as const) rows.push([encoding, coding, await measure(encoding, coding)]);
}
const first = rows[0]![2];
const fmt = (n: number) => n.toLocaleString('en-US').padStart(9);
const out = process.stdout;
out.write(`B.1 "query all MOs": ${Object.keys(B1).length} MOs, ${first.leaves} leaves, GET MOID/* each, one session, reference peers over loopback\n`);
out.write('HTTP body bytes on the wire (after content coding); the response is the Package#3 holding the data\n\n');
out.write('encoding  coding     query P#2  response P#3   cv= query P#2  cv= response P#3  (304s)\n');
for (const [encoding, coding, f] of rows) {
  out.write(
    `${encoding.padEnd(9)} ${coding.padEnd(9)} ${fmt(f.query)}  ${fmt(f.response)}      ${fmt(f.cvQuery)}      ${fmt(f.cvResponse)}     ${f.notModified}/${f.notModified}\n`,
  );
  if (f.leaves !== first.leaves) throw new Error(`${encoding}/${coding} returned ${f.leaves} leaves, not ${first.leaves}`);
}
out.write('\nFor scale, the same data as a DM 1.2 SyncML XML Results: 12,973 bytes (1,136 gzip); as LwM2M SenML-CBOR: 1,640 bytes.\n');
