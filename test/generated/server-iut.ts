/**
 * A generated DM server IUT (issue 7, item 8): a small process behind an upper-tester adapter, run by
 * `dmcts run` through the process adapter like any vendor's, whose DM behaviour is drawn from a seed
 * (DMCTS_GEN_SEED) with the project's fast-check arbitraries (harness/generators/) plus deliberate
 * breakage. It answers each Package#1 and Package#3 with a generated Package#2 — the commands queued
 * for the device, generated commands, wrong parameter counts and types, bad URIs, CONT and END or not,
 * JSON or CBOR, or an HTTP oddity — serves generated content for HGET, takes (or refuses) HPUT/HPOST
 * and SUB deliveries, and answers every server method of the upper tester with a schema-valid result,
 * sometimes true to what happened, sometimes generated. Answers come quickly: odd content, not hangs.
 *   DMCTS_GEN_SEED=7 node bin/run-ts.mjs test/generated/server-iut.ts --port N   (DMCTS_UT_URL set by the harness)
 */
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import { genericAlertArb } from '../../harness/generators/alerts.ts';
import { commandArb, unknownCommandNameArb, wrongCountCommandArb, wrongTypeCommandArb } from '../../harness/generators/commands.ts';
import { moSerializationArb } from '../../harness/generators/mo-serialization.ts';
import { statusEntryArb } from '../../harness/generators/packages.ts';
import { mediaType } from '../../harness/protocol/media-types.ts';
import { signNotification } from '../../harness/protocol/package0-digest.ts';
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
  oddServerUri,
  readBody,
  reachable,
  seedFromEnv,
  breakageFromEnv,
  send,
} from './kit.ts';

const { values } = parseArgs({ options: { port: { type: 'string' }, secret: { type: 'string' } }, allowPositionals: true, strict: false });
const port = Number(values.port);
const notiSecret = typeof values.secret === 'string' ? values.secret : 'gen-noti-secret';
const gen = new Gen(seedFromEnv(), breakageFromEnv());
const utUrl = process.env[UT_URL_ENV];
if (!utUrl || !Number.isInteger(port)) {
  process.stderr.write(`${UT_URL_ENV} and --port are required\n`);
  process.exit(2);
}
logLine(`seed ${gen.seed}, breakage ${gen.breakage}, oddness ${gen.oddness}`);
const base = `http://127.0.0.1:${port}`;

type State = 'queued' | 'sent' | 'done' | 'lost';
interface Queued {
  id: string;
  devId: string;
  command: unknown[];
  state: State;
  status?: unknown;
  asyncResult?: Record<string, unknown>;
}
interface Device {
  sessions: number;
  lastAddress?: string;
  alerts: Array<Record<string, unknown>>;
  notificationUrl?: string;
  queue: Queued[];
}
interface Session {
  devId: string;
  sent: Queued[];
}

const devices = new Map<string, Device>();
const commands = new Map<string, Queued>();
const sessions = new Map<string, Session>();
const received = new Map<string, number>();
/** Content this server publishes at a path (a grant for server.delegate); other paths get generated MO content. */
const contents = new Map<string, unknown>();
const DELEGATION_MOID = 'urn:oma:mo:oma-dm-delegation:1.0';
let nextId = 1;
let packagesAnswered = 0;

function device(devId: string): Device {
  let d = devices.get(devId);
  if (!d) devices.set(devId, (d = { sessions: 0, alerts: [], queue: [] }));
  return d;
}

// ---- ServerURIs: generated ones are moved onto loopback (this server, or a port where nothing listens).
function loopbackUri(uri: unknown): unknown {
  if (typeof uri !== 'string') return uri;
  if (gen.odd(0.2)) return oddServerUri(gen, base);
  return uri.replace(/^(https?):\/\/[^/]*/i, () =>
    gen.chance(0.7) ? base : gen.pick(['http://127.0.0.1:1', `https://127.0.0.1:${port}`, 'http://127.0.0.1:9']),
  );
}

function contentUrl(): string {
  return `${base}/content/${nextId++}`;
}

function receiverUrl(): string {
  return `${base}/recv/${nextId++}`;
}

const SERVER_URI_AT: Record<string, number[]> = { HGET: [1], HPUT: [1], HPOST: [1], EXEC: [2], SHOW: [1], CONT: [1], DEFAULT: [2], SUB: [2] };

