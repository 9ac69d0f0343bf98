/**
 * The ServerURIs the server's commands point to, so a full session needs no third component:
 * content for HGET (`/content/<id>`, negotiated JSON or CBOR, 406 when neither is acceptable) and
 * receivers for HPUT/HPOST/SUB (`/recv/<id>`: an MO serialization in an accepted format, else 415
 * with `OMADM-Accept` listing what is accepted). Large objects (P-LO) are published at `/content/<id>`
 * too and served by range from their file: harness/server/large-object-host.ts.
 */
import { randomBytes } from 'node:crypto';
import { decodeBody, encodeBody } from '../protocol/body-codec.ts';
import { essence, mediaType, parseMediaType, type Encoding } from '../protocol/media-types.ts';
import { OCTET_STREAM } from '../transport/ranged-object.ts';
import { chooseEncoding, OMADM_ACCEPT } from '../protocol/negotiation.ts';
import type { MoSerialization } from '../protocol/packages.ts';
import type { EndpointReply, EndpointRequest } from '../transport/http-endpoint.ts';
import { describeObject, serveObject, type LargeObject } from './large-object-host.ts';
import { dropUpload, readUpload, takeChunk, type ObjectUpload } from './large-object-receiver.ts';

export interface PublishedContent {
  id: string;
  entries: MoSerialization;
  fetches: number;
  /** Answer with this HTTP status instead of the content (to exercise a client's error handling). */
  failWith?: number;
}

export interface ReceivedBody {
  at: number;
  method: string;
  encoding: Encoding;
  entries: MoSerialization;
  devId?: string;
}

export interface Receiver {
  id: string;
  accept: Encoding[];
  bodies: ReceivedBody[];
  /** The wire size of each kept body, in the order of `bodies`. */
  sizes: number[];
  /** Resolved on each body, for callers that wait for a delivery. */
  waiters: Array<(body: ReceivedBody) => void>;
  /** The large object being uploaded here, or uploaded (P-LO: harness/server/large-object-receiver.ts). */
  upload?: ObjectUpload;
}

const MAX_BODIES = 1000;
/** Bytes of received bodies kept per receiver: the oldest go first past it, as past MAX_BODIES. */
const MAX_KEPT_BYTES = 16 * 1024 * 1024;

function text(status: number, message: string, headers: Record<string, string> = {}): EndpointReply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body: Buffer.from(`${message}\n`) };
}

export class ResourceHost {
  private readonly contents = new Map<string, PublishedContent>();
  private readonly receivers = new Map<string, Receiver>();
  private readonly objects = new Map<string, LargeObject>();

  /** Removes the files of the large objects uploaded to its receivers (the server stops: nobody can fetch them any more). */
  dispose(): void {
    for (const receiver of this.receivers.values()) {
      if (receiver.upload) dropUpload(receiver.upload);
      delete receiver.upload;
    }
  }

  /** Publishes the file at `path` as a large object (P-LO); its digest is computed once, streaming. */
  async publishObject(path: string): Promise<LargeObject> {
    const object: LargeObject = { ...(await describeObject(path)), fetches: 0, bytesSent: 0 };
    this.objects.set(object.id, object);
    return object;
  }

  object(id: string): LargeObject | undefined {
    return this.objects.get(id);
  }

  publish(entries: MoSerialization, options: { failWith?: number } = {}): PublishedContent {
    const content: PublishedContent = { id: randomBytes(9).toString('base64url'), entries, fetches: 0, ...options };
    this.contents.set(content.id, content);
    return content;
  }

  content(id: string): PublishedContent | undefined {
    return this.contents.get(id);
  }

  createReceiver(accept: Encoding[] = ['json', 'cbor']): Receiver {
    const receiver: Receiver = { id: randomBytes(9).toString('base64url'), accept, bodies: [], sizes: [], waiters: [] };
    this.receivers.set(receiver.id, receiver);
    return receiver;
  }

  receiver(id: string): Receiver | undefined {
    return this.receivers.get(id);
  }

  serveContent(id: string, req: EndpointRequest): EndpointReply {
    const object = this.objects.get(id);
    if (object) return serveObject(object, req);
    const content = this.contents.get(id);
    if (!content) return text(404, 'no such content');
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(405, 'content is read with GET', { allow: 'GET, HEAD' });
    content.fetches += 1;
    if (content.failWith) return text(content.failWith, `configured to fail with ${content.failWith}`);
    const encoding = chooseEncoding(req.headers.accept, 'mo');
    if (!encoding) return text(406, `none of the Accept types is available: ${mediaType('mo', 'json')} or ${mediaType('mo', 'cbor')}`);
    const body = encodeBody(content.entries, encoding);
    return {
      status: 200,
      headers: { 'content-type': mediaType('mo', encoding), vary: 'Accept' },
      body: req.method === 'HEAD' ? Buffer.alloc(0) : body,
      compress: true,
    };
  }

  receive(id: string, req: EndpointRequest): EndpointReply {
    const receiver = this.receivers.get(id);
    if (!receiver) return text(404, 'no such receiver');
    if (req.method === 'HEAD' || req.method === 'GET') return readUpload(receiver.upload, req);
    if (req.method !== 'PUT' && req.method !== 'POST') return text(405, 'a receiver takes PUT or POST', { allow: 'PUT, POST, GET, HEAD' });
    if (essence(req.headers['content-type']) === OCTET_STREAM) {
      const { reply, upload } = takeChunk(receiver.upload, req);
      if (upload) receiver.upload = upload;
      else delete receiver.upload;
      return reply;
    }
    const parsed = parseMediaType(req.headers['content-type']);
    const omadmAccept = receiver.accept.map((e) => mediaType('mo', e)).join(', ');
    if (parsed?.kind !== 'mo' || !receiver.accept.includes(parsed.encoding)) {
      return text(415, `this receiver accepts ${omadmAccept}`, { [OMADM_ACCEPT]: omadmAccept });
    }
    const decoded = decodeBody('mo', req.body, parsed.encoding);
    if (!decoded.ok) return text(400, decoded.error.message);
    const body: ReceivedBody = {
      at: Date.now(),
      method: req.method,
      encoding: parsed.encoding,
      entries: decoded.value,
      ...(req.headers['omadm-devid'] ? { devId: req.headers['omadm-devid'] } : {}),
    };
    receiver.bodies.push(body);
    receiver.sizes.push(req.body.length);
    let kept = receiver.sizes.reduce((a, b) => a + b, 0);
    while (receiver.bodies.length > 1 && (receiver.bodies.length > MAX_BODIES || kept > MAX_KEPT_BYTES)) {
      receiver.bodies.shift();
      kept -= receiver.sizes.shift() ?? 0;
    }
    for (const waiter of receiver.waiters.splice(0)) waiter(body);
    return { status: 204 };
  }

  /** Resolves with the next body the receiver gets, or undefined after the timeout. */
  nextBody(id: string, timeoutMs: number): Promise<ReceivedBody | undefined> {
    const receiver = this.receivers.get(id);
    if (!receiver) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const i = receiver.waiters.indexOf(done);
        if (i >= 0) receiver.waiters.splice(i, 1);
        resolve(undefined);
      }, timeoutMs);
      const done = (body: ReceivedBody) => {
        clearTimeout(timer);
        resolve(body);
      };
      receiver.waiters.push(done);
    });
  }
}
