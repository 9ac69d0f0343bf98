/**
 * A generated DM client IUT (issue 7, item 8): a small process behind an upper-tester adapter, run by
 * `dmcts run` through the process adapter like any vendor's, whose DM behaviour is drawn from a seed
 * (DMCTS_GEN_SEED) with the project's fast-check arbitraries (harness/generators/) plus deliberate
 * breakage. It opens sessions when asked and answers each Package#2 with a generated Package#3 —
 * Status entries plausible or arbitrary, the right count or not, well-formed or missing members,
 * JSON or CBOR, with or without OMADM-DevID — sends generated alerts, HPUT/HPOST bodies and SUB
 * deliveries to the ServerURIs it gets, and answers every client method of the upper tester with a
 * schema-valid result. Answers come quickly: odd content, not hangs.
 *   DMCTS_GEN_SEED=7 node bin/run-ts.mjs test/generated/client-iut.ts   (DMCTS_UT_URL set by the harness)
 */
import fc from 'fast-check';
import { createServer, type Server } from 'node:http';
import { bootstrapCompleteAlertArb, execResultAlertArb, genericAlertArb } from '../../harness/generators/alerts.ts';
import { clientUriTextArb } from '../../harness/generators/client-uri.ts';
import { moDataOrLeafArb } from '../../harness/generators/mo-data.ts';
import { moEntryArb, moSerializationArb } from '../../harness/generators/mo-serialization.ts';
import { mosEntryArb, statusCodeArb, statusEntryArb } from '../../harness/generators/packages.ts';
import { decodePackage0 } from '../../harness/protocol/package0.ts';
import { mediaType } from '../../harness/protocol/media-types.ts';
import { UT_URL_ENV } from '../../harness/protocol/upper-tester.ts';
import { connectUpperTester } from '../../harness/transport/ut-link.ts';
import {
  breakValue,
  decodeLoose,
  deepValue,
  encodeFor,
  Gen,
  logLine,
  oddClientUri,
  readBody,
  reachable,
  seedFromEnv,
  breakageFromEnv,
  send,
  sleep,
  wrongValue,
} from './kit.ts';

const oddUri = (uri: string | undefined) => oddClientUri(gen, uri);

const ALERT = {
  CLIENT: 'urn:oma:at:dm:2.0:ClientInitiatedMgmt',
  SERVER: 'urn:oma:at:dm:2.0:ServerInitiatedMgmt',
  EXEC_RESULT: 'urn:oma:at:dm:2.0:ExecResult',
};
const DEVINFO = 'urn:oma:mo:oma-dm-devinfo:1.0';
const MAX_PACKAGES = 8;

const gen = new Gen(seedFromEnv(), breakageFromEnv());
const utUrl = process.env[UT_URL_ENV];
if (!utUrl) {
  process.stderr.write(`${UT_URL_ENV} is not set\n`);
  process.exit(2);
}
logLine(`seed ${gen.seed}, breakage ${gen.breakage}, oddness ${gen.oddness}`);

interface Account {
  srvId: string;
  srvUri: string;
  perm: Array<{ moid: string; rights?: string }>;
}

const state = {
  devId: 'gen-dev-1',
  accounts: new Map<string, Account>(),
  shown: [] as string[],
  localAddress: undefined as string | undefined,
  sessions: 0,
  subscriptions: 0,
};

// ---- Package#0 listener: answers quickly, sometimes opens a server-initiated session.
let notiServer: Server | undefined;
let notiUrl: string | undefined;
async function notificationUrl(): Promise<string> {
  if (notiUrl) return notiUrl;
  notiServer = createServer((req, res) => {
    void readBody(req).then((body) => {
      const status = gen.broken(0.5) ? gen.pick([200, 204, 400, 404, 415, 500]) : gen.pick([202, 204]);
      res.writeHead(status, { 'content-length': '0' }).end();
      const decoded = decodePackage0(body);
      const account = decoded.ok ? [...state.accounts.values()].find((a) => a.srvId === decoded.value.serverId) : [...state.accounts.values()][0];
      if (account && status === 202 && !gen.broken(0.5)) {
        const id = decoded.ok ? decoded.value.notificationId : undefined;
        void session(account, [
          { AlertType: ALERT.SERVER, ...(gen.broken() ? {} : { SourceURI: notiUrl }), Data: gen.broken() ? wrongValue(gen) : { NotificationID: id ?? 0 } },
        ]);
      }
    });
  });
  await new Promise<void>((resolve) => notiServer!.listen(0, '127.0.0.1', resolve));
  const { port } = notiServer.address() as { port: number };
  notiUrl = `http://127.0.0.1:${port}/noti`;
  return notiUrl;
}