/** A generated command with its ServerURIs on loopback: correct, wrong count, wrong type or an unknown name. */
function generatedCommand(): unknown[] {
  const c = gen.pick<() => unknown[]>([
    () => gen.draw(commandArb()),
    () => gen.draw(commandArb()),
    () => gen.draw(wrongCountCommandArb()),
    () => gen.draw(wrongTypeCommandArb()).command,
    () => [gen.draw(unknownCommandNameArb()), `${base}/x`],
  ])();
  return c.map((p) => loopbackUri(p));
}

/** A queued command as it leaves: "auto" ServerURIs become this server's own URLs (sometimes not). */
function outgoing(q: Queued, fault: Fault): unknown[] {
  const name = String(q.command[0]);
  const at = SERVER_URI_AT[name] ?? [];
  const cmd = q.command.map((p, i) =>
    p === 'auto' && at.includes(i)
      ? fault === 'auto'
        ? gen.pick(['auto', 'http://127.0.0.1:1/recv', `${base}/nothing`])
        : name === 'HGET' || name === 'SHOW'
          ? contentUrl()
          : receiverUrl()
      : p,
  );
  return fault === 'command' && gen.chance(0.5) ? (breakValue(gen, cmd) as unknown[]) : cmd;
}

/**
 * A package's one structural fault (drawn with probability `breakage`): an HTTP oddity instead of a
 * Package#2, a broken body or encoding, a bad CONT URL, CONT/END wrong, a broken command, fewer
 * commands than queued, "auto" ServerURIs not replaced. Generated (schema-valid) extra commands are
 * odd content and come more often.
 */
type Fault = 'none' | 'http' | 'body' | 'encoding' | 'cont-url' | 'cont-end' | 'command' | 'take' | 'auto' | 'status';
const FAULTS: Fault[] = ['http', 'body', 'encoding', 'cont-url', 'cont-end', 'command', 'take', 'auto', 'status'];

// ---- Package#2.
function package2(devId: string, session: Session, fault: Fault): unknown {
  const d = device(devId);
  const cmds: unknown[] = [];
  const take = fault === 'take' ? gen.int(0, 1) : gen.int(1, 4);
  for (const q of d.queue.filter((x) => x.state === 'queued').slice(0, take)) {
    q.state = 'sent';
    session.sent.push(q);
    cmds.push(outgoing(q, fault));
  }
  if (gen.odd(0.5)) {
    const n = gen.int(1, 2);
    for (let i = 0; i < n; i++)
      cmds.splice(
        gen.int(0, cmds.length),
        0,
        gen.draw(commandArb()).map((p) => loopbackUri(p)),
      );
  }
  if (fault === 'command') cmds.splice(gen.int(0, cmds.length), 0, gen.chance(0.3) ? ['GET', deepValue(gen)] : generatedCommand());
  const more = d.queue.some((x) => x.state === 'queued');
  const token = randomBytes(12).toString('base64url');
  const contUrl =
    fault === 'cont-url'
      ? gen.pick([
          `${base}/dm/s/unknown`,
          'http://127.0.0.1:1/dm/s/x',
          `https://127.0.0.1:${port}/dm/s/${token}`,
          '/dm/s/relative',
          'not a uri',
          oddServerUri(gen, base),
          oddServerUri(gen, base),
        ])
      : `${base}/dm/s/${token}`;
  const wantCont = cmds.length > 0 || more;
  if (fault === 'cont-end') {
    // CONT and END both, neither, END first, CONT twice, END with a parameter, CONT without one.
    gen.pick<() => void>([
      () => cmds.push(['CONT', contUrl], ['END']),
      () => undefined,
      () => cmds.unshift(['END']),
      () => cmds.push(['CONT', contUrl], ['CONT', contUrl]),
      () => cmds.push(['END', 'extra']),
      () => cmds.push(['CONT']),
      () => cmds.push(wantCont ? ['END'] : ['CONT', contUrl]),
    ])();
  } else if (wantCont) cmds.push(['CONT', contUrl]);
  else cmds.push(['END']);
  const p2: unknown = { CMD: cmds };
  return fault === 'body' ? breakValue(gen, p2) : p2;
}

