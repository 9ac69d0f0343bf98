/**
 * ClientURI resolution (K-ADDR, P-DETAIL, P-ACL) through the ResolverView: what a wildcard, an
 * x-name, an empty mo-inst and nv= filters reach, what is an error and which Status it earns.
 * (The table of cases lives in vectors/client-uri/resolve-*.json; these are the properties the
 * vectors cannot state: order, what the resolver asks the view, and status codes.)
 */
import { describe, expect, it } from 'vitest';
import { parseClientUri, type ClientUri } from '../../../harness/protocol/client-uri.ts';
import { isWildcard, resolveClientUri, type ResolverView } from '../../../harness/protocol/client-uri-resolver.ts';
import { statusOf } from '../../../harness/protocol/error-status.ts';

type Tree = Record<string, Record<string, Record<string, unknown>>>;

const M = 'urn:oma:mo:ex:1.0';

function view(tree: Tree, accessible: (moid: string, miid: string) => boolean = () => true, calls: string[] = [], visible = accessible): ResolverView {
  const at = (moid: string, miid: string, path: readonly string[]): unknown =>
    path.reduce<unknown>((n, p) => (n && typeof n === 'object' && Object.hasOwn(n, p) ? (n as Record<string, unknown>)[p] : undefined), tree[moid]?.[miid]);
  return {
    instanceIds: (moid) => {
      calls.push(`instanceIds ${moid}`);
      return Object.keys(tree[moid] ?? {});
    },
    accessible: (moid, miid) => {
      calls.push(`accessible ${miid}`);
      return accessible(moid, miid);
    },
    visible: (moid, miid) => visible(moid, miid),
    children: (moid, miid, path) => {
      const n = at(moid, miid, path);
      return n && typeof n === 'object' ? Object.keys(n) : undefined;
    },
    exists: (moid, miid, path) => at(moid, miid, path) !== undefined,
    text: (moid, miid, path) => {
      const n = at(moid, miid, path);
      return n === undefined || (n !== null && typeof n === 'object') ? undefined : n === null ? '' : String(n);
    },
  };
}

