/**
 * Bytes on the wire for use case B.1 (DM-HLF-004, P-SEL, P-CBOR): a server GETs all MOs of the
 * device of bench/b1-device-tree.json (89 leaves) in one session, then repeats the query with cv=
 * per instance. Reference server and reference device over loopback, over HTTP and over the P-WS
 * WebSocket, each in the same run. Three views:
 * - per package over HTTP: the body as it crossed the socket (after content coding), from the
 *   server's trace hook;
 * - per package over P-WS: the WebSocket message (the frame's head line — media type, and for a
 *   Package#3 the session URI — then the body, never content-coded) plus its RFC 6455 frame header
 *   (2-10 bytes, and the 4-byte mask key of every frame the device sends; no permessage-deflate is
 *   negotiated), from the server's trace hook and bench/support/ws-frame-header.ts;
 * - per session: every byte that crossed the TCP connection each way (HTTP headers, WebSocket
 *   handshake and frame headers included), counted by a relay between the peers
 *   (bench/support/counting-relay.ts); over P-WS the relay's count is checked against the sum of the
 *   per-message figures, so the frame-header arithmetic is proven on every run.
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
import { type ByteCounts, startCountingRelay } from './support/counting-relay.ts';
import { wsFrameHeaderBytes } from './support/ws-frame-header.ts';

const B1 = JSON.parse(readFileSync(new URL('./b1-device-tree.json', import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>;
const SRV_ID = 'dm.operator.example';
const DEV_ID = 'IMEI:356938035643809';

type Coding = 'identity' | 'gzip' | 'br';
type Transport = 'http' | 'ws';

/** One package's bytes: over HTTP the body; over P-WS the message (head line + body) and its frame header. */
interface Message {
  bytes: number;
  body: number;
  /** The frame's head line with its LF (P-WS only). */
  head: number;
  /** The RFC 6455 frame header (P-WS only). */
  frameHeader: number;
}

interface Figures {
  query: Message;
  response: Message;
  cvQuery: Message;
  cvResponse: Message;
  leaves: number;
  notModified: number;
  /** Every byte of the session that crossed the TCP connection, each way (the relay's count). */
  session: ByteCounts;
  /** P-WS: the upgrade handshake, once per connection, before the session (not in `session`). */
  handshake?: ByteCounts;
  /** P-WS: the session's bytes as the sum of its messages and their frame headers, each way. */
  framed?: { up: number; down: number };
}

function countLeaves(value: unknown): number {
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.values(value as Record<string, unknown>).reduce<number>((n, v) => n + countLeaves(v), 0);
  }
  return 1;
}

