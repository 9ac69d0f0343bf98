/**
 * Wire vectors (vectors/README.md): packages, MO serializations, commands, ClientURIs and their
 * resolution. Every vector of vectors/{packages,mo,commands,client-uri} runs through the codecs;
 * a vector of an unknown kind, with an unknown member or an expectation of the wrong shape fails.
 * Package#0 vectors have their own test (package0-vectors.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBody, encodeBody } from '../../harness/protocol/body-codec.ts';
import { COMMAND_NAMES, type RawCommand } from '../../harness/protocol/commands.ts';
import { concreteUri, parseClientUri, printClientUri } from '../../harness/protocol/client-uri.ts';
import { resolveClientUri, type ResolverView } from '../../harness/protocol/client-uri-resolver.ts';
import type { BodyKind } from '../../harness/protocol/media-types.ts';
import type { Result } from '../../harness/protocol/result.ts';
import { checkCommand } from '../../harness/protocol/validate.ts';
import { DeviceTree } from '../../harness/tree/device-tree.ts';
import { DEVICE } from '../../harness/tree/principal.ts';
import { referenceCbor } from './reference-cbor.ts';

const ROOT = join(import.meta.dirname, '../../vectors');
const DIRS = ['packages', 'mo', 'commands', 'client-uri'] as const;

const BODY_KIND: Readonly<Record<string, BodyKind>> = {
  package1: 'initiation',
  package2: 'request',
  package3: 'response',
  mo: 'mo',
};

/** The members each kind of vector may have; anything else is a vector this runner does not understand. */
const MEMBERS: Readonly<Record<string, readonly string[]>> = {
  package1: ['description', 'kind', 'body', 'bodyText', 'bodyHex', 'cbor', 'expect'],
  package2: ['description', 'kind', 'body', 'bodyText', 'bodyHex', 'cbor', 'expect'],
  package3: ['description', 'kind', 'body', 'bodyText', 'bodyHex', 'cbor', 'expect'],
  mo: ['description', 'kind', 'body', 'bodyText', 'bodyHex', 'cbor', 'expect'],
  command: ['description', 'kind', 'command', 'expect'],
  'client-uri': ['description', 'kind', 'uri', 'expect'],
  'client-uri-resolve': ['description', 'kind', 'uri', 'tree', 'accessible', 'expect'],
};

/** Where each kind lives. */
const DIR_OF: Readonly<Record<string, (typeof DIRS)[number]>> = {
  package1: 'packages',
  package2: 'packages',
  package3: 'packages',
  mo: 'mo',
  command: 'commands',
  'client-uri': 'client-uri',
  'client-uri-resolve': 'client-uri',
};

type Tree = Record<string, Record<string, Record<string, unknown>>>;

interface Vector {
  description: string;
  kind: string;
  body?: unknown;
  bodyText?: string;
  bodyHex?: string;
  cbor?: string;
  command?: unknown[];
  uri?: string;
  tree?: Tree;
  accessible?: Record<string, string[]>;
  expect: Record<string, unknown>;
}

interface Loaded {
  dir: string;
  file: string;
  name: string;
  vector: Vector;
}

const vectors: Loaded[] = DIRS.flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({
      dir,
      file,
      name: file.replace(/\.json$/, ''),
      vector: JSON.parse(readFileSync(join(ROOT, dir, file), 'utf8')) as Vector,
    })),
);

