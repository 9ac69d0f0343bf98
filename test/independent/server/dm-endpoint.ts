// The DM endpoint (K-FLOW, K-NEG, P-SESSION): Package#1 at the DM URL opens a session whose Package#2
// carries the queued commands and a CONT to <base>/dm/s/<token> (or only END when nothing is queued);
// each Package#3 at that URL is matched by its token alone, recorded, and answered likewise.
import type http from 'node:http';
import { ALERT, MT, cborOf, decodeBody, encodeBody, mediaType, quality } from '../common/media.ts';
import type { DeviceAuth } from './auth.ts';
import { readBody } from './http-body.ts';
import { fault } from '../common/faults.ts';
import { checkPackage1, checkPackage3, type Alert, type Package1, type Package3 } from './packages.ts';
import type { Registry, Session } from './registry.ts';

export interface EndpointConfig {
  base: string; // https://host:port
  dmPath: string; // /dm
  registry: Registry;
  auth: DeviceAuth;
  log: (line: string) => void;
  received: Map<string, Buffer[]>;
}

function send(res: http.ServerResponse, status: number, headers: Record<string, string | string[]> = {}, body?: Buffer): void {
  res.writeHead(status, { 'accept-encoding': 'gzip, br', ...headers });
  res.end(body);
}

export function handler(cfg: EndpointConfig): http.RequestListener {
  return (req, res) => {
    handle(cfg, req, res).catch((e: unknown) => {
      cfg.log(`internal error: ${e instanceof Error ? e.stack : String(e)}`);
      if (!res.headersSent) send(res, 500);
    });
  };
}

async function handle(cfg: EndpointConfig, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0]!;
  if (path.startsWith('/recv/')) {
    // Receivers for HPUT, HPOST and SUB deliveries: the unguessable path is the capability.
    if (req.method !== 'PUT' && req.method !== 'POST') return send(res, 405, { allow: 'PUT, POST' });
    const b = await readBody(req);
    if (!b.ok) return send(res, b.status);
    if (mediaType(req.headers['content-type']) !== MT.mo) return send(res, 415, { 'omadm-accept': MT.mo });
    const list = cfg.received.get(path) ?? [];
    list.push(b.body);
    cfg.received.set(path, list);
    return send(res, 204);
  }
  const sessionPrefix = `${cfg.dmPath}/s/`;
  if (req.method !== 'POST') return send(res, 405, { allow: 'POST' });
  if (path.startsWith(sessionPrefix)) return package3(cfg, req, res, path.slice(sessionPrefix.length));
  return package1(cfg, req, res);
}

function auth(cfg: EndpointConfig, req: http.IncomingMessage, res: http.ServerResponse, devId: string): boolean {
  const a = cfg.auth.check(devId, req.method ?? 'POST', req.url ?? '/', req.headers.authorization);
  if (a.ok) return true;
  cfg.log(`401 for a package of ${devId}: ${a.why}`);
  send(res, 401, a.challenge.length > 0 ? { 'www-authenticate': a.challenge } : {});
  return false;
}