async function until(what: string, condition: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A traced package as one message; frames from the device carry a mask key. */
function message(e: TraceEvent, transport: Transport): Message {
  const body = e.body?.length ?? 0;
  if (transport === 'http') return { bytes: e.wireBytes, body, head: 0, frameHeader: 0 };
  const frameHeader = wsFrameHeaderBytes(e.wireBytes, e.direction === 'in');
  return { bytes: e.wireBytes + frameHeader, body, head: e.wireBytes - body, frameHeader };
}

async function measure(encoding: Encoding, coding: Coding, transport: Transport): Promise<Figures> {
  const events: TraceEvent[] = [];
  const acceptEncoding = coding === 'identity' ? '' : coding;
  // Device -> relay -> server: the server's URLs (CONT, the WebSocket) are the relay's.
  const relay = await startCountingRelay();
  const server = await DmServer.start({ srvId: SRV_ID, acceptEncoding, publicUrl: relay.url, trace: (e) => events.push(e) });
  relay.target(server.port);
  const device = await DmDevice.start({
    tree: treeFromInstances(B1),
    encodings: encoding === 'cbor' ? ['cbor', 'json'] : ['json', 'cbor'],
    sessionUrl: `${relay.url}/dm`,
    acceptEncoding,
    ...(transport === 'ws' ? { ws: {} } : {}),
  });
  try {
    if (transport === 'ws') await until('the device opened its WebSocket (P-WS)', () => device.wsOpenTo(SRV_ID) && server.wsConnected().includes(DEV_ID));
    const before = relay.counts();
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
    if (!outcome.ok) throw new Error(`${transport} session failed: ${outcome.reason}`);
    const after = relay.counts();
    const method = transport === 'ws' ? 'WS' : 'POST';
    const packages = events.filter((e) => e.method === method || (transport === 'http' && e.kind === 'response'));
    const packages2 = packages.filter((e) => e.direction === 'out' && e.kind === 'response');
    const packages3 = packages.filter((e) => e.direction === 'in' && e.kind === 'request').slice(1);
    if (transport === 'ws' && events.some((e) => e.kind === 'request' && e.direction === 'in' && e.method !== 'WS'))
      throw new Error('a package of the P-WS session went over HTTP, not over the WebSocket');
    const data = gets.flatMap((g) => (g.status as StatusEntry).Data ?? []);
    const figures: Figures = {
      query: message(packages2[0]!, transport),
      response: message(packages3[0]!, transport),
      cvQuery: message(packages2[1]!, transport),
      cvResponse: message(packages3[1]!, transport),
      leaves: data.reduce((n, e) => n + countLeaves(e.MOData), 0),
      notModified: cvGets.filter((g) => g.status?.sc === 304).length,
      session: { up: after.up - before.up, down: after.down - before.down, connections: after.connections - before.connections },
    };
    if (transport === 'ws') {
      figures.handshake = before;
      const sum = (direction: 'in' | 'out') =>
        events.filter((e) => e.method === 'WS' && e.direction === direction).reduce((n, e) => n + message(e, 'ws').bytes, 0);
      figures.framed = { up: sum('in'), down: sum('out') };
    }
    return figures;
  } finally {
    await device.stop();
    await server.stop();
    await relay.close();
  }
}

const rows: Array<[Encoding, Coding, Transport, Figures]> = [];
for (const encoding of ['json', 'cbor'] as const) {
  for (const coding of ['identity', 'gzip', 'br'] as const) rows.push([encoding, coding, 'http', await measure(encoding, coding, 'http')]);
}
for (const encoding of ['json', 'cbor'] as const) rows.push([encoding, 'identity', 'ws', await measure(encoding, 'identity', 'ws')]);
const first = rows[0]![3];
for (const [encoding, coding, transport, f] of rows) {
  if (f.leaves !== first.leaves) throw new Error(`${transport} ${encoding}/${coding} returned ${f.leaves} leaves, not ${first.leaves}`);
}
const fmt = (n: number, width = 9) => n.toLocaleString('en-US').padStart(width);
const out = process.stdout;
out.write(`B.1 "query all MOs": ${Object.keys(B1).length} MOs, ${first.leaves} leaves, GET MOID/* each, one session, reference peers over loopback\n`);
out.write('the response is the Package#3 holding the data; the cv= repeat is answered 304 per instance\n\n');
out.write('Over HTTP: body bytes on the wire (after content coding)\n');
out.write('encoding  coding     query P#2  response P#3   cv= query P#2  cv= response P#3  (304s)\n');
for (const [encoding, coding, transport, f] of rows) {
  if (transport !== 'http') continue;
  out.write(
    `${encoding.padEnd(9)} ${coding.padEnd(9)} ${fmt(f.query.bytes)}  ${fmt(f.response.bytes)}      ${fmt(f.cvQuery.bytes)}      ${fmt(f.cvResponse.bytes)}     ${f.notModified}/${f.notModified}\n`,
  );
}
out.write('\nOver P-WS (WebSocket): each message as sent = frame head line + body (never content-coded) + RFC 6455 frame header\n');
out.write('encoding  coding     query P#2  response P#3   cv= query P#2  cv= response P#3  (304s)\n');
for (const [encoding, coding, transport, f] of rows) {
  if (transport !== 'ws') continue;
  out.write(
    `${encoding.padEnd(9)} ${coding.padEnd(9)} ${fmt(f.query.bytes)}  ${fmt(f.response.bytes)}      ${fmt(f.cvQuery.bytes)}      ${fmt(f.cvResponse.bytes)}     ${f.notModified}/${f.notModified}\n`,
  );
  const parts = (m: Message) => `${m.body}+${m.head}+${m.frameHeader}`;
  out.write(
    `  of which body+head+frame header: ${parts(f.query)}, ${parts(f.response)}, ${parts(f.cvQuery)}, ${parts(f.cvResponse)} ` +
      '(a Package#3 head names its session URI; the device masks its frames: +4)\n',
  );
}
out.write('\nWhole session on the TCP connection, every byte each way (HTTP headers, WebSocket frame headers included; TCP/IP not),\n');
out.write('counted by a relay between device and server\n');
out.write('transport encoding  coding     device->server  server->device      total  connections\n');
let mismatch = false;
for (const [encoding, coding, transport, f] of rows) {
  out.write(
    `${transport.toUpperCase().padEnd(9)} ${encoding.padEnd(9)} ${coding.padEnd(9)} ${fmt(f.session.up, 15)} ${fmt(f.session.down, 15)} ${fmt(f.session.up + f.session.down, 10)} ${fmt(f.session.connections, 12)}\n`,
  );
}
for (const [encoding, , transport, f] of rows) {
  if (transport !== 'ws' || !f.handshake || !f.framed) continue;
  const same = f.framed.up === f.session.up && f.framed.down === f.session.down;
  mismatch ||= !same;
  out.write(
    `WS ${encoding}: the upgrade handshake adds ${fmt(f.handshake.up + f.handshake.down, 0)} bytes once per connection (${f.handshake.up} up, ${f.handshake.down} down), not per session; ` +
      `messages + frame headers = ${f.framed.up} up, ${f.framed.down} down: ${same ? "the relay's count exactly" : 'NOT the relay count (see above)'}\n`,
  );
}
out.write('\nFor scale: the same data as DM 1.2 SyncML XML, LwM2M SenML and TR-181 paths, measured by npm run bench:formats.\n');
if (mismatch) process.exitCode = 1;
