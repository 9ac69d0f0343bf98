/**
 * Fuzzing the reference peers with malformed and unauthorized packages (DM-DI-001, DM-SECARIZE-001/002,
 * DM-HLF-015): the server gets mutated Package#1/#3 bodies and Package#3s aimed at another device's
 * session; the client gets mutated Package#2s, well-formed Package#2s full of commands it must refuse
 * (another MA's instance, permanent data, MOs outside Perm, grants the server may not make) and
 * mutated or replayed Package#0s. Counted: packages, crashes (5xx, exceptions, a peer that stops
 * answering), unauthorized effects (any change of protected data, any protected data sent out, any
 * session opened by a bad Package#0), and the heap after each 10,000 packages (after a full GC).
 *
 *   npm run bench:fuzz [-- --packages 100000 --seed 1]
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { DmDevice } from '../harness/client/dm-device.ts';
import { accountData, buildFactoryTree } from '../harness/client/factory-profile.ts';
import { encodeBody } from '../harness/protocol/body-codec.ts';
import { signNotification } from '../harness/protocol/package0-digest.ts';
import { DmServer } from '../harness/server/dm-server.ts';
import { readBody } from '../harness/transport/read-body.ts';
import { serverPrincipal } from '../harness/tree/principal.ts';
import { MOID } from '../harness/tree/standard-mos.ts';
import { snapshotTree } from '../harness/tree/tree-snapshot.ts';
import { mutate, pick, rng, type Rng } from './fuzz/mutate.ts';
import { unauthorizedCommand, VICTIM_MO, VICTIM_URI } from './fuzz/unauthorized-commands.ts';

const { values } = parseArgs({
  options: { packages: { type: 'string', default: '100000' }, seed: { type: 'string', default: '1' }, 'self-check': { type: 'boolean', default: false } },
});
// --self-check: the device grants every server every right; the fuzzer must then find unauthorized effects.
const selfCheck = values['self-check']!;
const total = Number(values.packages);
const seed = Number(values.seed);
const r: Rng = rng(seed);
const gc = (globalThis as { gc?: () => void }).gc;
const heap: number[] = [];
const sample = () => {
  gc?.();
  heap.push(process.memoryUsage().heapUsed);
};

// ---- the client under fuzz -----------------------------------------------------------------
const FUZZ_SRV = 'fuzz-srv';
const VICTIM_SRV = 'victim-srv';
const NOTI_SECRET = 'fuzz-noti-secret';
let clientPackages = 0;
let leaked = 0;
let fuzzedP2 = 0;
let contentServed = 0;
let notificationSessions = 0;
const p2Answers = new Map<number, number>();

function json(res: ServerResponse, status: number, type: string, body: Buffer): void {
  res.writeHead(status, { 'content-type': type, 'content-length': String(body.length) });
  res.end(body);
}

const fuzzServer = createServer((req: IncomingMessage, res: ServerResponse) => {
  void (async () => {
    const body = await readBody(req, 1 << 20).catch(() => Buffer.alloc(0));
    const url = req.url ?? '/';
    if (url.startsWith('/recv')) {
      if (body.includes(Buffer.from(VICTIM_MO)) || body.includes(Buffer.from('victim-apn'))) leaked += 1;
      res.writeHead(204).end();
      return;
    }
    if (url.startsWith('/content')) {
      contentServed += 1;
      const entries = url.includes('grant')
        ? [{ ClientURI: MOID.DELEGATION, MOData: { Target: VICTIM_URI, Grantee: FUZZ_SRV, Rights: 'RWED', Kind: 'full' } }]
        : [{ ClientURI: VICTIM_MO, MOData: { Name: 'fuzzed', APN: 'fuzzed-apn' } }];
      json(res, 200, 'application/vnd.oma.dm.mo+json', encodeBody(entries, 'json'));
      return;
    }
    if (url === '/dm/s/x') {
      json(res, 200, 'application/vnd.oma.dm.request+json', encodeBody({ CMD: [['END']] }, 'json'));
      return;
    }
    // A Package#1: answer with a fuzzed Package#2. One opened by a Package#0 would say ServerInitiatedMgmt.
    if (body.includes(Buffer.from('ServerInitiatedMgmt'))) notificationSessions += 1;
    fuzzedP2 += 1;
    const base = `http://127.0.0.1:${(fuzzServer.address() as AddressInfo).port}`;
    const commands = Array.from({ length: 1 + Math.floor(r() * 5) }, () => unauthorizedCommand(r, `${base}/content`, `${base}/recv`));
    const valid = encodeBody({ CMD: [...commands, ['CONT', `${base}/dm/s/x`]] }, 'json');
    const malformed = r() < 0.5;
    const type =
      malformed && r() < 0.2 ? pick(r, ['application/json', 'text/html', 'application/vnd.oma.dm.request+cbor']) : 'application/vnd.oma.dm.request+json';
    const status = malformed && r() < 0.05 ? pick(r, [200, 204, 301, 404, 500]) : 200;
    p2Answers.set(status, (p2Answers.get(status) ?? 0) + 1);
    json(res, status, type, malformed ? mutate(r, valid) : valid);
  })();
});
await new Promise<void>((resolve) => fuzzServer.listen(0, '127.0.0.1', resolve));
const fuzzUrl = `http://127.0.0.1:${(fuzzServer.address() as AddressInfo).port}/dm`;

const tree = buildFactoryTree({
  devId: 'IMEI:fuzz',
  servers: [
    {
      srvId: FUZZ_SRV,
      srvUri: fuzzUrl,
      perm: [
        { moid: MOID.DEVINFO, rights: 'R' },
        { moid: 'urn:oma:mo:dmcts-diagnostics:1.0', rights: 'R' },
      ],
      notificationSecret: NOTI_SECRET,
    },
  ],
});
tree.deviceWrite(MOID.DMACC, '2', [], accountData({ srvId: VICTIM_SRV, srvUri: 'https://victim.invalid/dm', perm: [{ moid: VICTIM_MO, rights: 'RWE' }] }));
tree.deviceWrite(VICTIM_MO, '1', [], { Name: 'victim', APN: 'victim-apn' }, serverPrincipal(VICTIM_SRV));
if (selfCheck) tree.policy = { rightsOn: () => new Set(['R', 'W', 'E', 'D'] as const), mayCreate: () => true };
const device = await DmDevice.start({ tree, notification: { host: '127.0.0.1' }, timeoutMs: 2_000 });
const protectedBefore = JSON.stringify(
  snapshotTree(tree)
    .instances.filter((i) => i.moid !== MOID.SESSIONINFO)
    .map((i) => ({ ...i, version: 0 })),
);

// ---- the server under fuzz -----------------------------------------------------------------
const server = await DmServer.start({ srvId: 'fuzz-target', host: '127.0.0.1', port: 0, maxBodyBytes: 64 * 1024 });
let serverPackages = 0;
let crashes = 0;
const serverAnswers = new Map<number, number>();
const validP1 = encodeBody({ MOS: [{ MOID: MOID.DEVINFO, MIID: ['1'] }], Alert: [{ AlertType: 'urn:oma:at:dm:2.0:ClientInitiatedMgmt' }] }, 'json');
const validP3 = encodeBody(
  {
    Status: [
      { sc: 200, URI: ['urn:oma:mo:oma-dm-devinfo:1.0/1'] },
      { sc: 200, URI: [] },
    ],
  },
  'json',
);
// A victim device with a session in progress: the fuzzer must not be able to touch it.
const victimCmd = server.operator.queue('victim-dev', ['GET', 'urn:oma:mo:oma-dm-devinfo:1.0//']);
if (!victimCmd.ok) throw new Error(victimCmd.error.message);
const open = await request(server.dmUrl, {
  method: 'POST',
  headers: { 'content-type': 'application/vnd.oma.dm.initiation+json', accept: 'application/vnd.oma.dm.request+json', 'omadm-devid': 'victim-dev' },
  body: validP1,
});
const victimP2 = JSON.parse(await open.body.text()) as { CMD: string[][] };
const victimSession = victimP2.CMD.find((c) => c[0] === 'CONT')![1]!;

async function fuzzServerOnce(): Promise<void> {
  const kind = r();
  let url = server.dmUrl;
  let body: Buffer;
  let type = 'application/vnd.oma.dm.initiation+json';
  let devId = pick(r, ['dev-a', 'dev-b', 'victim-dev', '', 'x'.repeat(300)]);
  if (kind < 0.5) body = mutate(r, validP1);
  else if (kind < 0.8) {
    url =
      r() < 0.5
        ? victimSession
        : `${server.url}/dm/s/${
            Buffer.from(mutate(r, Buffer.from('0123456789abcdef')))
              .toString('base64url')
              .slice(0, 32) || 'a'
          }`;
    type = 'application/vnd.oma.dm.response+json';
    devId = devId === 'victim-dev' ? 'intruder' : devId;
    body = r() < 0.5 ? validP3 : mutate(r, validP3);
  } else {
    type = pick(r, ['application/json', 'application/vnd.oma.dm.initiation+cbor', 'text/plain', 'application/vnd.oma.dm.initiation+json; charset=utf-8']);
    body = mutate(r, validP1);
  }
  serverPackages += 1;
  try {
    const res = await request(url, {
      method: 'POST',
      headers: {
        'content-type': type,
        accept: pick(r, ['application/vnd.oma.dm.request+json', '*/*', 'text/html']),
        ...(devId ? { 'omadm-devid': devId } : {}),
      },
      body,
    });
    await res.body.dump();
    serverAnswers.set(res.statusCode, (serverAnswers.get(res.statusCode) ?? 0) + 1);
    if (res.statusCode >= 500) crashes += 1;
  } catch {
    crashes += 1;
  }
}

