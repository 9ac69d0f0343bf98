/**
 * Mutants of large objects (P-LO, K-CMD; DM-HLF-021): a reference device that breaks one P-LO duty
 * each, by a fault in the HTTP client its commands use (the device's router, replaced once started),
 * and a reference server whose receivers (upload ServerURIs) break one. Each must FAIL a case citing
 * its rule and DM-HLF-021.
 */
import { createHash } from 'node:crypto';
import type { DmDevice } from '../../harness/client/dm-device.ts';
import type { DmServer } from '../../harness/server/dm-server.ts';
import type { EndpointReply, EndpointRequest } from '../../harness/transport/http-endpoint.ts';
import { HttpFailure, type HttpRequest, type HttpSender, type HttpStream } from '../../harness/transport/http-client.ts';
import type { Mutant } from './mutant.ts';

type Router = (...args: unknown[]) => HttpSender;

/** Wraps the HTTP client the device's commands use (its private `router`) with a fault on `open`. */
function faultyOpen(device: DmDevice, fault: (open: (req: HttpRequest) => Promise<HttpStream>, req: HttpRequest) => Promise<HttpStream>): void {
  const d = device as unknown as { router: Router };
  const router = d.router.bind(device);
  d.router = (...args: unknown[]) => {
    const sender = router(...args);
    const open = sender.open?.bind(sender);
    return { send: (req) => sender.send(req), ...(open ? { open: (req: HttpRequest) => fault(open, req) } : {}) };
  };
}

/** Every fetch asks from byte 0 without If-Range: an interrupted download starts over (the stored bytes are fetched again). */
function restartsFromZero(device: DmDevice): void {
  faultyOpen(device, (open, req) => {
    const { 'if-range': _ifRange, ...headers } = req.headers ?? {};
    return open({ ...req, headers: { ...headers, range: 'bytes=0-' } });
  });
}

/**
 * Checks a whole object against what it received, not what the server declared: a whole octet-stream
 * answer is read here and its Repr-Digest replaced by the digest of those bytes (the mutant holds it;
 * the self-test's objects are small).
 */