function answerDm(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  void (async () => {
    packagesAnswered += 1;
    const value = (await decodeLoose(body, req.headers['content-type'])) as Record<string, unknown> | undefined;
    const path = (req.url ?? '/').split('?')[0]!;
    const token = path.startsWith('/dm/s/') ? path.slice(6) : undefined;
    const known = token ? sessions.get(token) : undefined;
    const header = req.headers['omadm-devid'];
    const devId = known?.devId ?? (typeof header === 'string' && header !== '' ? header : 'unknown-device');
    const d = device(devId);
    d.lastAddress = `${req.socket.remoteAddress ?? '127.0.0.1'}:${req.socket.remotePort ?? 0}`;
    if (!token) {
      d.sessions += 1;
      const alerts = value && Array.isArray(value.Alert) ? value.Alert : [];
      for (const a of alerts) {
        if (!a || typeof a !== 'object') continue;
        const alert = a as Record<string, unknown>;
        d.alerts.push(alert);
        if (typeof alert.SourceURI === 'string' && /Initiated/.test(String(alert.AlertType))) d.notificationUrl = alert.SourceURI;
        if (alert.AlertType === 'urn:oma:at:dm:2.0:ExecResult') {
          const exec = [...commands.values()].find((q) => q.devId === devId && q.command[0] === 'EXEC' && q.asyncResult === undefined);
          if (exec) exec.asyncResult = alert;
        }
      }
    } else if (known) {
      // A Package#3: each Status to the command sent at that place (when it is a list).
      const statuses = value && Array.isArray(value.Status) ? value.Status : undefined;
      known.sent.forEach((q, i) => {
        if (statuses && statuses[i] !== undefined) {
          q.state = 'done';
          q.status = statuses[i];
        } else q.state = gen.broken() ? 'done' : 'lost';
      });
      sessions.delete(token);
    }
    const session: Session = { devId, sent: [] };
    // The first Package#1 (the readiness probe) gets a Package#2; later ones sometimes a fault.
    const fault: Fault = packagesAnswered > 1 && gen.broken() ? gen.pick(FAULTS) : 'none';
    if (fault === 'http') {
      const oddity = gen.pick<() => void>([
        () => res.writeHead(gen.pick([400, 401, 403, 404, 406, 415, 500, 503]), { 'content-length': '0' }).end(),
        () => res.writeHead(204).end(),
        () => res.writeHead(302, { location: `${base}/dm`, 'content-length': '0' }).end(),
        () => {
          const b = Buffer.from('<html>not a package</html>');
          res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(b.length) }).end(b);
        },
        () => {
          const b = Buffer.from(JSON.stringify(gen.draw(fc.jsonValue({ maxDepth: 2 }))) ?? 'null');
          res.writeHead(200, { 'content-type': mediaType('request', 'json'), 'content-length': String(b.length) }).end(b);
        },
        () => req.socket.destroy(),
      ]);
      oddity();
      return;
    }
    const p2 = package2(devId, session, fault);
    if (!token || known) {
      // Keep the new session under the token of the CONT just sent.
      const cont = (p2 as { CMD?: unknown[] }).CMD?.find((c) => Array.isArray(c) && c[0] === 'CONT');
      const url = Array.isArray(cont) && typeof cont[1] === 'string' ? cont[1] : undefined;
      const t = url?.startsWith(`${base}/dm/s/`) ? url.slice(`${base}/dm/s/`.length) : undefined;
      if (t) sessions.set(t, session);
      else for (const q of session.sent) q.state = gen.broken() ? 'sent' : 'done';
    }
    const accept = String(req.headers.accept ?? '');
    const enc = encodeFor(gen, 'request', p2, { cbor: accept.includes('cbor'), odd: fault === 'encoding' ? 1 / gen.breakage : 0 });
    const status = fault === 'status' ? gen.pick([201, 202, 299]) : 200;
    res.writeHead(status, { ...(enc.contentType ? { 'content-type': enc.contentType } : {}), 'content-length': String(enc.body.length) }).end(enc.body);
  })().catch((error: unknown) => {
    logLine(`answer failed: ${(error as Error).message}`);
    if (!res.headersSent) res.writeHead(500, { 'content-length': '0' }).end();
  });
}

// ---- Content for HGET, receivers for HPUT/HPOST/SUB.
function answerContent(path: string, res: ServerResponse): void {
  const fixed = contents.get(path);
  const entries: unknown =
    fixed && !gen.broken()
      ? fixed
      : gen.broken()
        ? breakValue(gen, gen.draw(moSerializationArb({ maxDepth: 1 })))
        : gen.draw(moSerializationArb({ maxDepth: 1 }));
  const enc = encodeFor(gen, 'mo', entries, { cbor: true, odd: 0.3 });
  const status = gen.broken(0.2) ? gen.pick([404, 500, 204]) : 200;
  res.writeHead(status, { ...(enc.contentType ? { 'content-type': enc.contentType } : {}), 'content-length': String(enc.body.length) }).end(enc.body);
}

