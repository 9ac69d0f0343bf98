/**
 * The server side of a management session (K-FLOW, K-NEG, P-SESSION): Package#1 opens a session and
 * gets the first Package#2; each Package#3, found by the session token of its URI, gets the next one.
 * Every Package#2 that is not the last ends with a CONT to the session URI; the last one is END.
 * HTTP errors: 405 wrong method, 415 unreadable body type, 406 no acceptable answer type, 413 too large,
 * 400 missing OMADM-DevID or an invalid package, 404 unknown or expired session.
 */
import type { EventEmitter } from 'node:events';
import type { RawCommand } from '../protocol/commands.ts';
import { decodeBody, encodeBody } from '../protocol/body-codec.ts';
import { mediaType, type Encoding } from '../protocol/media-types.ts';
import { chooseEncoding, contentEncodingOf, OMADM_DEVID } from '../protocol/negotiation.ts';
import { ALERT, type GenericAlert, type Package1, type Package2, type Package3 } from '../protocol/packages.ts';
import { summarizePackage1, summarizePackage2, summarizePackage3 } from '../protocol/package-summary.ts';
import type { EndpointReply, EndpointRequest } from '../transport/http-endpoint.ts';
import type { DeviceRecord, DeviceRegistry } from './device-registry.ts';
import type { QueuedCommand } from './queued-command.ts';
import type { RetransmitCache } from './retransmit-cache.ts';
import type { Session, SessionStore } from './session-store.ts';

export interface SessionHandlerOptions {
  registry: DeviceRegistry;
  sessions: SessionStore;
  /** The encodings this server speaks, preferred first. */
  encodings: Encoding[];
  /** The public base URL (scheme://host:port) that CONT and alert URIs are built on. */
  baseUrl: () => string;
  maxCommandsPerPackage: number;
  /** Content codings this server takes on request bodies, advertised in Accept-Encoding (RFC 7694); '' for none. */
  acceptEncoding: string;
  log: (line: string) => void;
  /** Called when a session opens, before its first Package#2 is built (standing commands). */
  onSessionStart?: (record: DeviceRecord) => void;
  /**
   * Client authentication (P-SEC): the reply refusing a Package#1/#3 whose credentials are not valid
   * for its OMADM-DevID (nothing of that package is processed), or undefined to go on.
   */
  authenticate?: (req: EndpointRequest, devId: string) => EndpointReply | undefined;
  /** Emits 'session' (devId), 'done' and 'exec-result' (QueuedCommand), 'alert' (devId, GenericAlert). */
  events: EventEmitter;
  /** The last answer of each session, for a retransmitted Package#3 (P-SESSION, ours); absent: none kept. */
  retransmits?: RetransmitCache;
}

function text(status: number, message: string, headers: Record<string, string> = {}): EndpointReply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body: Buffer.from(`${message}\n`) };
}

export class SessionHandler {
  constructor(private readonly o: SessionHandlerOptions) {}

  /** Package#1 at the DM URL, or at an alert URL (`alertFor` = the id of the EXEC it answers). */
  package1(req: EndpointRequest, alertFor?: string): EndpointReply {
    const pre = this.preflight(req, 'initiation');
    if ('reply' in pre) return pre.reply;
    const refused = this.o.authenticate?.(req, pre.devId);
    if (refused) return refused;
    const decoded = decodeBody('initiation', req.body, pre.inEncoding);
    if (!decoded.ok) return text(400, `invalid Package#1: ${decoded.error.message}`);
    const p1: Package1 = decoded.value;
    const { registry } = this.o;
    const record = registry.ensure(pre.devId);
    record.lastSeen = Date.now();
    record.lastAddress = req.remoteAddress;
    record.mos = p1.MOS;
    record.sessions += 1;
    for (const alert of p1.Alert) this.alert(record, alert, alertFor);
    const session = this.o.sessions.open(pre.devId, pre.outEncoding, req.remoteAddress);
    this.o.onSessionStart?.(record);
    registry.event(record, { kind: 'session-start', detail: `${summarizePackage1(p1)} from ${req.remoteAddress}` });
    this.o.log(`dev=${pre.devId} <- ${summarizePackage1(p1)} (${pre.inEncoding}, ${req.remoteAddress})`);
    const reply = this.reply(record, session);
    this.o.events.emit('session', pre.devId);
    return reply;
  }

