/**
 * DDF vectors (vectors/ddf/, vectors/README.md): every vector's DDF read unchanged, valid ones checked
 * against their expected MOID, node paths and spot-checked node properties, invalid ones against the
 * exact error (code, element, line). An unknown member or kind fails.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DdfError } from '../../../harness/tree/ddf/ddf-error.ts';
import { readDdfFile } from '../../../harness/tree/ddf/ddf-file.ts';
import { nodePaths } from '../../../harness/tree/ddf/ddf-paths.ts';

const DIR = join(import.meta.dirname, '../../../vectors/ddf');
const MEMBERS = ['description', 'kind', 'ddf', 'moid', 'expect'];
const NODE_PROPS = ['format', 'occurrence', 'scope', 'access', 'description', 'open'];

interface DdfVector {
  description: string;
  kind: 'ddf';
  ddf: string;
  moid?: string;
  expect:
    | { valid: true; moid: string; paths?: string[]; nodes: Record<string, Record<string, unknown>> }
    | { error: { code: string; element: string; line: number } };
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const vectors = files.map((f) => ({ file: f, vector: JSON.parse(readFileSync(join(DIR, f), 'utf8')) as DdfVector }));

function read(v: DdfVector) {
  return readDdfFile(join(DIR, v.ddf), v.moid ? { moid: v.moid } : {});
}

describe('DDF vectors', () => {
  it('are there: the seven standard MOs, the x-name forms and at least ten invalid DDFs; each .ddf has its vector', () => {
    const names = vectors.map((v) => v.vector.ddf);
    for (const mo of ['devinfo', 'devdetail', 'dmacc-1.2', 'fumo', 'scomo', 'connmo-nap', 'diagmon', 'xname-forms']) expect(names).toContain(`${mo}.ddf`);
    expect(vectors.filter((v) => 'error' in v.vector.expect).length).toBeGreaterThanOrEqual(10);
    const ddfs = readdirSync(DIR).filter((f) => f.endsWith('.ddf'));
    expect(ddfs.sort()).toEqual([...names].sort());
  });

  for (const { file, vector } of vectors) {
    it(`${file}: ${vector.description}`, () => {
      expect(vector.kind).toBe('ddf');
      expect(Object.keys(vector).filter((k) => !MEMBERS.includes(k))).toEqual([]);
      const want = vector.expect;
      if ('error' in want) {
        let caught: unknown;
        try {
          read(vector);
        } catch (e) {
          caught = e;
        }
        expect(caught).toBeInstanceOf(DdfError);
        const e = caught as DdfError;
        expect({ code: e.code, element: e.element, line: e.line }).toEqual(want.error);
        // The message names the file, the line, the element and a fix.
        expect(e.message).toContain(`${vector.ddf}:${want.error.line}: <${want.error.element}>`);
        expect(e.message).toMatch(/Fix: \S/);
        return;
      }
      expect(want.valid).toBe(true);
      const { definition } = read(vector);
      expect(definition.moid).toBe(want.moid);
      const paths = nodePaths(definition);
      if (want.paths) expect([...paths.keys()].filter((p) => p !== '.')).toEqual(want.paths);
      for (const [path, props] of Object.entries(want.nodes)) {
        const node = paths.get(path);
        expect(node, `${path} in ${[...paths.keys()].join(' ')}`).toBeDefined();
        expect(Object.keys(props).filter((k) => !NODE_PROPS.includes(k))).toEqual([]);
        const got = Object.fromEntries(Object.keys(props).map((k) => [k, k === 'open' ? (node?.open ?? false) : node?.[k as keyof typeof node]]));
        expect(got, path).toEqual(props);
      }
    });
  }
});
