/**
 * The reference DM server: one HTTP(S) endpoint carrying the DM exchange (`/dm`, `/dm/s/<token>`,
 * `/dm/alert/<id>`), the ServerURIs its commands point to (`/content/<id>`, `/recv/<id>`) and the
 * operator API (`/operator/...`). HTTPS is TLS 1.2+; plain HTTP is for loopback debugging only.
 */
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { EventEmitter } from 'node:events';
import type { Encoding } from '../protocol/media-types.ts';
import { HttpClient } from '../transport/http-client.ts';
import type { ExchangeTimeouts } from '../transport/exchange-timeouts.ts';
import {
  EndpointConfigError,
  startEndpoint,
  type Endpoint,
  type EndpointReply,
  type EndpointRequest,
  type UpgradeHandler,
} from '../transport/http-endpoint.ts';
import { acceptWs, type WsConnection } from '../transport/ws-endpoint.ts';
import { NOTIFICATION_MEDIA_TYPE } from '../protocol/media-types.ts';
import { OMADM_DEVID } from '../protocol/negotiation.ts';
import { ClientAuthenticator, type ClientAuthOptions } from './client-auth.ts';
import type { TraceSink } from '../transport/trace.ts';
import { DeviceRegistry } from './device-registry.ts';
import { Notifier } from './notifier.ts';
import { handleOperator } from './operator-http.ts';
import { Operator } from './operator.ts';
import { ResourceHost } from './resource-host.ts';
import { RetransmitCache } from './retransmit-cache.ts';
import { SessionHandler } from './session-handler.ts';
import { SessionStore } from './session-store.ts';

export interface DmServerOptions {
  /** The server identifier devices know it by (DMAcc SrvID). */
  srvId: string;
  host?: string;
  port?: number;
  /** Certificate chain and key (PEM) for HTTPS; absent means plain HTTP on loopback. */
  tls?: { cert: string; key: string };
  /** Trust anchor for the HTTPS targets the server itself calls (device notification URLs). */
  ca?: string;
  /** The base URL devices reach the server at, when it differs from the listening address. */
  publicUrl?: string;
  idleTimeoutMs?: number;
  maxBodyBytes?: number;
  /** Bounds on each HTTP exchange: requests devices send it, and the server's own calls (Package#0). */
  exchange?: Partial<ExchangeTimeouts>;
  encodings?: Encoding[];
  maxCommandsPerPackage?: number;
  /** Content codings taken on request bodies, advertised to devices (default "gzip, br"; "" for none). */
  acceptEncoding?: string;
  /** Secret for Package#0 digests of devices without their own (DMAcc Auth/Noti/Secret). */
  notificationSecret?: string;
  operatorToken?: string;
  /**
   * How devices authenticate (K-SEC, P-SEC; harness/server/client-auth.ts): the HTTP modes and X.509
   * client certificates (`ca`: the PEM CA device certificates chain to; the endpoint then asks each
   * TLS client for a certificate without requiring one). With `required` — and for every device the
   * operator gave credentials — a Package#1/#3 without valid credentials for its OMADM-DevID gets
   * 401 and is not processed; wrong credentials always do. Per-device credentials come from the
   * operator (`operator.setCredentials`). Absent: no authentication.
   */
  clientAuth?: ClientAuthOptions;
  /** P-WS: take devices' WebSockets at `/dm` (default true); false refuses every upgrade with 501. */
  ws?: boolean;
  /**
   * Connections the endpoint holds at once (default 512, a flood's limit): each device holding its
   * WebSocket open (P-WS) takes one for as long as it holds it.
   */
  maxConnections?: number;
  trace?: TraceSink;
  log?: (line: string) => void;
}