  /** Package#3 at a session URL. */
  package3(req: EndpointRequest, token: string): EndpointReply {
    const session = this.o.sessions.get(token);
    // A session that just ended still answers a retransmission of its last Package#3 (ours, grace period).
    const devId = session?.devId ?? this.o.retransmits?.endedSessionOf(token);
    if (!devId) return text(404, 'no such session: it ended or expired (start a new one with a Package#1)');
    const pre = this.preflight(req, 'response');
    if ('reply' in pre) return pre.reply;
    const refused = this.o.authenticate?.(req, pre.devId);
    if (refused) return refused;
    const { registry } = this.o;
    const record = registry.ensure(devId);
    if (pre.devId !== devId) {
      return text(400, `OMADM-DevID "${pre.devId}" is not the device of this session ("${devId}")`);
    }
    // (ours) The Package#3 the session answered last, sent again (its answer was lost with the
    // connection): the same Package#2 again, byte for byte, and nothing of it processed twice.
    const replay = this.o.retransmits?.replay(token, devId, req);
    if (replay) {
      registry.event(record, { kind: 'retransmission', detail: `Package#3 retransmitted from ${req.remoteAddress}: the last Package#2 sent again` });
      this.o.log(`dev=${devId} <- retransmitted Package#3 (${req.remoteAddress}): its Package#2 sent again, not processed twice`);
      if (session && !session.addresses.includes(req.remoteAddress)) session.addresses.push(req.remoteAddress);
      return replay;
    }
    if (!session) return text(404, 'no such session: it ended (start a new one with a Package#1)');
    const decoded = decodeBody('response', req.body, pre.inEncoding);
    if (!decoded.ok) return this.protocolError(record, session, `invalid Package#3: ${decoded.error.message}`);
    const p3: Package3 = decoded.value;
    session.lastSeen = Date.now();
    session.encoding = pre.outEncoding;
    if (!session.addresses.includes(req.remoteAddress)) session.addresses.push(req.remoteAddress);
    record.lastSeen = session.lastSeen;
    record.lastAddress = req.remoteAddress;
    this.o.log(`dev=${session.devId} <- ${summarizePackage3(p3)}`);
    const expected = session.awaiting.length + 1;
    if (p3.Status.length !== expected) {
      return this.protocolError(record, session, `Package#3 has ${p3.Status.length} Status entries for a Package#2 of ${expected} commands`);
    }
    session.awaiting.forEach((cmd, i) => {
      cmd.status = p3.Status[i]!;
      cmd.state = 'done';
      cmd.doneAt = session.lastSeen;
      registry.finish(record, cmd);
      this.o.events.emit('done', cmd);
    });
    session.awaiting = [];
    for (const alert of p3.Alert ?? []) this.alert(record, alert);
    const reply = this.reply(record, session);
    this.o.retransmits?.remember(token, devId, req, reply, this.o.sessions.get(token) === undefined);
    return reply;
  }

  /** Ends what a session had in flight: its commands are lost (expiry, protocol error). */
  abandon(session: Session, reason: string): void {
    this.o.retransmits?.forget(session.token);
    const record = this.o.registry.get(session.devId);
    if (!record) return;
    for (const cmd of session.awaiting) {
      cmd.state = 'lost';
      cmd.reason = reason;
      cmd.doneAt = Date.now();
      this.o.registry.finish(record, cmd);
      this.o.events.emit('done', cmd);
    }
    session.awaiting = [];
    this.o.registry.event(record, { kind: 'session-expired', detail: reason });
  }

  private protocolError(record: DeviceRecord, session: Session, message: string): EndpointReply {
    this.o.registry.event(record, { kind: 'protocol-error', detail: message });
    this.o.log(`dev=${session.devId} !! ${message}`);
    this.o.sessions.close(session);
    this.abandon(session, message);
    return text(400, message);
  }