/** Checks an outcome against `expect`: the code always, the path when the vector gives one. */
function expectOutcome<T>(result: Result<T>, expected: Record<string, unknown>): T | undefined {
  if ('error' in expected) {
    const want = expected.error as { code: string; path?: string };
    expect(Object.keys(expected)).toEqual(['error']);
    expect(
      Object.keys(want).every((k) => k === 'code' || k === 'path'),
      'error has only code and path',
    ).toBe(true);
    expect(result.ok ? 'valid' : result.error.code).toBe(want.code);
    if (!result.ok && want.path !== undefined) expect(result.error.path ?? '(no path)').toBe(want.path);
    return undefined;
  }
  expect(expected.valid, 'expect is {valid: true, ...} or {error: {...}}').toBe(true);
  if (!result.ok) expect.fail(`expected valid, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function runBody({ dir, name, vector }: Loaded): void {
  const kind = BODY_KIND[vector.kind]!;
  const inputs = ['body', 'bodyText', 'bodyHex'].filter((k) => k in vector);
  const rawCbor = vector.cbor !== undefined && vector.body === undefined;
  expect(inputs.length + (rawCbor ? 1 : 0), 'exactly one input: body, bodyText, bodyHex or cbor').toBe(1);
  const valid = 'valid' in vector.expect;
  const allowed = ['valid', ...(vector.kind === 'package2' ? ['commands'] : []), ...(rawCbor ? ['value'] : [])];
  if (valid)
    expect(
      Object.keys(vector.expect).filter((k) => !allowed.includes(k)),
      'unknown expect members',
    ).toEqual([]);

  if (vector.body !== undefined) {
    const json = encodeBody(vector.body, 'json');
    const fromJson = expectOutcome(decodeBody(kind, json, 'json'), vector.expect);
    const cbor = encodeBody(vector.body, 'cbor');
    expect(hex(cbor), 'the codec encodes deterministically (RFC 8949 §4.2.1)').toBe(hex(referenceCbor(vector.body)));
    const fromCbor = expectOutcome(decodeBody(kind, cbor, 'cbor'), vector.expect);
    if (!valid) {
      expect(vector.cbor, 'twins are for valid bodies only').toBeUndefined();
      return;
    }
    expect(fromJson).toEqual(vector.body);
    expect(fromCbor).toEqual(vector.body);
    expect(vector.cbor, 'a valid body has its CBOR twin').toBe(`${name}.cbor`);
    const twin = readFileSync(join(ROOT, dir, vector.cbor!));
    expect(hex(twin), `${vector.cbor} is the deterministic encoding of body (run vectors/generate-cbor-twins.ts)`).toBe(hex(cbor));
    expect(expectOutcome(decodeBody(kind, twin, 'cbor'), vector.expect)).toEqual(vector.body);
    if (vector.kind === 'package2') checkCommands(vector);
    return;
  }

  let bytes: Uint8Array;
  let encoding: 'json' | 'cbor' = 'json';
  if (vector.bodyText !== undefined) bytes = Buffer.from(vector.bodyText, 'utf8');
  else if (vector.bodyHex !== undefined) bytes = Buffer.from(vector.bodyHex, 'hex');
  else {
    expect(vector.cbor).toBe(`${name}.cbor`);
    bytes = readFileSync(join(ROOT, dir, vector.cbor!));
    encoding = 'cbor';
  }
  const value = expectOutcome(decodeBody(kind, bytes, encoding), vector.expect);
  if (valid) {
    expect('value' in vector.expect, 'a valid raw input states the value it decodes to').toBe(true);
    expect(value).toEqual(vector.expect.value);
    // What a decoder accepts in any well-formed form it re-encodes canonically.
    expect(hex(encodeBody(value, 'cbor'))).toBe(hex(referenceCbor(vector.expect.value)));
  }
}

/** Package#2: the package is valid; `expect.commands` gives each command's checkCommand outcome. */
function checkCommands(vector: Vector): void {
  const cmds = (vector.body as { CMD: RawCommand[] }).CMD;
  const want = vector.expect.commands as string[] | undefined;
  expect(want, 'package2 vectors list each command\'s outcome ("ok" or an error code)').toBeDefined();
  expect(
    cmds.map((c) => {
      const r = checkCommand(c);
      return r.ok ? 'ok' : r.error.code;
    }),
  ).toEqual(want);
}

function runCommand({ vector }: Loaded): void {
  expect(Array.isArray(vector.command) && vector.command.length > 0, '"command" is a non-empty array').toBe(true);
  const result = checkCommand(vector.command as RawCommand);
  const value = expectOutcome(result, vector.expect);
  if (value !== undefined) {
    expect(Object.keys(vector.expect)).toEqual(['valid']);
    expect(value).toEqual(vector.command);
  }
}

function runParse({ vector }: Loaded): void {
  expect(vector.uri).toBeTypeOf('string');
  const parsed = expectOutcome(parseClientUri(vector.uri!), vector.expect);
  if (parsed === undefined) return;
  expect(Object.keys(vector.expect).sort()).toEqual(['canonical', 'parsed', 'valid']);
  expect(parsed).toEqual(vector.expect.parsed);
  const canonical = vector.expect.canonical as string;
  expect(printClientUri(parsed)).toBe(canonical);
  const again = parseClientUri(canonical);
  expect(again.ok && again.value).toEqual(vector.expect.parsed);
}

/** A ResolverView over a plain MOID -> MIID -> MOData tree; `accessible` limits the MIIDs of the MOIDs it lists. */
function plainView(tree: Tree, accessible: Record<string, string[]> | undefined): ResolverView {
  const own = (o: unknown, k: string): unknown =>
    o !== null && typeof o === 'object' && !Array.isArray(o) && Object.hasOwn(o, k) ? (o as Record<string, unknown>)[k] : undefined;
  const at = (moid: string, miid: string, path: readonly string[]): unknown => path.reduce<unknown>((n, p) => own(n, p), own(tree[moid], miid));
  const isInterior = (n: unknown): n is Record<string, unknown> => n !== null && typeof n === 'object' && !Array.isArray(n);
  return {
    instanceIds: (moid) => Object.keys(tree[moid] ?? {}),
    accessible: (moid, miid) => accessible?.[moid]?.includes(miid) ?? true,
    visible: (moid, miid) => accessible?.[moid]?.includes(miid) ?? true,
    children: (moid, miid, path) => {
      const n = at(moid, miid, path);
      return isInterior(n) ? Object.keys(n) : undefined;
    },
    exists: (moid, miid, path) => at(moid, miid, path) !== undefined,
    text: (moid, miid, path) => {
      const n = at(moid, miid, path);
      if (n === undefined || isInterior(n)) return undefined;
      return n === null ? '' : String(n);
    },
  };
}

function runResolve({ vector }: Loaded): void {
  expect(vector.uri).toBeTypeOf('string');
  expect(vector.tree).toBeTypeOf('object');
  if (vector.expect.valid) expect(Object.keys(vector.expect).sort()).toEqual(['nodes', 'valid']);
  const parsed = parseClientUri(vector.uri!);
  const resolved = parsed.ok ? resolveClientUri(parsed.value, plainView(vector.tree!, vector.accessible)) : parsed;
  const nodes = expectOutcome(resolved, vector.expect);
  if (nodes !== undefined) {
    const uris = nodes.map((n) => concreteUri(n.moid, n.miid, n.path)).sort();
    expect(uris).toEqual([...(vector.expect.nodes as string[])].sort());
  }
  // The device tree (no MO definitions, the device itself acting) resolves alike.
  if (vector.accessible !== undefined || !parsed.ok) return;
  const tree = new DeviceTree([]);
  for (const [moid, instances] of Object.entries(vector.tree!)) {
    for (const [miid, data] of Object.entries(instances)) {
      const written = tree.deviceWrite(moid, miid, [], data);
      expect(written.ok, `${moid}/${miid} loads into a DeviceTree`).toBe(true);
    }
  }
  const viaTree = tree.resolve(DEVICE, parsed.value, 'R');
  const treeNodes = expectOutcome(viaTree, vector.expect);
  if (treeNodes !== undefined) {
    expect(treeNodes.map((n) => concreteUri(n.moid, n.miid, n.path)).sort()).toEqual([...(vector.expect.nodes as string[])].sort());
  }
}

const RUNNERS: Readonly<Record<string, (v: Loaded) => void>> = {
  package1: runBody,
  package2: runBody,
  package3: runBody,
  mo: runBody,
  command: runCommand,
  'client-uri': runParse,
  'client-uri-resolve': runResolve,
};

function ofKind(kind: string): Loaded[] {
  return vectors.filter((v) => v.vector.kind === kind);
}

function errorCodes(list: Loaded[]): Set<string> {
  return new Set(list.flatMap((v) => ('error' in v.vector.expect ? [(v.vector.expect.error as { code: string }).code] : [])));
}

describe('wire vectors', () => {
  it.each(vectors.map((v) => [`${v.dir}/${v.file}`, v] as const))('%s', (_label, loaded) => {
    const { vector, dir } = loaded;
    expect(vector.description, 'every vector says what it shows').toMatch(/\S/);
    const runner = RUNNERS[vector.kind];
    if (!runner) expect.fail(`unknown vector kind "${vector.kind}"`);
    expect(dir, `kind ${vector.kind} lives in vectors/${DIR_OF[vector.kind]}/`).toBe(DIR_OF[vector.kind]);
    expect(
      Object.keys(vector).filter((k) => !MEMBERS[vector.kind]!.includes(k)),
      'unknown members',
    ).toEqual([]);
    expect(vector.expect, 'every vector has an expectation').toBeTypeOf('object');
    expect('valid' in vector.expect !== 'error' in vector.expect, 'expect is either valid or error').toBe(true);
    runner(loaded);
  });

  it('has at least 50 vectors beyond Package#0, of every kind', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(50);
    for (const kind of Object.keys(RUNNERS)) expect(ofKind(kind).length, kind).toBeGreaterThanOrEqual(5);
  });

  it('every .cbor file belongs to exactly one vector', () => {
    for (const dir of ['packages', 'mo']) {
      const referenced = vectors.filter((v) => v.dir === dir && v.vector.cbor !== undefined).map((v) => v.vector.cbor);
      const files = readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.cbor'));
      expect([...referenced].sort()).toEqual(files.sort());
      expect(new Set(referenced).size).toBe(referenced.length);
    }
  });

  it('covers each of the twelve commands in a valid Package#2 and with wrong parameters', () => {
    const inPackages = new Set(
      ofKind('package2')
        .filter((v) => 'valid' in v.vector.expect)
        .flatMap((v) => (v.vector.body as { CMD: unknown[][] }).CMD.map((c) => c[0])),
    );
    const wrongParams = new Set(
      ofKind('command')
        .filter((v) => errorCodes([v]).has('CMD_PARAMS'))
        .map((v) => v.vector.command![0]),
    );
    for (const name of COMMAND_NAMES) {
      expect(inPackages, name).toContain(name);
      expect(wrongParams, name).toContain(name);
    }
    expect(errorCodes(ofKind('command'))).toEqual(new Set(['CMD_PARAMS', 'CMD_UNKNOWN']));
  });

  it('covers every ClientURI error code and every kind of mo-inst', () => {
    expect(errorCodes(ofKind('client-uri'))).toEqual(new Set(['URI_SYNTAX', 'URI_QUERY', 'URI_XNAME_UNBOUND']));
    const resolveCodes = errorCodes(ofKind('client-uri-resolve'));
    for (const code of ['URI_NOT_FOUND', 'URI_AMBIGUOUS', 'URI_FORBIDDEN', 'URI_NO_INSTANCE']) expect(resolveCodes, code).toContain(code);
    const instances = new Set(
      ofKind('client-uri').flatMap((v) => {
        const parsed = v.vector.expect.parsed as { instance?: { kind: string } } | undefined;
        return parsed ? [parsed.instance?.kind ?? 'none'] : [];
      }),
    );
    expect(instances).toEqual(new Set(['miid', 'xname', 'empty', 'any', 'none']));
  });

  it('covers schema and syntax errors in every body kind, and raw CBOR errors', () => {
    for (const kind of ['package1', 'package2', 'package3', 'mo']) {
      const codes = errorCodes(ofKind(kind));
      expect(codes, kind).toContain('SCHEMA');
    }
    const rawCbor = vectors.filter((v) => v.vector.cbor !== undefined && v.vector.body === undefined);
    expect(errorCodes(rawCbor)).toEqual(new Set(['BODY_SYNTAX', 'SCHEMA']));
    expect(rawCbor.length).toBeGreaterThanOrEqual(8);
  });
});