// ---- Faults: a session has at most one structural fault (drawn with probability `breakage`); the
// content of its Status entries is odd far more often, but stays schema-valid, so cases get deep.
type Fault = 'none' | 'p1-body' | 'p1-http' | 'p3-body' | 'p3-http' | 'p3-count' | 'cont' | 'end' | 'stop' | 'p1-again';
const FAULTS: Fault[] = ['p1-body', 'p1-http', 'p3-body', 'p3-http', 'p3-count', 'cont', 'end', 'stop', 'p1-again'];

function package1(alerts: unknown[], fault: Fault): unknown {
  const mos = gen.draw(fc.array(mosEntryArb(), { maxLength: 3 }));
  if (!gen.broken(0.3)) mos.unshift({ MOID: DEVINFO, MIID: ['1'] });
  const extra = gen.broken(0.5)
    ? gen.draw(fc.array(fc.oneof(genericAlertArb(), bootstrapCompleteAlertArb(), execResultAlertArb()), { minLength: 1, maxLength: 2 }))
    : [];
  const p1: unknown = { MOS: mos, Alert: [...alerts, ...extra] };
  return fault === 'p1-body' ? breakValue(gen, p1) : p1;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** MOData as odd as a device might send: a leaf where an object is due, null, an array, deep objects. */
function oddMoData(): unknown {
  return gen.pick<() => unknown>([
    () => null,
    () => gen.draw(fc.jsonValue({ maxDepth: 2 })),
    () => [],
    () => 'text',
    () => 7,
    () => ({}),
    () => gen.draw(moDataOrLeafArb({ maxDepth: 2 })),
    () => deepValue(gen),
  ])();
}

/** Status entry content made odd, schema-valid still: another code, URI list or Data. */
function oddStatus(plain: { sc: number; URI: string[]; Data?: Array<{ ClientURI: string; MOData: unknown }> }): unknown {
  const s = { ...plain };
  const first = plain.URI[0];
  gen.pick<() => void>([
    () => (s.sc = gen.draw(statusCodeArb())),
    () => (s.sc = gen.pick([200, 202, 204, 206, 299])),
    () => (s.URI = []),
    () => (s.URI = [oddUri(first)]),
    () => (s.URI = [...plain.URI, oddUri(first)]),
    () => (s.URI = gen.draw(fc.array(clientUriTextArb(), { maxLength: 3 }))),
    () => (s.Data = []),
    () => (s.Data = [{ ClientURI: oddUri(first), MOData: oddMoData() }]),
    () => (s.Data = (plain.Data ?? [{ ClientURI: first ?? 'urn:x', MOData: null }]).map((e) => ({ ...e, MOData: oddMoData() }))),
    () => (s.Data = gen.draw(moSerializationArb({ maxDepth: 1 }))),
    () => (s.Data = [{ ClientURI: plain.Data?.[0]?.ClientURI ?? first ?? 'urn:x', MOData: oddMoData() }, ...(plain.Data ?? [])]),
    () => {
      s.sc = 200;
      s.URI = plain.URI.length > 0 ? plain.URI : [oddUri(undefined)];
    },
  ])();
  if (s.Data === undefined) delete s.Data;
  return s;
}

/** A plausible Status for a command (the right code and URI list for what it names), sometimes with side effects. */
function plausibleStatus(cmd: unknown): { sc: number; URI: string[]; Data?: Array<{ ClientURI: string; MOData: unknown }> } {
  if (!Array.isArray(cmd)) return { sc: 400, URI: [] };
  const [name, a, b] = cmd as unknown[];
  const first = str(a);
  const mostly = (good: number, ...bad: number[]) => (gen.odd(0.5) ? gen.pick(bad) : good);
  switch (name) {
    case 'HGET':
      void fetchContent(first);
      return { sc: mostly(200, 400, 404, 403), URI: str(b) ? [str(b)!] : [] };
    case 'HPUT':
    case 'HPOST': {
      const uris = cmd.slice(2).filter((u): u is string => typeof u === 'string');
      void deliver(name, first, uris);
      return { sc: mostly(200, 406, 502, 404), URI: uris };
    }
    case 'DELETE':
    case 'UNSUB':
      return { sc: mostly(200, 404, 403, 405), URI: first ? [first] : [] };
    case 'EXEC':
      if (str(b) && !gen.broken(0.5)) {
        void execResult(first, str(b)!);
        return { sc: 202, URI: first ? [first] : [] };
      }
      return { sc: mostly(200, 405, 500, 400), URI: first ? [first] : [] };
    case 'GET': {
      const data = first ? entriesFor(first) : [];
      return { sc: mostly(200, 404, 403, 400), URI: data.map((d) => d.ClientURI), Data: data };
    }
    case 'SHOW':
      if (first) state.shown.push(first);
      return { sc: mostly(200, 501), URI: [] };
    case 'SUB':
      void subDelivery(str(b), first);
      return { sc: mostly(200, 404, 403), URI: first ? [first] : [] };
    case 'CONT':
    case 'DEFAULT':
      return { sc: 200, URI: [] };
    default:
      return { sc: 400, URI: first ? [first] : [] };
  }
}

function package3(cmds: unknown[], fault: Fault): unknown {
  const answered = cmds.filter((c) => !(Array.isArray(c) && c[0] === 'END'));
  let status: unknown[] = answered.map((c) => {
    const plain = plausibleStatus(c);
    return gen.odd() ? oddStatus(plain) : plain;
  });
  if (fault === 'p3-count') {
    status = gen.pick<() => unknown[]>([
      () => status.slice(1),
      () => [...status, gen.draw(statusEntryArb({ maxDepth: 1 }))],
      () => [],
      () => [...status].reverse(),
    ])();
  }
  const p3: Record<string, unknown> = { Status: status };
  if (gen.broken(0.3)) p3.Alert = gen.draw(fc.array(fc.oneof(genericAlertArb(), execResultAlertArb()), { minLength: 1, maxLength: 2 }));
  return fault === 'p3-body' ? breakValue(gen, p3) : p3;
}

// ---- HTTP to the server: one DM package, with the headers a client sends (or not).
async function post(url: string, kind: 'initiation' | 'response', value: unknown, acceptCbor: boolean, odd: boolean) {
  const body = encodeFor(gen, kind, value, { cbor: true, odd: odd ? 1 / gen.breakage : 0 });
  const headers: Record<string, string | undefined> = {
    'content-type': body.contentType,
    accept: acceptCbor ? `${mediaType('request', 'json')}, ${mediaType('request', 'cbor')}` : mediaType('request', 'json'),
    'omadm-devid': state.devId,
  };
  let method = 'POST';
  if (odd) {
    gen.pick<() => void>([
      () => (headers.accept = gen.pick([undefined, 'application/json', '*/*', mediaType('request', 'cbor')])),
      () => (headers['omadm-devid'] = gen.pick([undefined, '', `${state.devId}-other`])),
      () => (method = gen.pick(['PUT', 'GET'])),
      () => undefined,
    ])();
  }
  return send(method, url, headers, method === 'GET' ? undefined : body.body, {
    timeoutMs: 2500,
    ...(state.localAddress ? { localAddress: state.localAddress } : {}),
  });
}

/** One session with a server: Package#1 with these alerts, then a Package#3 per Package#2 at its CONT URI. */
async function session(account: Account, alerts: unknown[], url = account.srvUri): Promise<void> {
  state.sessions += 1;
  const fault: Fault = gen.broken() ? gen.pick(FAULTS) : 'none';
  const acceptCbor = gen.chance(0.3);
  let answer = await post(url, 'initiation', package1(alerts, fault), acceptCbor, fault === 'p1-http');
  for (let n = 1; n < MAX_PACKAGES && answer; n++) {
    if (answer.status !== 200) return;
    const p2 = await decodeLoose(answer.body, answer.headers['content-type']);
    const cmds = p2 && typeof p2 === 'object' && Array.isArray((p2 as { CMD?: unknown }).CMD) ? (p2 as { CMD: unknown[] }).CMD : undefined;
    if (!cmds) return;
    const end = cmds.some((c) => Array.isArray(c) && c[0] === 'END');
    if (end && fault !== 'end') return;
    if (fault === 'stop' && n > 1) return;
    const cont = cmds.find((c): c is unknown[] => Array.isArray(c) && c[0] === 'CONT' && typeof c[1] === 'string');
    let next = cont ? String(cont[1]) : undefined;
    if (fault === 'cont') next = gen.pick([account.srvUri, url]);
    if (!next || !reachable(next)) return;
    if (fault === 'p1-again') {
      answer = await post(account.srvUri, 'initiation', package1([{ AlertType: ALERT.CLIENT }], 'none'), acceptCbor, false);
      continue;
    }
    answer = await post(next, 'response', package3(cmds, fault), acceptCbor, fault === 'p3-http' && n === 1);
  }
}

// ---- What the generated device knows of itself: DevInfo (its DevID) and its DMAcc accounts, so cases
// that read them get past their first step; anything else is generated.
const DMACC = 'urn:oma:mo:oma-dm-dmacc:1.0';

function entriesFor(uri: string): Array<{ ClientURI: string; MOData: unknown }> {
  const lower = uri.toLowerCase();
  const devInfo = { DevID: state.devId, Man: 'dmcts', Mod: 'generated', DmV: '2.0' };
  if (lower.startsWith(`${DEVINFO}/`)) {
    if (/\/devid$/i.test(uri)) return [{ ClientURI: `${DEVINFO}/1/DevID`, MOData: state.devId }];
    return [{ ClientURI: `${DEVINFO}/1`, MOData: devInfo }];
  }
  if (lower.startsWith(`${DMACC}/`)) {
    return [...state.accounts.values()].map((a, i) => ({
      ClientURI: `${DMACC}/${i + 1}`,
      MOData: { SrvID: a.srvId, SrvURI: a.srvUri, Auth: { Noti: { Type: 'Noti' } } },
    }));
  }
  return [{ ClientURI: uri, MOData: gen.draw(moDataOrLeafArb({ maxDepth: 1 })) }, ...gen.draw(fc.array(moEntryArb({ maxDepth: 1 }), { maxLength: 1 }))];
}

// ---- What commands make the client send elsewhere: HGET fetches, HPUT/HPOST bodies, SUB deliveries, ExecResult alerts.
async function fetchContent(url: string | undefined): Promise<void> {
  if (!url || gen.broken(0.3)) return;
  await send('GET', url, { accept: `${mediaType('mo', 'json')}, ${mediaType('mo', 'cbor')}` }, undefined, { timeoutMs: 2000 });
}

function moBody(uris: string[]): unknown {
  const entries = uris.flatMap((u) => entriesFor(u));
  if (gen.odd(0.3)) entries.unshift({ ClientURI: gen.chance(0.5) ? oddUri(uris[0]) : (uris[0] ?? 'urn:x'), MOData: oddMoData() });
  return gen.broken()
    ? gen.pick<() => unknown>([() => gen.draw(moSerializationArb({ maxDepth: 1 })), () => breakValue(gen, entries), () => ({ entries })])()
    : entries;
}

async function deliver(name: 'HPUT' | 'HPOST', url: string | undefined, uris: string[]): Promise<void> {
  if (!url || gen.broken(0.3)) return;
  const body = encodeFor(gen, 'mo', moBody(uris), { cbor: true, odd: 0.3 });
  const method = gen.broken(0.2) ? gen.pick(['POST', 'PUT', 'PATCH']) : name === 'HPUT' ? 'PUT' : 'POST';
  await send(method, url, { 'content-type': body.contentType, 'omadm-devid': gen.broken(0.3) ? undefined : state.devId }, body.body, { timeoutMs: 2000 });
}

async function subDelivery(url: string | undefined, uri: string | undefined): Promise<void> {
  if (!url || gen.broken(0.5)) return;
  const times = gen.int(1, 3);
  for (let i = 0; i < times; i++) {
    await sleep(gen.int(20, 400));
    const body = encodeFor(gen, 'mo', moBody(uri ? [uri] : []), { cbor: true, odd: 0.3 });
    await send('PUT', url, { 'content-type': body.contentType, 'omadm-devid': state.devId }, body.body, { timeoutMs: 2000 });
  }
}

async function execResult(uri: string | undefined, serverUri: string): Promise<void> {
  if (gen.broken(0.5)) return;
  await sleep(gen.int(20, 500));
  const account = [...state.accounts.values()][0];
  if (!account) return;
  const alert = gen.broken() ? gen.draw(execResultAlertArb()) : { AlertType: ALERT.EXEC_RESULT, SourceURI: uri, Data: { sc: gen.pick([200, 200, 500]) } };
  await session(account, gen.broken(0.5) ? [{ AlertType: ALERT.CLIENT }, alert] : [alert], serverUri);
}

// ---- The upper tester: every client method, each answered with a schema-valid result.
const nonEmpty = fc.string({ minLength: 1, maxLength: 12 });

let sessionsAsked = 0;
const link = await connectUpperTester({
  url: utUrl,
  role: 'client',
  product: { name: 'dmcts generated client', version: String(gen.seed) },
  log: logLine,
  handlers: {
    'client.bootstrap': async (p: { servers: Account[] }) => {
      state.accounts.clear();
      for (const s of p.servers) state.accounts.set(s.srvId, s);
      state.shown = [];
      state.localAddress = undefined;
      if (gen.broken(0.15)) state.devId = gen.pick(['gen-dev-2', 'gen dev', 'gen/dev', 'gén-dev', gen.draw(nonEmpty)]);
      const url = gen.broken(0.3)
        ? undefined
        : gen.odd(0.1)
          ? gen.pick(['not a url', 'http://[::1', 'ftp://127.0.0.1/noti', '', 'http://127.0.0.1:1/noti'])
          : await notificationUrl();
      return { devId: state.devId, ...(url !== undefined ? { notificationUrl: url } : {}) };
    },
    'client.startSession': (p: { srvId: string }) => {
      sessionsAsked += 1;
      const account = state.accounts.get(p.srvId);
      // The first session is the readiness probe: it opens; later ones sometimes do not, or open twice.
      if (sessionsAsked > 1 && gen.broken(0.1)) throw new Error('the generated client declines this session');
      if (!account) throw new Error(`no account for ${p.srvId}`);
      const alerts = [{ AlertType: ALERT.CLIENT, ...(notiUrl && !gen.broken() ? { SourceURI: notiUrl } : {}) }];
      if (sessionsAsked === 1 || !gen.broken(0.1)) void session(account, alerts);
      if (sessionsAsked > 1 && gen.broken(0.1)) void sleep(100).then(() => session(account, alerts));
      return {};
    },
    'client.factoryReset': () => {
      state.accounts.clear();
      state.shown = [];
      return {};
    },
    'client.moveNetwork': (p: { localAddress: string }) => {
      if (/^127\.\d+\.\d+\.\d+$/.test(p.localAddress) && !gen.broken()) state.localAddress = p.localAddress;
      return {};
    },
    'client.shown': () => ({ urls: gen.broken() ? gen.draw(fc.array(fc.webUrl(), { maxLength: 2 })) : [...state.shown] }),
    'client.localApp.register': () => {
      if (gen.broken(0.2)) throw new Error('the generated client refuses this application');
      return {};
    },
    'client.localApp.read': (p: { clientUri: string }) => {
      const entries = gen.broken()
        ? gen.draw(moSerializationArb({ maxDepth: 1 }))
        : [{ ClientURI: p.clientUri, MOData: gen.draw(moDataOrLeafArb({ maxDepth: 1 })) }];
      return { sc: gen.broken() ? gen.draw(statusCodeArb()) : 200, ...(gen.chance(0.8) ? { entries } : {}) };
    },
    'client.localApp.write': () => ({ sc: gen.broken() ? gen.draw(statusCodeArb()) : 200 }),
    'client.localApp.subscribe': () => ({ subscriptionId: `sub-${++state.subscriptions}` }),
    'client.localApp.changes': () => ({
      changes: gen.draw(
        fc.array(
          fc.record(
            {
              moid: nonEmpty,
              miid: nonEmpty,
              path: fc.array(fc.string({ maxLength: 6 }), { maxLength: 2 }),
              op: fc.constantFrom('create', 'replace', 'delete'),
              by: fc.oneof(fc.constant('device'), fc.string({ maxLength: 10 })),
              value: fc.jsonValue({ maxDepth: 1 }),
            },
            { requiredKeys: ['moid', 'miid', 'path', 'op', 'by'], noNullPrototype: true },
          ),
          { maxLength: 3 },
        ),
      ),
    }),
  },
});
await link.closed;
notiServer?.close();
process.exit(0);
