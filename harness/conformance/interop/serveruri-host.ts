/**
 * The ServerURIs of the command scenarios: an HTTPS endpoint of the harness (the interop run's PKI,
 * whose CA the client IUT trusts) that serves MO serializations for HGET and DEFAULT
 * (`/content/<id>`), a page for SHOW (`/show/<id>`), and records what HPUT, HPOST and SUB deliver
 * (`/recv/<id>`). The upper tester has no way to have a server IUT publish content, so the harness
 * hosts it; what the scenarios judge is the pair: the server sent the command, the client carried
 * it out, and both report the same Status.
 */
import { randomBytes } from 'node:crypto';
import { decodeValue, encodeBody } from '../../protocol/body-codec.ts';
import { mediaType, parseMediaType } from '../../protocol/media-types.ts';
import type { MoSerialization } from '../../protocol/packages.ts';
import type { TestPki } from '../../security/test-pki.ts';
import { startEndpoint, type Endpoint, type EndpointReply, type EndpointRequest } from '../../transport/http-endpoint.ts';
import { IUT_BODY_MAX_BYTES } from '../iut-limits.ts';

export interface HostHit {
  at: number;
  method: string;
  /** The decoded MO serialization a delivery carried, when it decoded. */
  entries?: unknown;
  contentType?: string;
}

export class ServerUriHost {
  private readonly contents = new Map<string, MoSerialization>();
  private readonly hits = new Map<string, HostHit[]>();

  private constructor(private readonly endpoint: Endpoint) {}

  static async start(host: string, pki: TestPki): Promise<ServerUriHost> {
    let self: ServerUriHost | undefined;
    const endpoint = await startEndpoint(
      { host, port: 0, tls: { cert: pki.server.chainPem, key: pki.server.keyPem }, maxBodyBytes: IUT_BODY_MAX_BYTES, side: 'harness' },
      (req) => self!.route(req),
    );
    self = new ServerUriHost(endpoint);
    return self;
  }

  private id(): string {
    const id = randomBytes(9).toString('base64url');
    this.hits.set(id, []);
    return id;
  }

  /** An MO serialization for HGET or DEFAULT. */
  publish(entries: MoSerialization): { id: string; url: string } {
    const id = this.id();
    this.contents.set(id, entries);
    return { id, url: `${this.endpoint.url}/content/${id}` };
  }

  /** A receiver for HPUT, HPOST or SUB deliveries. */
  receiver(): { id: string; url: string } {
    const id = this.id();
    return { id, url: `${this.endpoint.url}/recv/${id}` };
  }

  /** A page for SHOW. */
  page(): { id: string; url: string } {
    const id = this.id();
    return { id, url: `${this.endpoint.url}/show/${id}` };
  }

  hitsOf(id: string): HostHit[] {
    return [...(this.hits.get(id) ?? [])];
  }

  close(): Promise<void> {
    return this.endpoint.close();
  }

  private route(req: EndpointRequest): EndpointReply {
    const [, kind, id = ''] = req.url.pathname.split('/');
    const hits = this.hits.get(id);
    if (!hits) return { status: 404, headers: { 'content-type': 'text/plain' }, body: Buffer.from('unknown\n') };
    const hit: HostHit = { at: Date.now(), method: req.method, ...(req.headers['content-type'] ? { contentType: req.headers['content-type'] } : {}) };
    hits.push(hit);
    if (kind === 'content' && (req.method === 'GET' || req.method === 'HEAD')) {
      const accept = req.headers.accept ?? '';
      const cbor = accept.includes('mo+cbor') && !(accept.includes('mo+json') && accept.indexOf('mo+json') < accept.indexOf('mo+cbor'));
      const encoding = cbor ? 'cbor' : 'json';
      return { status: 200, headers: { 'content-type': mediaType('mo', encoding) }, body: encodeBody(this.contents.get(id), encoding) };
    }
    if (kind === 'show' && req.method === 'GET') return { status: 200, headers: { 'content-type': 'text/html' }, body: Buffer.from('<p>dmcts interop</p>\n') };
    if (kind === 'recv' && (req.method === 'PUT' || req.method === 'POST')) {
      const media = parseMediaType(req.headers['content-type']);
      const decoded = media ? decodeValue(req.body, media.encoding) : undefined;
      if (decoded?.ok) hit.entries = decoded.value;
      return { status: 204 };
    }
    return { status: 405, headers: { 'content-type': 'text/plain' }, body: Buffer.from('not here\n') };
  }
}
