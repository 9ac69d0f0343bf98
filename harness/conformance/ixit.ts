/**
 * The IXIT (implementation extra information for testing, like a PIXIT): how to reach and drive the IUT —
 * how its upper-tester adapter is started (in process for the reference peers, a process, a container,
 * or already running), where the harness listens, IUT-specific parameters, and timeouts.
 */
import { DEFAULT_EXCHANGE_TIMEOUTS, type ExchangeTimeouts } from '../transport/exchange-timeouts.ts';
import { compileSchema, readJsonFile } from '../core/schema-check.ts';
import { resolveIxitPaths } from './ixit-paths.ts';

export type AdapterSpec =
  | { kind: 'reference' }
  | { kind: 'process'; command: string[]; cwd?: string; env?: Record<string, string> }
  | { kind: 'container'; image?: string; build?: { context: string; dockerfile?: string }; command?: string[]; env?: Record<string, string> }
  | { kind: 'remote' };

export interface Ixit {
  dmcts: 'ixit/1';
  role: 'client' | 'server';
  adapter: AdapterSpec;
  /** Where the harness listens: its upper-tester hub and its reference peers. */
  harness: { host: string; utPort: number };
  /** IUT client parameters (role client). */
  client?: {
    /** A node EXEC runs at once (sync). */
    execNode?: string;
    /** A node whose EXEC takes a while (the natural asynchronous EXEC). */
    asyncExecNode?: string;
    /** A node whose EXEC fails. */
    failingExecNode?: string;
    /** An MO the harness server may create instances of (HGET). */
    writableMoid?: string;
  };
  /** IUT server parameters (role server). */
  server?: {
    dmUrl: string;
    srvId: string;
    /** PEM file of the CA the IUT server's certificate chains to. */
    caFile?: string;
    /** The secret the IUT server keys Package#0 digests with for harness devices. */
    notificationSecret?: string;
    /** How the IUT server authenticates devices (K-SEC): the modes it offers; `required` refuses anonymous devices. */
    clientAuth?: { modes: Array<'basic' | 'digest' | 'x509'>; required: boolean };
  };
  /**
   * Bounded waits. headersMs, bodyIdleMs and exchangeMs bound each HTTP exchange with the IUT, both
   * ways (the harness's HTTP clients and its endpoints): the headers of the answer (or of the IUT's
   * request), the longest stretch without a body byte, the whole exchange (harness/transport/exchange-timeouts.ts).
   */
  timeouts: {
    caseMs: number;
    readyMs: number;
    utCallMs: number;
    sessionMs: number;
    headersMs: number;
    bodyIdleMs: number;
    exchangeMs: number;
    /** The window a negative check watches for what must not happen (no event can end it). */
    quietMs: number;
  };
}

const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;