/** The upgrade handler of a server without P-WS (`ws: false`): 501 and why, rather than a dropped connection. */
const refuseWs: UpgradeHandler = (_req, socket) => {
  const text = 'this DM server takes no WebSocket (P-WS is off): POST packages to /dm over HTTP(S)\n';
  socket.end(
    `HTTP/1.1 501 Not Implemented\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
};

export class DmServer {
  readonly registry = new DeviceRegistry();
  readonly resources = new ResourceHost();
  readonly events = new EventEmitter();
  readonly sessions: SessionStore;
  readonly operator: Operator;
  readonly operatorToken: string;
  /** Device credentials and their checks (inactive without `clientAuth`). */
  readonly clientAuth: ClientAuthenticator;
  /** The last answer of each session, for a retransmitted Package#3 (P-SESSION, ours). */
  readonly retransmits = new RetransmitCache();
  /** Devices whose next Package#3 is processed but its answer dropped with the connection (dropAnswer). */
  private readonly answerDrops = new Set<string>();
  private readonly handler: SessionHandler;
  private readonly http: HttpClient;
  private endpoint: Endpoint | undefined;
  /** The WebSocket each device holds open (P-WS), by DevID: the newest one. */
  private readonly wsDevices = new Map<string, WsConnection>();
  private closeWs: (() => void) | undefined;

  private constructor(readonly options: DmServerOptions) {
    this.events.setMaxListeners(0);
    this.operatorToken = options.operatorToken ?? randomBytes(18).toString('base64url');
    this.http = new HttpClient({
      side: 'server',
      timeoutMs: 10_000,
      ...(options.exchange ? { exchange: options.exchange } : {}),
      ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
      ...(options.ca ? { ca: options.ca } : {}),
      ...(options.trace ? { trace: options.trace } : {}),
    });
    const log = options.log ?? (() => {});
    this.clientAuth = new ClientAuthenticator(options.clientAuth ?? { modes: [], required: false }, options.srvId);
    const authenticate = options.clientAuth
      ? (req: EndpointRequest, devId: string): EndpointReply | undefined => {
          // A frame of a WebSocket whose upgrade was authenticated for this device (P-WS).
          if (req.authenticatedAs === devId) return undefined;
          const verdict = this.clientAuth.check(req, devId);
          if (verdict.ok) return undefined;
          log(`dev=${devId} 401 ${req.url.pathname.startsWith('/dm/s/') ? 'Package#3' : 'Package#1'} refused: ${verdict.reason}`);
          return verdict.reply;
        }
      : undefined;
    this.sessions = new SessionStore(options.idleTimeoutMs ?? 60_000, (session) => {
      log(`dev=${session.devId} session expired after ${this.sessions.idleTimeoutMs} ms idle`);
      this.handler.abandon(session, `session expired after ${this.sessions.idleTimeoutMs} ms without a Package#3`);
    });
    this.handler = new SessionHandler({
      registry: this.registry,
      sessions: this.sessions,
      encodings: options.encodings ?? ['json', 'cbor'],
      baseUrl: () => this.url,
      maxCommandsPerPackage: options.maxCommandsPerPackage ?? 50,
      acceptEncoding: options.acceptEncoding ?? 'gzip, br',
      log,
      events: this.events,
      onSessionStart: (record) => this.operator.applyStanding(record),
      retransmits: this.retransmits,
      ...(authenticate ? { authenticate } : {}),
    });
    this.operator = new Operator({
      registry: this.registry,
      resources: this.resources,
      notifier: new Notifier(options.srvId, this.http),
      events: this.events,
      baseUrl: () => this.url,
      credentials: this.clientAuth,
      wsNotify: (devId) => {
        const connection = this.wsDevices.get(devId);
        return connection && !connection.closed ? (bytes) => connection.send({ type: NOTIFICATION_MEDIA_TYPE, body: bytes }) : undefined;
      },
    });
    if (options.notificationSecret) {
      const secret = options.notificationSecret;
      this.events.on('session', (devId: string) => {
        const record = this.registry.get(devId);
        if (record && !record.notificationSecret) record.notificationSecret = secret;
      });
    }
  }

  static async start(options: DmServerOptions): Promise<DmServer> {
    const x509 = options.clientAuth?.modes.includes('x509') ?? false;
    if (x509 && !options.tls) throw new EndpointConfigError('clientAuth mode x509 needs HTTPS (tls): client certificates come with the TLS handshake');
    if (x509 && !options.clientAuth?.ca) throw new EndpointConfigError('clientAuth mode x509 needs clientAuth.ca, the CA device certificates chain to');
    const server = new DmServer(options);
    const ws = options.ws === false ? undefined : server.acceptWs();
    server.closeWs = ws?.close;
    server.endpoint = await startEndpoint(
      {
        host: options.host ?? '127.0.0.1',
        port: options.port ?? 0,
        ...(options.tls
          ? {
              tls: {
                cert: options.tls.cert,
                key: options.tls.key,
                // Ask for a certificate, never require one at the TLS level: the handler decides (401).
                ...(x509 ? { requestCert: true, rejectUnauthorized: false, ca: options.clientAuth!.ca! } : {}),
              },
            }
          : {}),
        maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
        ...(options.maxConnections ? { maxConnections: options.maxConnections } : {}),
        ...(options.exchange ? { timeouts: options.exchange } : {}),
        side: 'server',
        ...(options.trace ? { trace: options.trace } : {}),
        onError: (error) => options.log?.(`internal error: ${(error as Error).stack ?? String(error)}`),
        upgrade: ws?.upgrade ?? refuseWs,
      },
      // A Package#3 whose answer is to be dropped (dropAnswer): its connection is cut, the reply never written.
      (req) => server.routeOrDrop(req, () => (req.connection as Duplex | undefined)?.destroy()),
    );
    return server;
  }

  /** Sends a Package#0 frame as given (not built by the notifier) over a device's WebSocket; false when it holds none. */
  wsSendPackage0(devId: string, bytes: Uint8Array): boolean {
    const connection = this.wsDevices.get(devId);
    return connection !== undefined && !connection.closed && connection.send({ type: NOTIFICATION_MEDIA_TYPE, body: bytes });
  }

  /**
   * The next Package#3 of that device is processed as any other, then the connection that carried it
   * (its WebSocket, or the HTTP connection) is dropped at once instead of answering: the device must
   * send the identical Package#3 again on a new connection to get the Package#2 it lost (P-SESSION, ours).
   */
  dropAnswer(devId: string): void {
    this.answerDrops.add(devId);
  }

  /** Routes a request; a Package#3 of a device in answerDrops is processed, then `cut` drops its connection. */
  private async routeOrDrop(req: EndpointRequest, cut: () => void): Promise<EndpointReply> {
    const reply = await this.route(req);
    const devId = req.authenticatedAs ?? req.headers[OMADM_DEVID]?.trim();
    if (req.url.pathname.startsWith('/dm/s/') && devId && this.answerDrops.delete(devId)) {
      this.options.log?.(`dev=${devId} Package#3 processed, its answer dropped with the connection (as asked)`);
      cut();
    }
    return reply;
  }

  /** Devices with a WebSocket open to this server (P-WS). */
  wsConnected(): string[] {
    return [...this.wsDevices.values()].filter((c) => !c.closed).map((c) => c.devId);
  }

  /**
   * P-WS at `/dm`: the upgrade is authenticated as a Package#1 would be (its OMADM-DevID, TLS client
   * certificate or HTTP credentials); each DM frame is then routed like the POST it stands for.
   */
  private acceptWs(): ReturnType<typeof acceptWs> {
    const log = this.options.log ?? (() => {});
    return acceptWs({
      path: '/dm',
      maxFrameBytes: this.options.maxBodyBytes ?? 1024 * 1024,
      side: 'server',
      ...(this.options.trace ? { trace: this.options.trace } : {}),
      log,
      admit: (req) => {
        const devId = req.headers[OMADM_DEVID]?.trim();
        if (!devId) return { refuse: { status: 400, body: Buffer.from('a P-WS upgrade names its device in the OMADM-DevID header') } };
        if (this.options.clientAuth) {
          const verdict = this.clientAuth.check(req, devId);
          if (!verdict.ok) {
            log(`dev=${devId} 401 WebSocket refused: ${verdict.reason}`);
            return { refuse: verdict.reply };
          }
        }
        return { devId };
      },
      onRequest: (connection, req) => this.routeOrDrop(req, () => connection.terminate()),
      onOpen: (connection) => {
        const previous = this.wsDevices.get(connection.devId);
        this.wsDevices.set(connection.devId, connection);
        if (previous && previous !== connection) previous.close(1000, 'replaced by a newer connection of the device');
        const record = this.registry.ensure(connection.devId);
        this.registry.event(record, { kind: 'websocket', detail: `WebSocket opened from ${connection.remoteAddress}` });
        log(`dev=${connection.devId} WebSocket open from ${connection.remoteAddress}`);
        this.events.emit('ws-open', connection.devId);
      },
      onClose: (connection, why) => {
        if (this.wsDevices.get(connection.devId) === connection) this.wsDevices.delete(connection.devId);
        log(`dev=${connection.devId} WebSocket ${why}`);
      },
    });
  }

  /** The base URL (scheme://host:port) devices use. */
  get url(): string {
    if (this.options.publicUrl) return this.options.publicUrl.replace(/\/$/, '');
    if (!this.endpoint) throw new Error('the server is not started');
    return this.endpoint.url;
  }

  /** Where devices open sessions (their DMAcc SrvURI). */
  get dmUrl(): string {
    return `${this.url}/dm`;
  }

  get port(): number {
    return this.endpoint?.port ?? 0;
  }

  async stop(): Promise<void> {
    // A second stop (a test's own, then its clean-up) has nothing left to do.
    if (this.stopping) return this.stopping;
    this.stopping = this.stopNow();
    return this.stopping;
  }

  private stopping: Promise<void> | undefined;

  private async stopNow(): Promise<void> {
    this.sessions.stop();
    this.closeWs?.();
    await this.endpoint?.close();
    await this.http.close();
    this.resources.dispose();
  }

  private async route(req: EndpointRequest): Promise<EndpointReply> {
    const path = req.url.pathname;
    if (path === '/dm') return this.handler.package1(req);
    let m = /^\/dm\/s\/([A-Za-z0-9_-]{16,64})$/.exec(path);
    if (m) return this.handler.package3(req, m[1]!);
    m = /^\/dm\/alert\/([A-Za-z0-9_-]{1,64})$/.exec(path);
    if (m) return this.handler.package1(req, m[1]!);
    m = /^\/content\/([A-Za-z0-9_-]{1,64})$/.exec(path);
    if (m) return this.resources.serveContent(m[1]!, req);
    m = /^\/recv\/([A-Za-z0-9_-]{1,64})$/.exec(path);
    if (m) return this.resources.receive(m[1]!, req);
    if (path.startsWith('/operator/')) return handleOperator(req, this.operator, this.operatorToken);
    return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: Buffer.from(`nothing at ${path}\n`) };
  }
}