  private preflight(
    req: EndpointRequest,
    kind: 'initiation' | 'response',
  ): { reply: EndpointReply } | { devId: string; inEncoding: Encoding; outEncoding: Encoding } {
    if (req.method !== 'POST') return { reply: text(405, 'DM packages are sent with POST', { allow: 'POST' }) };
    const inEncoding = contentEncodingOf(req.headers['content-type'], kind);
    const accepted = this.o.encodings.map((e) => mediaType(kind, e)).join(', ');
    if (!inEncoding || !this.o.encodings.includes(inEncoding)) {
      return { reply: text(415, `Content-Type must be one of ${accepted}`, { 'accept-post': accepted }) };
    }
    const outEncoding = chooseEncoding(req.headers.accept, 'request', this.o.encodings);
    if (!outEncoding) {
      return { reply: text(406, `Accept allows none of ${this.o.encodings.map((e) => mediaType('request', e)).join(', ')}`) };
    }
    const devId = req.headers[OMADM_DEVID]?.trim();
    if (!devId) return { reply: text(400, 'the OMADM-DevID header is missing') };
    return { devId, inEncoding, outEncoding };
  }

  private alert(record: DeviceRecord, alert: GenericAlert, alertFor?: string): void {
    this.o.registry.event(record, { kind: 'alert', detail: alert.AlertType, alert });
    // Our profile choice: the SourceURI of a session alert is where the device takes Package#0 over HTTP.
    const sessionAlert = alert.AlertType === ALERT.CLIENT_INITIATED || alert.AlertType === ALERT.SERVER_INITIATED;
    if (sessionAlert && !record.notificationUrlPinned && /^https?:\/\//i.test(alert.SourceURI ?? '')) record.notificationUrl = alert.SourceURI!;
    if (alert.AlertType === ALERT.EXEC_RESULT) {
      // The result of an asynchronous EXEC of this device that has none yet: by the alert URL it came
      // to, else by its SourceURI (the executed node, as sent or as the device reported it in the 202).
      const pending = (c: QueuedCommand | undefined) =>
        c !== undefined && c.devId === record.devId && c.command[0] === 'EXEC' && c.status?.sc === 202 && !c.asyncResult;
      const byUrl = alertFor ? this.o.registry.findCommand(alertFor) : undefined;
      const target = pending(byUrl)
        ? byUrl
        : record.history.find(
            (c) => pending(c) && alert.SourceURI !== undefined && (c.command[1] === alert.SourceURI || c.status!.URI.includes(alert.SourceURI)),
          );
      if (target) {
        target.asyncResult = alert;
        this.o.events.emit('exec-result', target);
      }
    }
    this.o.events.emit('alert', record.devId, alert);
  }

  private reply(record: DeviceRecord, session: Session): EndpointReply {
    const p2 = this.nextPackage2(record, session);
    session.packages += 1;
    this.o.log(`dev=${record.devId} -> ${summarizePackage2(p2)}`);
    return {
      status: 200,
      headers: { 'content-type': mediaType('request', session.encoding), ...(this.o.acceptEncoding ? { 'accept-encoding': this.o.acceptEncoding } : {}) },
      body: encodeBody(p2, session.encoding),
      compress: true,
    };
  }

  private nextPackage2(record: DeviceRecord, session: Session): Package2 {
    const batch = record.queue.filter((c) => c.state === 'queued').slice(0, this.o.maxCommandsPerPackage);
    const now = Date.now();
    for (const cmd of batch) {
      cmd.state = 'sent';
      cmd.sentAt = now;
    }
    const commands: RawCommand[] = batch.map((c) => c.command);
    const endsHere = batch.length === 0 || commands.some((c) => c[0] === 'END');
    if (endsHere) {
      this.o.sessions.close(session);
      for (const cmd of batch) this.finishWithoutStatus(record, cmd);
      this.o.registry.event(record, { kind: 'session-end', detail: `after ${session.packages + 1} packages` });
      return { CMD: batch.length === 0 ? [['END']] : commands };
    }
    session.awaiting = batch;
    return { CMD: [...commands, ['CONT', `${this.o.baseUrl()}/dm/s/${session.token}`]] };
  }

  private finishWithoutStatus(record: DeviceRecord, cmd: QueuedCommand): void {
    cmd.state = 'done';
    cmd.doneAt = Date.now();
    cmd.reason = 'sent in a Package#2 with END: no Package#3 follows';
    this.o.registry.finish(record, cmd);
    this.o.events.emit('done', cmd);
  }
}