function answerReceiver(path: string, res: ServerResponse): void {
  received.set(path, (received.get(path) ?? 0) + 1);
  if (gen.broken(0.3)) {
    const status = gen.pick([400, 404, 415, 500]);
    res.writeHead(status, { ...(status === 415 && !gen.broken() ? { 'omadm-accept': mediaType('mo', 'json') } : {}), 'content-length': '0' }).end();
    return;
  }
  res.writeHead(gen.pick([200, 204]), { 'content-length': '0' }).end();
}

const http = createServer((req, res) => {
  void readBody(req).then((body) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path.startsWith('/content/')) return answerContent(path, res);
    if (path.startsWith('/recv/')) return answerReceiver(path, res);
    if (path === '/dm' || path.startsWith('/dm/')) return answerDm(req, res, body);
    res.writeHead(404, { 'content-length': '0' }).end();
  });
});
http.on('clientError', (_e, socket) => socket.destroy());
await new Promise<void>((resolve, reject) => {
  http.once('error', reject);
  http.listen(port, '127.0.0.1', () => resolve());
});
logLine(`DM URL ${base}/dm`);

// ---- The upper tester: every server method, each answered with a schema-valid result.
function newCommand(devId: string, command: unknown[]): Queued {
  const q: Queued = { id: `gen-cmd-${nextId++}`, devId, command, state: 'queued' };
  commands.set(q.id, q);
  device(devId).queue.push(q);
  return q;
}

function statusForUt(status: unknown): { sc: number; URI: string[]; Data?: unknown[] } | undefined {
  // The upper tester's schema: sc an integer, URI strings, Data MO entries; anything else is reshaped.
  if (!status || typeof status !== 'object') return undefined;
  const s = status as Record<string, unknown>;
  const sc = typeof s.sc === 'number' && Number.isInteger(s.sc) ? s.sc : 400;
  const uris = Array.isArray(s.URI) ? s.URI.filter((u): u is string => typeof u === 'string') : [];
  const data = Array.isArray(s.Data)
    ? s.Data.filter(
        (e): e is Record<string, unknown> =>
          !!e &&
          typeof e === 'object' &&
          typeof (e as Record<string, unknown>).ClientURI === 'string' &&
          (e as Record<string, unknown>).ClientURI !== '' &&
          'MOData' in (e as object),
      ).map((e) => ({
        ClientURI: e.ClientURI,
        MOData: e.MOData,
        ...(typeof e.CV === 'string' ? { CV: e.CV } : {}),
        ...(typeof e.DDF === 'string' ? { DDF: e.DDF } : {}),
      }))
    : undefined;
  return { sc, URI: uris, ...(data ? { Data: data } : {}) };
}

const STATES: State[] = ['queued', 'sent', 'done', 'lost'];

/** The Status the device sent, sometimes reported otherwise: another code, odd URIs, odd Data. */
function oddResultStatus(status: { sc: number; URI: string[]; Data?: unknown[] } | undefined): { sc: number; URI: string[]; Data?: unknown[] } | undefined {
  if (!status || !gen.odd()) return status;
  const first = status.URI[0];
  return gen.pick<() => { sc: number; URI: string[]; Data?: unknown[] }>([
    () => ({ ...status, sc: gen.pick([200, 202, 204, 400, 404, 500]) }),
    () => ({ ...status, URI: [oddClientUri(gen, first)] }),
    () => ({ ...status, URI: [] }),
    () => ({ ...status, URI: [...status.URI, oddClientUri(gen, first)] }),
    () => ({ ...status, Data: [] }),
    () => ({ ...status, Data: [{ ClientURI: oddClientUri(gen, first), MOData: gen.pick([null, 'x', 1, [], {}]) }] }),
    () => ({ ...status, Data: [{ ClientURI: first ?? 'urn:x', MOData: deepValue(gen) }] }),
    () => ({ sc: status.sc, URI: status.URI }),
  ])();
}

