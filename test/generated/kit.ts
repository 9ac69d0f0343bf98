/**
 * What the generated IUTs share (test/generated/{client,server}-iut.ts, issue 7 item 8): a seeded
 * source of decisions and values (fast-check arbitraries sampled from the seed in the environment),
 * deliberate breakage of well-formed values, body encodings that are sometimes wrong, and bounded,
 * quick HTTP on loopback. Their DM behaviour is odd content, never a hang: every wait here is short.
 */
import fc from 'fast-check';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rng } from '../../bench/fuzz/mutate.ts';
import { clientUriTextArb } from '../../harness/generators/client-uri.ts';
import { encodeCbor } from '../../harness/protocol/cbor-codec.ts';
import { mediaType, type BodyKind } from '../../harness/protocol/media-types.ts';

/** The seed of a generated IUT's behaviour (an integer). */
export const GEN_SEED_ENV = 'DMCTS_GEN_SEED';
/** How often a decision goes the wrong way (0 to 1); drawn from the seed when absent. */
export const GEN_BREAKAGE_ENV = 'DMCTS_GEN_BREAKAGE';

/** The breakage levels a seed picks from when DMCTS_GEN_BREAKAGE is not set. */
export const BREAKAGE_LEVELS = [0.1, 0.3, 0.6] as const;

/** The breakage the environment sets (DMCTS_GEN_BREAKAGE), if any. */
export function breakageFromEnv(): number | undefined {
  const raw = process.env[GEN_BREAKAGE_ENV];
  if (raw === undefined || raw === '') return undefined;
  const b = Number(raw);
  if (!(b > 0 && b <= 1)) {
    process.stderr.write(`${GEN_BREAKAGE_ENV} must be a number in (0, 1], not ${JSON.stringify(raw)}\n`);
    process.exit(2);
  }
  return b;
}

export function seedFromEnv(): number {
  const raw = process.env[GEN_SEED_ENV];
  const seed = raw === undefined ? 1 : Number(raw);
  if (!Number.isInteger(seed)) {
    process.stderr.write(`${GEN_SEED_ENV} must be an integer, not ${JSON.stringify(raw)}\n`);
    process.exit(2);
  }
  return seed;
}

/**
 * Every decision of a generated IUT, drawn in order from one seed. `breakage` (drawn from the seed
 * too: 0.1, 0.3 or 0.6) is how often a decision goes the wrong way.
 */
export class Gen {
  private readonly next: () => number;
  private count = 0;
  readonly breakage: number;

  constructor(
    readonly seed: number,
    breakage?: number,
  ) {
    this.next = rng(seed);
    const drawn = this.pick(BREAKAGE_LEVELS);
    this.breakage = breakage ?? drawn;
    this.oddness = this.pick([0.2, 0.4, 0.6]);
  }

  /**
   * How often content is odd yet schema-valid (Status codes, URI lists, Data, server.result): drawn
   * from the seed apart from `breakage`, since odd content costs a run no waiting and takes cases deep.
   */
  readonly oddness: number;

  /** Whether this piece of content is odd (probability `oddness`, scaled). */
  odd(scale = 1): boolean {
    return this.chance(Math.min(1, this.oddness * scale));
  }