// ---- Package#0: mutated, stale and replayed notifications to the device -----------------
let notificationsSent = 0;
const sign = (id: number, age = 0) =>
  signNotification(
    { version: 0, serverId: FUZZ_SRV, notificationId: id, timestamp: Math.floor(Date.now() / 1000) - age, reqMos: false },
    NOTI_SECRET,
    'IMEI:fuzz',
  );
async function postNotification(bytes: Uint8Array): Promise<number> {
  const res = await request(device.notificationUrl!, { method: 'POST', headers: { 'content-type': 'application/vnd.oma.dm.notification' }, body: bytes });
  await res.body.dump();
  return res.statusCode;
}
// One genuine notification first: its session is the only one Package#0 may open; it is replayed later.
const genuine = sign(4242);
const genuineStatus = await postNotification(genuine);
await device.idle();
const expectedNotificationSessions = genuineStatus === 202 ? 1 : 0;
async function fuzzNotification(): Promise<void> {
  const kind = r();
  let bad: Uint8Array;
  if (kind < 0.33) bad = genuine;
  else if (kind < 0.5) bad = sign(Math.floor(r() * 65536), 3600);
  else {
    const fresh = sign(Math.floor(r() * 65536));
    do bad = mutate(r, fresh);
    while (Buffer.from(bad).equals(Buffer.from(fresh)));
  }
  notificationsSent += 1;
  await postNotification(bad);
}