export const IXIT_SCHEMA = {
  $id: 'https://dmcts.dev/schema/ixit-1.json',
  title: 'dmcts IXIT: how to reach and drive the implementation under test',
  description:
    "Relative paths (adapter.cwd, adapter.build.context, server.caFile) are taken from the IXIT file's directory, not from where dmcts run starts; absolute paths are used as they are.",
  type: 'object',
  required: ['dmcts', 'role', 'adapter'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    dmcts: { const: 'ixit/1' },
    role: { enum: ['client', 'server'] },
    adapter: {
      type: 'object',
      required: ['kind'],
      properties: {
        kind: { enum: ['reference', 'process', 'container', 'remote'] },
        command: {
          type: 'array',
          minItems: 1,
          items: { type: 'string', minLength: 1 },
          description:
            'Program and arguments, no shell. A process runs it in adapter.cwd, so a program or argument given as a relative path is taken from there (a program without a slash is looked up on PATH); a container runs it as its CMD.',
        },
        cwd: {
          type: 'string',
          description: "Where a process adapter runs: a relative path is taken from the IXIT file's directory, which is also the default.",
        },
        env: stringMap,
        image: { type: 'string', minLength: 1 },
        build: {
          type: 'object',
          required: ['context'],
          additionalProperties: false,
          properties: {
            context: { type: 'string', description: "The directory to build: a relative path is taken from the IXIT file's directory." },
            dockerfile: { type: 'string', description: 'The Dockerfile, relative to the context (default Dockerfile).' },
          },
        },
      },
      additionalProperties: false,
      allOf: [
        { if: { properties: { kind: { const: 'process' } } }, then: { required: ['command'] } },
        { if: { properties: { kind: { const: 'container' } } }, then: { anyOf: [{ required: ['image'] }, { required: ['build'] }] } },
      ],
    },
    harness: {
      type: 'object',
      additionalProperties: false,
      properties: { host: { type: 'string', minLength: 1 }, utPort: { type: 'integer', minimum: 0, maximum: 65535 } },
    },
    client: {
      type: 'object',
      additionalProperties: false,
      properties: {
        execNode: { type: 'string' },
        asyncExecNode: { type: 'string' },
        failingExecNode: { type: 'string' },
        writableMoid: { type: 'string' },
      },
    },
    server: {
      type: 'object',
      required: ['dmUrl', 'srvId'],
      additionalProperties: false,
      properties: {
        dmUrl: { type: 'string', pattern: '^https?://' },
        srvId: { type: 'string', minLength: 1 },
        caFile: {
          type: 'string',
          description:
            "PEM file of the CA the server's HTTPS certificate chains to, read as each case starts (the IUT may write it while starting): a relative path is taken from the IXIT file's directory.",
        },
        notificationSecret: { type: 'string' },
        clientAuth: {
          type: 'object',
          required: ['modes', 'required'],
          additionalProperties: false,
          properties: { modes: { type: 'array', items: { enum: ['basic', 'digest', 'x509'] }, uniqueItems: true }, required: { type: 'boolean' } },
        },
      },
    },
    timeouts: {
      type: 'object',
      additionalProperties: false,
      properties: {
        caseMs: { type: 'integer', minimum: 100, maximum: 3_600_000 },
        readyMs: { type: 'integer', minimum: 100, maximum: 3_600_000 },
        utCallMs: { type: 'integer', minimum: 100, maximum: 3_600_000 },
        sessionMs: { type: 'integer', minimum: 100, maximum: 3_600_000 },
        headersMs: { type: 'integer', minimum: 100, maximum: 3_600_000 },
        bodyIdleMs: { type: 'integer', minimum: 100, maximum: 3_600_000 },
        exchangeMs: { type: 'integer', minimum: 100, maximum: 3_600_000 },
        quietMs: { type: 'integer', minimum: 10, maximum: 60_000 },
      },
    },
  },
  // A server IUT other than the in-process reference one must say where devices reach it.
  allOf: [
    {
      if: {
        required: ['role', 'adapter'],
        properties: { role: { const: 'server' }, adapter: { type: 'object', properties: { kind: { enum: ['process', 'container', 'remote'] } } } },
      },
      then: { required: ['server'] },
    },
  ],
} as const;

export const DEFAULT_TIMEOUTS: Ixit['timeouts'] = {
  caseMs: 30_000,
  readyMs: 20_000,
  utCallMs: 10_000,
  sessionMs: 10_000,
  ...DEFAULT_EXCHANGE_TIMEOUTS,
  quietMs: 250,
};

type RawIxit = Omit<Ixit, 'harness' | 'timeouts'> & { harness?: Partial<Ixit['harness']>; timeouts?: Partial<Ixit['timeouts']> };

const check = compileSchema<RawIxit>(IXIT_SCHEMA);

export function parseIxit(file: string, value: unknown): Ixit {
  const raw = check(file, value);
  return {
    ...raw,
    harness: { host: raw.harness?.host ?? '127.0.0.1', utPort: raw.harness?.utPort ?? 0 },
    timeouts: { ...DEFAULT_TIMEOUTS, ...(raw.timeouts ?? {}) },
  };
}

export function loadIxit(path: string): Ixit {
  return resolveIxitPaths(parseIxit(path, readJsonFile(path, 'IXIT')), path);
}

/** The IXIT's bounds on one HTTP exchange with the IUT, for the harness's clients and endpoints. */
export function exchangeTimeouts(ixit: Ixit): ExchangeTimeouts {
  const { headersMs, bodyIdleMs, exchangeMs } = ixit.timeouts;
  return { headersMs, bodyIdleMs, exchangeMs };
}
