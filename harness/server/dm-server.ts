/**
 * The reference DM server: one HTTP(S) endpoint carrying the DM exchange (`/dm`, `/dm/s/<token>`,
 * `/dm/alert/<id>`), the ServerURIs its commands point to (`/content/<id>`, `/recv/<id>`) and the
 * operator API (`/operator/...`). HTTPS is TLS 1.2+; plain HTTP is for loopback debugging only.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Encoding } from '../protocol/media-types.ts';
import { HttpClient } from '../transport/http-client.ts';
import { startEndpoint, type Endpoint, type EndpointReply, type EndpointRequest } from '../transport/http-endpoint.ts';
import type { TraceSink } from '../transport/trace.ts';
import { DeviceRegistry } from './device-registry.ts';
import { Notifier } from './notifier.ts';
import { handleOperator } from './operator-http.ts';
import { Operator } from './operator.ts';
import { ResourceHost } from './resource-host.ts';
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
  encodings?: Encoding[];
  maxCommandsPerPackage?: number;
  /** Content codings taken on request bodies, advertised to devices (default "gzip, br"; "" for none). */
  acceptEncoding?: string;
  /** Secret for Package#0 digests of devices without their own (DMAcc Auth/Noti/Secret). */
  notificationSecret?: string;
  operatorToken?: string;
  trace?: TraceSink;
  log?: (line: string) => void;
}

export class DmServer {
  readonly registry = new DeviceRegistry();
  readonly resources = new ResourceHost();
  readonly events = new EventEmitter();
  readonly sessions: SessionStore;
  readonly operator: Operator;
  readonly operatorToken: string;
  private readonly handler: SessionHandler;
  private readonly http: HttpClient;
  private endpoint: Endpoint | undefined;

  private constructor(readonly options: DmServerOptions) {
    this.events.setMaxListeners(0);
    this.operatorToken = options.operatorToken ?? randomBytes(18).toString('base64url');
    this.http = new HttpClient({ side: 'server', timeoutMs: 10_000, ...(options.ca ? { ca: options.ca } : {}), ...(options.trace ? { trace: options.trace } : {}) });
    const log = options.log ?? (() => {});
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
    });
    this.operator = new Operator({
      registry: this.registry,
      resources: this.resources,
      notifier: new Notifier(options.srvId, this.http),
      events: this.events,
      baseUrl: () => this.url,
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
    const server = new DmServer(options);
    server.endpoint = await startEndpoint(
      {
        host: options.host ?? '127.0.0.1',
        port: options.port ?? 0,
        ...(options.tls ? { tls: { cert: options.tls.cert, key: options.tls.key } } : {}),
        maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
        side: 'server',
        ...(options.trace ? { trace: options.trace } : {}),
        onError: (error) => options.log?.(`internal error: ${(error as Error).stack ?? String(error)}`),
      },
      (req) => server.route(req),
    );
    return server;
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
    this.sessions.stop();
    await this.endpoint?.close();
    await this.http.close();
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