// ---- run --------------------------------------------------------------------------------
const start = performance.now();
sample();
const lanes = 8;
let sent = 0;
while (sent < total) {
  const batch: Array<Promise<void>> = [];
  for (let i = 0; i < lanes && sent < total; i++, sent++) {
    const which = sent % 4;
    if (which === 0) {
      clientPackages += 1;
      batch.push(device.clientInitiated(FUZZ_SRV).then(() => undefined));
    } else if (which === 1 && sent % 8 === 1) {
      clientPackages += 1;
      batch.push(fuzzNotification());
    } else batch.push(fuzzServerOnce());
  }
  await Promise.all(batch);
  if (sent % 10_000 < lanes) sample();
}
await device.idle();
sample();
const seconds = (performance.now() - start) / 1000;

// The victim's session still works: its own Package#3 is taken and recorded.
const finish = await request(victimSession, {
  method: 'POST',
  headers: { 'content-type': 'application/vnd.oma.dm.response+json', accept: 'application/vnd.oma.dm.request+json', 'omadm-devid': 'victim-dev' },
  body: encodeBody(
    {
      Status: [
        { sc: 200, URI: ['urn:oma:mo:oma-dm-devinfo:1.0/1'] },
        { sc: 200, URI: [] },
      ],
    },
    'json',
  ),
});
await finish.body.dump();
const victimOk = finish.statusCode === 200 && victimCmd.value.status?.sc === 200;

const protectedAfter = JSON.stringify(
  snapshotTree(tree)
    .instances.filter((i) => i.moid !== MOID.SESSIONINFO)
    .map((i) => ({ ...i, version: 0 })),
);
const treeChanged = protectedBefore !== protectedAfter;
const grants = [...tree.instancesOf(MOID.DELEGATION)].length;
await device.stop({ abort: true });
await server.stop();
fuzzServer.close();

const mb = (b: number) => `${(b / 1048576).toFixed(1)} MiB`;
const badNotificationSessions = notificationSessions - expectedNotificationSessions;
const unauthorized = (treeChanged ? 1 : 0) + grants + leaked + badNotificationSessions + (victimOk ? 0 : 1);
const out = process.stdout;
out.write(`fuzz: ${total} packages in ${seconds.toFixed(1)} s (${Math.round(total / seconds)}/s), seed ${seed}\n`);
out.write(
  `  client: ${clientPackages} sessions and Package#0 deliveries started, ${fuzzedP2} fuzzed Package#2 (half malformed, half well-formed but unauthorized; ${contentServed} HGET fetches), ${notificationsSent} mutated, stale or replayed Package#0\n`,
);
out.write(
  `  server: ${serverPackages} fuzzed Package#1/#3; answers ${[...serverAnswers]
    .sort((a, b) => a[0] - b[0])
    .map(([s, n]) => `${s}:${n}`)
    .join(' ')}\n`,
);
out.write(`  crashes (5xx or a dropped connection at the server): ${crashes}\n`);
out.write(
  `  unauthorized effects: ${unauthorized} (protected tree changed: ${treeChanged}; grants made: ${grants}; protected data sent out: ${leaked}; sessions from bad Package#0: ${badNotificationSessions} (the genuine one: ${expectedNotificationSessions}); victim session intact: ${victimOk})\n`,
);
out.write(`  heap after GC, every 10,000 packages: ${heap.map(mb).join(', ')}${gc ? '' : ' (run with --expose-gc for comparable figures)'}\n`);
if (selfCheck) {
  out.write(unauthorized > 0 ? 'self-check: the fuzzer found the planted hole\n' : 'self-check FAILED: a device granting everything went unnoticed\n');
  process.exitCode = unauthorized > 0 ? 0 : 1;
} else if (crashes > 0 || unauthorized > 0) process.exitCode = 1;