  /** A uniform number in [0, 1). */
  random(): number {
    return this.next();
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Whether this decision goes the wrong way (probability `breakage`, scaled). */
  broken(scale = 1): boolean {
    return this.chance(Math.min(1, this.breakage * scale));
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One value of the arbitrary, from the next derived seed. */
  draw<T>(arb: fc.Arbitrary<T>): T {
    this.count += 1;
    const seed = (Math.imul(this.seed ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(this.count, 0x85ebca6b)) | 0;
    return fc.sample(arb, { seed, numRuns: 1 })[0]!;
  }
}

/** A JSON value of any type, as a wrong value for a member. */
export function wrongValue(gen: Gen): unknown {
  return gen.pick<() => unknown>([
    () => null,
    () => gen.int(-5, 70000),
    () => -0.5,
    () => true,
    () => '',
    () => 'x',
    () => [],
    () => ({}),
    () => [null],
    () => ({ x: 1 }),
    () => gen.draw(fc.jsonValue({ maxDepth: 2 })),
  ])();
}

/**
 * The value with one thing broken at a random place inside it: a member removed, a value of the
 * wrong type, an unknown member added, an array emptied or doubled — or the whole value replaced.
 */
export function breakValue(gen: Gen, value: unknown, depth = 0): unknown {
  const here = depth > 3 || value === null || typeof value !== 'object' || gen.chance(0.3);
  if (here) {
    if (Array.isArray(value)) {
      return gen.pick<() => unknown>([() => [], () => [...value, ...value], () => value.slice(1), () => ({ ...value }), () => wrongValue(gen)])();
    }
    if (value !== null && typeof value === 'object') {
      const obj = { ...(value as Record<string, unknown>) };
      const keys = Object.keys(obj);
      return gen.pick<() => unknown>([
        () => {
          if (keys.length > 0) delete obj[gen.pick(keys)];
          return obj;
        },
        () => {
          if (keys.length > 0) obj[gen.pick(keys)] = wrongValue(gen);
          return obj;
        },
        () => ({ ...obj, [gen.pick(['extra', 'X-Vendor', 'cmd', 'status', ''])]: wrongValue(gen) }),
        () => [obj],
        () => wrongValue(gen),
      ])();
    }
    return wrongValue(gen);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return breakValue(gen, value, 99);
    const i = gen.int(0, value.length - 1);
    const copy = [...value];
    copy[i] = breakValue(gen, copy[i], depth + 1);
    return copy;
  }
  const obj = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(obj);
  if (keys.length === 0) return breakValue(gen, value, 99);
  const k = gen.pick(keys);
  obj[k] = breakValue(gen, obj[k], depth + 1);
  return obj;
}

/**
 * A ClientURI as odd as an IUT might send it back (in a Status URI list, an MO entry, server.result):
 * another one, cut short, with a bad percent escape or a stray query, wildcards, only the MOID, empty.
 */
export function oddClientUri(gen: Gen, uri: string | undefined): string {
  const whole = uri ?? 'urn:oma:mo:oma-dm-connmo:1.0/1';
  const moid = whole.split('/')[0] ?? whole;
  // Bad percent escapes often: a URI is decoded wherever its MIID or node names matter.
  if (gen.chance(0.3)) return gen.pick([`${moid}/%E0%A4%A`, `${moid}/%`, `${moid}/%zz/Name`, `${whole}/%C0%AF`, `${whole}%`]);
  return gen.pick<() => string>([
    () => gen.draw(clientUriTextArb()),
    () => whole.slice(0, gen.int(0, whole.length)),
    () => `${whole}?depth=x`,
    () => '',
    () => `${moid}//`,
    () => `${moid}/*/x`,
    () => moid,
    () => whole.toUpperCase(),
    () => `${whole}/../..`,
  ])();
}

/** A ServerURI that passes the schema (an http(s) URI) yet is no URL one can reach or even parse. */
export function oddServerUri(gen: Gen, base: string): string {
  return gen.pick([
    'http://[::1',
    'http://127.0.0.1:99999/dm',
    'http://%zz/',
    'https://127.0.0.1:0/x',
    `${base}/%`,
    'http://:80/',
    'HTTP://127.0.0.1:1/x',
    'http://user@/',
  ]);
}

/**
 * A value nested `depth` levels deep (objects or arrays): JSON and CBOR allow any depth, and a
 * recursive walk of a few thousand levels overflows the stack of whoever walks it. At most 3,500, so
 * this process's own JSON.stringify (about 4,000 levels on Node's default stack) still writes it.
 */
export function deepValue(gen: Gen, depth = gen.pick([40, 300, 1500, 3500])): unknown {
  let v: unknown = gen.pick([1, 'x', null, true]);
  const arrays = gen.chance(0.5);
  for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
  return v;
}

export interface EncodedBody {
  body: Buffer;
  /** undefined: no Content-Type header at all. */
  contentType: string | undefined;
}

/**
 * A body of this kind: usually JSON under its media type; sometimes CBOR (when `cbor` allows it, or
 * as an oddity), text that is not JSON, an empty body, or the right bytes under a wrong media type.
 */
export function encodeFor(gen: Gen, kind: BodyKind, value: unknown, options: { cbor?: boolean; odd?: number } = {}): EncodedBody {
  const json = (): Buffer => {
    try {
      return Buffer.from(JSON.stringify(value) ?? 'null', 'utf8');
    } catch {
      return Buffer.from('{"deep":', 'utf8');
    }
  };
  const cbor = (): Buffer | undefined => {
    try {
      return encodeCbor(value);
    } catch {
      return undefined;
    }
  };
  if (gen.broken(options.odd ?? 0.4)) {
    return gen.pick<() => EncodedBody>([
      () => ({ body: json().subarray(0, gen.int(0, 40)), contentType: mediaType(kind, 'json') }),
      () => ({ body: Buffer.alloc(0), contentType: mediaType(kind, 'json') }),
      () => ({
        body: json(),
        contentType: gen.pick(['application/json', 'text/plain', 'application/octet-stream', mediaType(kind === 'request' ? 'response' : 'request', 'json')]),
      }),
      () => ({ body: json(), contentType: undefined }),
      () => ({ body: cbor() ?? json(), contentType: mediaType(kind, 'json') }),
      () => ({ body: json(), contentType: mediaType(kind, 'cbor') }),
      () => ({ body: Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x22]), contentType: mediaType(kind, gen.pick(['json', 'cbor'] as const)) }),
      () => ({ body: Buffer.concat([Buffer.from('\uFEFF', 'utf8'), json()]), contentType: `${mediaType(kind, 'json')}; charset=utf-8` }),
    ])();
  }
  if ((options.cbor ?? false) && gen.chance(0.5)) {
    const bytes = cbor();
    if (bytes) return { body: bytes, contentType: mediaType(kind, 'cbor') };
  }
  return { body: json(), contentType: mediaType(kind, 'json') };
}

/** Decodes a body as JSON or CBOR by its Content-Type, leniently: undefined when it is neither. */
export async function decodeLoose(body: Buffer, contentType: string | undefined): Promise<unknown> {
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('cbor')) {
    const { decodeCbor } = await import('../../harness/protocol/cbor-codec.ts');
    const r = decodeCbor(body);
    return r.ok ? r.value : undefined;
  }
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Whether a URL is one a generated IUT may reach: loopback only, http or https. */
export function reachable(url: string): URL | undefined {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    const host = u.hostname.replace(/^\[|\]$/g, '');
    if (host !== 'localhost' && host !== '::1' && !/^127\.\d+\.\d+\.\d+$/.test(host)) return undefined;
    return u;
  } catch {
    return undefined;
  }
}

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A header value Node can send (it refuses characters beyond Latin-1 and controls). */
export function headerSafe(value: string): string {
  return value.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');
}