const link = await connectUpperTester({
  url: utUrl,
  role: 'server',
  product: { name: 'dmcts generated server', version: String(gen.seed) },
  log: logLine,
  handlers: {
    'server.queue': (p: { devId: string; command: unknown[] }) => {
      if (gen.broken(0.05)) throw new Error('the generated server refuses to queue this');
      const q = newCommand(p.devId, p.command);
      return { commandId: q.id };
    },
    'server.result': (p: { commandId: string }) => {
      const q = commands.get(p.commandId);
      if (!q || gen.odd(0.3)) {
        const status = gen.broken() ? undefined : statusForUt(gen.draw(statusEntryArb({ maxDepth: 1 })));
        return {
          state: gen.pick(STATES),
          ...(status ? { status } : {}),
          ...(gen.chance(0.2) ? { asyncResult: gen.chance(0.3) ? { AlertType: 'x', Data: deepValue(gen) } : gen.draw(genericAlertArb()) } : {}),
          ...(gen.chance(0.3) ? { reason: gen.draw(fc.string({ maxLength: 20 })) } : {}),
        };
      }
      const status = oddResultStatus(statusForUt(q.status));
      return {
        state: q.state,
        ...(status ? { status } : {}),
        ...(q.asyncResult ? { asyncResult: q.asyncResult } : {}),
        ...(q.state === 'lost' ? { reason: 'the generated server lost it' } : {}),
      };
    },
    'server.notify': async (p: { devId: string; url?: string; secret?: string; reqMos?: boolean }) => {
      const d = device(p.devId);
      const url = p.url ?? d.notificationUrl;
      if (!url || !reachable(url) || gen.broken(0.3))
        return { delivered: gen.chance(0.5), ...(gen.chance(0.3) ? { httpStatus: gen.pick([202, 204, 400]) } : {}) };
      const notification = {
        version: 0 as const,
        serverId: 'gen-server',
        notificationId: gen.int(0, 0xffff),
        timestamp: Math.floor(Date.now() / 1000),
        reqMos: p.reqMos ?? false,
      };
      const bytes = signNotification(notification, gen.broken() ? 'wrong-secret' : (p.secret ?? notiSecret), p.devId);
      const answer = await send('POST', url, { 'content-type': 'application/vnd.oma.dm.notification' }, Buffer.from(gen.broken() ? breakBytes(bytes) : bytes), {
        timeoutMs: 2000,
      });
      return { delivered: answer !== undefined && answer.status >= 200 && answer.status < 300, ...(answer ? { httpStatus: answer.status } : {}) };
    },
    'server.setCredentials': () => {
      if (gen.broken(0.2)) throw new Error('the generated server cannot set credentials');
      return {};
    },
    'server.delegate': (p: { devId: string; grant: Record<string, unknown> }) => {
      // The grant as an HGET of a Delegation MO instance (P-DELEG), sometimes broken on the way.
      const path = `/content/grant-${nextId++}`;
      contents.set(path, [{ ClientURI: DELEGATION_MOID, MOData: gen.broken() ? breakValue(gen, p.grant) : p.grant }]);
      const q = newCommand(p.devId, ['HGET', `${base}${path}`]);
      return { commandId: q.id };
    },
    'server.device': (p: { devId: string }) => {
      const d = devices.get(p.devId);
      if (!d || gen.odd(0.3)) {
        return {
          known: gen.chance(0.5),
          sessions: gen.int(0, 4),
          ...(gen.chance(0.5) ? { lastAddress: gen.pick(['127.0.0.1:1', '127.0.0.2:5', 'nowhere', '']) } : {}),
          alerts: [
            ...(gen.draw(fc.array(fc.oneof(genericAlertArb(), fc.constant({})), { maxLength: 3 })) as object[]),
            ...(gen.chance(0.2) ? [{ AlertType: 'x', Data: deepValue(gen) }] : []),
          ],
        };
      }
      return {
        known: true,
        sessions: d.sessions,
        ...(d.lastAddress ? { lastAddress: d.lastAddress } : {}),
        alerts: d.alerts.filter((a) => a && typeof a === 'object' && !Array.isArray(a)),
      };
    },
  },
});

function breakBytes(bytes: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(bytes);
  if (copy.length > 0) {
    const i = gen.int(0, copy.length - 1);
    copy[i] = copy[i]! ^ 0xff;
  }
  return gen.chance(0.5) ? copy : copy.slice(0, gen.int(0, copy.length));
}

await link.closed;
http.close();
process.exit(0);