function uri(text: string): ClientUri {
  const r = parseClientUri(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function paths(text: string, v: ResolverView): string[] {
  const r = resolveClientUri(uri(text), v);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value.map((n) => [n.miid, ...n.path].join('/'));
}

function code(text: string, v: ResolverView): string {
  const r = resolveClientUri(uri(text), v);
  return r.ok ? 'ok' : r.error.code;
}

const TREE: Tree = {
  [M]: {
    b: { Name: 'two', Kind: 'x', Sub: { k2: { V: 2 }, k1: { V: 1 } } },
    a: { Name: 'one', Kind: 'x', Sub: { k1: { V: 1 } } },
    c: { Name: 'three', Kind: 'y' },
  },
};

describe('resolveClientUri', () => {
  it('keeps the order of the view: instances, then children', () => {
    expect(paths(`${M}/*/Sub/*`, view(TREE))).toEqual(['b/Sub/k2', 'b/Sub/k1', 'a/Sub/k1']);
  });

  it('answers a named instance without looking at the others', () => {
    const calls: string[] = [];
    expect(
      paths(
        `${M}/a/Name`,
        view(TREE, () => true, calls),
      ),
    ).toEqual(['a/Name']);
    expect(calls).toEqual([`instanceIds ${M}`, 'accessible a']);
  });

  it('checks the right only on the instance it names (403), and 404 comes first for a missing one', () => {
    const onlyA = view(TREE, (_m, miid) => miid === 'a');
    expect(code(`${M}/b/Name`, onlyA)).toBe('URI_FORBIDDEN');
    expect(code(`${M}/zz/Name`, onlyA)).toBe('URI_NOT_FOUND');
    expect(statusOf('URI_FORBIDDEN')).toBe(403);
    expect(statusOf('URI_NOT_FOUND')).toBe(404);
  });

  it('wildcards and x-names skip inaccessible instances silently', () => {
    const onlyA = view(TREE, (_m, miid) => miid === 'a');
    expect(paths(`${M}/*`, onlyA)).toEqual(['a']);
    expect(paths(`${M}/(i)/Name?nv=(i)/Kind:x`, onlyA)).toEqual(['a/Name']);
  });

  it('MOID// needs exactly one accessible instance: 404 for none, 400 for two or more', () => {
    expect(code(`${M}//`, view(TREE))).toBe('URI_AMBIGUOUS');
    expect(statusOf('URI_AMBIGUOUS')).toBe(400);
    expect(
      code(
        `${M}//`,
        view(TREE, () => false),
      ),
    ).toBe('URI_NOT_FOUND');
    expect(
      paths(
        `${M}//Name`,
        view(TREE, (_m, miid) => miid === 'c'),
      ),
    ).toEqual(['c/Name']);
    expect(
      code(
        `${M}//Sub`,
        view(TREE, (_m, miid) => miid === 'c'),
      ),
    ).toBe('URI_NOT_FOUND');
  });

  it('a bare MOID addresses no instance (400)', () => {
    expect(code(M, view(TREE))).toBe('URI_NO_INSTANCE');
    expect(statusOf('URI_NO_INSTANCE')).toBe(400);
  });

  it('binds nv= to the node its x-name stands for, not to the instance root', () => {
    expect(paths(`${M}/*/Sub/(k)?nv=(k)/V:1`, view(TREE))).toEqual(['b/Sub/k1', 'a/Sub/k1']);
    expect(paths(`${M}/(i)/Sub/(k)/V?nv=(i)/Name:two&nv=(k)/V:1`, view(TREE))).toEqual(['b/Sub/k1/V']);
    // AND: both filters on the same binding
    expect(paths(`${M}/(i)?nv=(i)/Kind:x&nv=(i)/Name:one`, view(TREE))).toEqual(['a']);
    expect(paths(`${M}/(i)?nv=(i)/Kind:x&nv=(i)/Name:three`, view(TREE))).toEqual([]);
  });

  it('nv= compares the text of a leaf; interior nodes and missing leaves never match', () => {
    expect(paths(`${M}/(i)?nv=(i)/Sub:`, view(TREE))).toEqual([]);
    expect(paths(`${M}/(i)?nv=(i)/Nope:`, view(TREE))).toEqual([]);
  });

  it('below a wildcard a missing named node is skipped; without one it is 404', () => {
    expect(paths(`${M}/*/Sub/k2`, view(TREE))).toEqual(['b/Sub/k2']);
    expect(code(`${M}/a/Sub/k2`, view(TREE))).toBe('URI_NOT_FOUND');
  });
});

describe('isWildcard', () => {
  it.each([
    [`${M}/a`, false],
    [`${M}/a/Sub/k1`, false],
    [`${M}//`, false],
    [`${M}/*`, true],
    [`${M}/(i)`, true],
    [`${M}/a/*/V`, true],
    [`${M}/a/Sub/(k)`, true],
    [M, false],
  ])('%s -> %s', (text, want) => {
    expect(isWildcard(uri(text))).toBe(want);
  });

  it("an empty mo-inst picks the one instance the principal can see, and is 403 without the command's right", () => {
    const tree: Tree = { [M]: { '1': { a: 'x' } } };
    const uri = parseClientUri(`${M}//a`);
    if (!uri.ok) throw new Error(uri.error.message);
    const readOnly = view(
      tree,
      () => false,
      [],
      () => true,
    );
    const r = resolveClientUri(uri.value, readOnly);
    expect(r.ok ? 'ok' : r.error.code).toBe('URI_FORBIDDEN');
    const hidden = view(
      tree,
      () => false,
      [],
      () => false,
    );
    const h = resolveClientUri(uri.value, hidden);
    expect(h.ok ? 'ok' : h.error.code).toBe('URI_NOT_FOUND');
  });
});