function devIdOf(req: http.IncomingMessage): string | undefined {
  const v = req.headers['omadm-devid'];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function recordAlerts(cfg: EndpointConfig, devId: string, alerts: Alert[]): void {
  const dev = cfg.registry.device(devId);
  for (const a of alerts) {
    dev.alerts.push(a);
    if ((a.AlertType === ALERT.clientInitiated || a.AlertType === ALERT.serverInitiated) && a.SourceURI) dev.notiUrl = a.SourceURI;
    if (a.AlertType === ALERT.execResult) cfg.registry.attachExecResult(devId, a);
  }
}

/** The Package#2 type the Accept prefers (JSON or its CBOR twin); undefined when neither (406). */
function chooseType(accept: string | undefined, fallback: string): string | undefined {
  if (accept === undefined || accept.trim() === '') return fallback;
  const json = quality(accept, MT.request);
  const cbor = quality(accept, cborOf(MT.request));
  if (json === 0 && cbor === 0) return undefined;
  if (json !== cbor) return json > cbor ? MT.request : cborOf(MT.request);
  const a = accept.toLowerCase();
  const ij = a.indexOf(MT.request);
  const ic = a.indexOf(cborOf(MT.request));
  return ic >= 0 && (ij < 0 || ic < ij) ? cborOf(MT.request) : MT.request;
}

function package2(cfg: EndpointConfig, s: Session, res: http.ServerResponse, from: 'package1' | 'package3', clientInitiated = false): void {
  // SEEDED FAULT server-drop-queued: a client-initiated session is not offered the queued commands.
  const cmds = clientInitiated && fault('server-drop-queued') ? [] : cfg.registry.takeQueued(s.devId);
  const body: unknown[][] = cmds.map((c) => c.cmd);
  s.pending = [...cmds];
  const holdsEnd = cmds.some((c) => c.cmd[0] === 'END');
  // No Package#3 follows a Package#2 holding END, so no Status will come for any of its commands:
  // they are done once sent (DOC GAP: the state is not documented; see FINDINGS.md).
  if (holdsEnd) for (const c of cmds) c.state = 'done';
  if (cmds.length === 0) {
    body.push(['END']);
    cfg.registry.end(s);
  } else if (holdsEnd) {
    cfg.registry.end(s);
  } else if (fault('server-no-cont')) {
    // SEEDED FAULT server-no-cont: the session stays open at the server but the device is given no CONT.
    cfg.registry.touch(s);
  } else {
    body.push(['CONT', `${cfg.base}${cfg.dmPath}/s/${s.token}`]);
    // SEEDED FAULT server-status-off-by-one: the CONT booked at the wrong end of the pending list, so
    // the n-th Status is recorded for the (n-1)-th command and the CONT's for the last command.
    if (fault('server-status-off-by-one')) s.pending.unshift(null);
    else s.pending.push(null);
    cfg.registry.touch(s);
  }
  cfg.log(`Package#2 to ${s.devId}: ${body.map((c) => String(c[0])).join(' ')}`);
  // SEEDED FAULT server-p2-wrong-type: a JSON Package#2 answering a Package#3 is labelled plain application/json.
  const label = fault('server-p2-wrong-type') && from === 'package3' && s.type === MT.request ? 'application/json' : s.type;
  send(res, 200, { 'content-type': label }, encodeBody(s.type, { CMD: body }));
}

async function readPackage(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  type: string,
  given = mediaType(req.headers['content-type']),
): Promise<{ ok: true; v: unknown } | { ok: false }> {
  const acceptPost = `${type}, ${cborOf(type)}`;
  const b = await readBody(req);
  if (!b.ok) {
    send(res, b.status, b.status === 415 ? { 'accept-post': acceptPost } : {});
    return { ok: false };
  }
  if (given !== type && given !== cborOf(type)) {
    send(res, 415, { 'accept-post': acceptPost });
    return { ok: false };
  }
  try {
    return { ok: true, v: decodeBody(given, type, b.body) };
  } catch {
    send(res, 400);
    return { ok: false };
  }
}

async function package1(cfg: EndpointConfig, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  let given = mediaType(req.headers['content-type']);
  // SEEDED FAULT server-any-content-type: whatever is not CBOR is read as a JSON Package#1.
  if (fault('server-any-content-type') && given !== cborOf(MT.initiation)) given = MT.initiation;
  if (given !== MT.initiation && given !== cborOf(MT.initiation)) {
    req.resume();
    return send(res, 415, { 'accept-post': `${MT.initiation}, ${cborOf(MT.initiation)}` });
  }
  const type = chooseType(req.headers.accept, given === MT.initiation ? MT.request : cborOf(MT.request));
  if (!type) {
    req.resume();
    return send(res, 406);
  }
  const devId = devIdOf(req);
  const body = await readPackage(req, res, MT.initiation, given);
  if (!body.ok) return;
  if (!devId) return send(res, 400);
  if (checkPackage1(body.v)) return send(res, 400);
  if (!auth(cfg, req, res, devId)) return;
  const p1 = body.v as Package1;
  const dev = cfg.registry.device(devId);
  dev.sessions++;
  dev.lastAddress = req.socket.remoteAddress ?? '';
  recordAlerts(cfg, devId, p1.Alert);
  cfg.log(`Package#1 from ${devId} (${p1.Alert.map((a) => a.AlertType).join(', ')})`);
  const clientInitiated = p1.Alert.some((a) => a.AlertType === ALERT.clientInitiated);
  package2(cfg, cfg.registry.openSession(devId, type), res, 'package1', clientInitiated);
}

async function package3(cfg: EndpointConfig, req: http.IncomingMessage, res: http.ServerResponse, token: string): Promise<void> {
  const s = cfg.registry.sessions.get(token);
  if (!s || s.ended) {
    req.resume();
    return send(res, 404);
  }
  const body = await readPackage(req, res, MT.response);
  if (!body.ok) return;
  // SEEDED FAULT server-p3-any-devid: the session token is trusted, the OMADM-DevID not compared.
  const devId = fault('server-p3-any-devid') ? s.devId : devIdOf(req);
  if (!devId || devId !== s.devId) return send(res, 400);
  if (!auth(cfg, req, res, devId)) return;
  if (checkPackage3(body.v)) return send(res, 400);
  const p3 = body.v as Package3;
  cfg.registry.device(devId).lastAddress = req.socket.remoteAddress ?? '';
  if (p3.Status.length !== s.pending.length) {
    cfg.registry.end(s, `the Package#3 held ${p3.Status.length} Status entries for ${s.pending.length} commands`);
    return send(res, 400);
  }
  p3.Status.forEach((st, i) => {
    const c = s.pending[i];
    if (!c) return;
    c.state = 'done';
    c.status = st;
  });
  if (p3.Alert) recordAlerts(cfg, devId, p3.Alert);
  const type = chooseType(req.headers.accept, s.type);
  if (type) s.type = type;
  package2(cfg, s, res, 'package3');
}