const BODY_LIMIT = 1024 * 1024;

/** Reads a message body, at most 1 MiB (more is cut off). */
export function readBody(message: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    message.on('data', (chunk: Buffer) => {
      if (size >= BODY_LIMIT) return;
      size += chunk.length;
      chunks.push(chunk);
    });
    message.on('end', () => resolve(Buffer.concat(chunks)));
    message.on('error', () => resolve(Buffer.concat(chunks)));
    message.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

/**
 * One HTTP(S) exchange on loopback (the harness's test CA is not checked), within `timeoutMs`;
 * undefined when it failed on the network, timed out or the URL is not loopback.
 */
export function send(
  method: string,
  url: string,
  headers: Record<string, string | undefined>,
  body: Buffer | undefined,
  options: { timeoutMs?: number; localAddress?: string } = {},
): Promise<HttpAnswer | undefined> {
  const u = reachable(url);
  if (!u) return Promise.resolve(undefined);
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) clean[k] = headerSafe(v);
  if (body !== undefined) clean['content-length'] = String(body.length);
  return new Promise((resolve) => {
    const make = u.protocol === 'https:' ? httpsRequest : httpRequest;
    let done = false;
    const finish = (a: HttpAnswer | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(a);
    };
    const req = make(u, {
      method,
      headers: clean,
      agent: false,
      ...(u.protocol === 'https:' ? { rejectUnauthorized: false } : {}),
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish(undefined);
    }, options.timeoutMs ?? 3000);
    req.on('error', () => finish(undefined));
    req.on('response', (res) => {
      void readBody(res).then((b) => finish({ status: res.statusCode ?? 0, headers: res.headers, body: b }));
    });
    req.end(body);
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A short line for the IUT's log. */
export function logLine(line: string): void {
  process.stdout.write(`[generated] ${line.length > 400 ? `${line.slice(0, 400)}...` : line}\n`);
}