function ignoresDeclaredDigest(device: DmDevice): void {
  faultyOpen(device, async (open, req) => {
    const res = await open(req);
    const whole = res.status === 200 || /^bytes 0-/.test(res.headers['content-range'] ?? '');
    if (!whole || !/octet-stream/.test(res.headers['content-type'] ?? '')) return res;
    const chunks: Buffer[] = [];
    try {
      await res.read((chunk) => {
        chunks.push(chunk);
        return true;
      });
    } catch {
      // Whatever came is handed on below; a cut shows as a short body.
    }
    const body = Buffer.concat(chunks);
    const digest = `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
    return {
      status: res.status,
      headers: { ...res.headers, 'repr-digest': digest },
      read: async (sink) => {
        sink(body);
        return body.length;
      },
      cancel: () => undefined,
      maxBodyBytes: res.maxBodyBytes,
    };
  });
}

/**
 * Keeps nothing of an interrupted download from one session to the next: the first request of each
 * ServerURI in a session (a router serves one session) asks from byte 0 without If-Range.
 */
function forgetsBetweenSessions(device: DmDevice): void {
  const d = device as unknown as { router: Router };
  const router = d.router.bind(device);
  d.router = (...args: unknown[]) => {
    const sender = router(...args);
    const open = sender.open?.bind(sender);
    const seen = new Set<string>();
    const restart = (req: HttpRequest): HttpRequest => {
      if (seen.has(req.url)) return req;
      seen.add(req.url);
      const { 'if-range': _ifRange, ...headers } = req.headers ?? {};
      return { ...req, headers: { ...headers, range: 'bytes=0-' } };
    };
    return { send: (req) => sender.send(req), ...(open ? { open: (req: HttpRequest) => open(restart(req)) } : {}) };
  };
}

/** Never sends the GET of a large object's ServerURI: the HGET ends as if the target could not be reached. */
function neverFetchesObjects(device: DmDevice): void {
  faultyOpen(device, (open, req) => {
    if (/\/lo\//.test(new URL(req.url).pathname)) return Promise.reject(new HttpFailure('UNREACHABLE', `${new URL(req.url).origin} was not asked`));
    return open(req);
  });
}

/** Never asks HEAD before an upload: it takes every upload as starting at byte 0, even after a cut. */
function uploadsWithoutHead(device: DmDevice): void {
  const d = device as unknown as { router: Router };
  const router = d.router.bind(device);
  d.router = (...args: unknown[]) => {
    const sender = router(...args);
    const open = sender.open?.bind(sender);
    return {
      send: (req: HttpRequest) =>
        req.method === 'HEAD' ? Promise.resolve({ status: 204, headers: { 'upload-offset': '0' }, body: Buffer.alloc(0), wireBytes: 0 }) : sender.send(req),
      ...(open ? { open } : {}),
    };
  };
}

export const LO_CLIENT_MUTANTS: Mutant[] = [
  {
    name: 'client-lo-restarts-from-zero',
    role: 'client',
    rule: 'P-LO',
    label: 'DM-HLF-021',
    cases: ['DMCTS-C-LO-001', 'DMCTS-C-LO-003'],
    fault: 'resumes an interrupted large-object download from byte 0 without If-Range, fetching every stored byte again',
    started: restartsFromZero,
  },
  {
    name: 'client-lo-ignores-digest',
    role: 'client',
    rule: 'P-LO',
    label: 'DM-HLF-021',
    cases: ['DMCTS-C-LO-002'],
    fault: "checks a large object against the bytes it received instead of the server's Repr-Digest, so a corrupted object is stored",
    started: ignoresDeclaredDigest,
  },
  {
    name: 'client-lo-forgets-between-sessions',
    role: 'client',
    rule: 'P-LO',
    label: 'DM-HLF-021',
    cases: ['DMCTS-C-LO-003'],
    fault: 'resumes a cut download within the HGET, but a later HGET of the same ServerURI (after a network move) starts over from byte 0',
    started: forgetsBetweenSessions,
  },
  {
    name: 'client-lo-never-fetches',
    role: 'client',
    rule: 'K-CMD',
    label: 'DM-HLF-021',
    cases: ['DMCTS-C-LO-001'],
    fault: "never GETs a large object's ServerURI: its HGET ends 502 as if the target were unreachable",
    started: neverFetchesObjects,
  },
  {
    name: 'client-lo-upload-skips-head',
    role: 'client',
    rule: 'P-LO',
    label: 'DM-HLF-021',
    cases: ['DMCTS-C-LO-004'],
    fault: 'uploads a large object without asking HEAD for the Upload-Offset: after a cut it sends again from byte 0',
    started: uploadsWithoutHead,
  },
];

type Receive = (id: string, req: EndpointRequest) => EndpointReply;

/** Wraps the server's receivers (the ServerURIs of HPUT/HPOST, where uploaded objects are served back). */
function faultyReceivers(server: DmServer, fault: (receive: Receive, id: string, req: EndpointRequest) => EndpointReply): void {
  const receive = server.resources.receive.bind(server.resources);
  server.resources.receive = (id, req) => fault(receive, id, req);
}

export const LO_SERVER_MUTANTS: Mutant[] = [
  {
    name: 'server-lo-ignores-range',
    role: 'server',
    rule: 'P-LO',
    label: 'DM-HLF-021',
    cases: ['DMCTS-S-LO-002'],
    fault: 'serves a large object whole (200) whatever Range the GET asks',
    serverStarted: (server) =>
      faultyReceivers(server, (receive, id, req) => {
        const { range: _range, 'if-range': _ifRange, ...headers } = req.headers;
        return receive(id, req.method === 'GET' ? { ...req, headers } : req);
      }),
  },
  {
    name: 'server-lo-head-without-upload-offset',
    role: 'server',
    rule: 'P-LO',
    label: 'DM-HLF-021',
    cases: ['DMCTS-S-LO-001'],
    fault: 'answers HEAD of an upload ServerURI without Upload-Offset: a device cannot learn where to resume',
    serverStarted: (server) =>
      faultyReceivers(server, (receive, id, req) => {
        const reply = receive(id, req);
        if (req.method !== 'HEAD' || !reply.headers) return reply;
        const { 'upload-offset': _offset, ...headers } = reply.headers;
        return { ...reply, headers };
      }),
  },
  {
    name: 'server-lo-restarts-uploads',
    role: 'server',
    rule: 'P-LO',
    label: 'DM-HLF-021',
    cases: ['DMCTS-S-LO-001'],
    fault:
      'forgets what it held of an upload once it refuses a chunk that does not continue it (409): HEAD then names 0 and the device must send every byte again',
    serverStarted: (server) =>
      faultyReceivers(server, (receive, id, req) => {
        const reply = receive(id, req);
        if (reply.status === 409) {
          const receiver = server.resources.receiver(id);
          if (receiver) delete receiver.upload;
        }
        return reply;
      }),
  },
];
