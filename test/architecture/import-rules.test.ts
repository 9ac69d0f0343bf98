/**
 * The import rules (issue 8, items 1 and 4), enforced on every .ts file under harness/ and suites/:
 * the wire protocol stands alone, the reference client and server never lean on each other, the
 * top-level directories of harness/ form no cycle, harness/core/ is the bottom layer, and a case
 * reaches the harness only through the conformance API, its fixtures and the protocol. Each rule
 * fails listing the offending `file → import`; the second block shows each rule failing on a small
 * synthetic graph, so none passes for want of being able to fail.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importGraph, specifiersOf, type ImportEdge } from './import-graph.ts';
import { between, layerCycle, layerGraph, reachesOutside, suiteOffenders, unresolved } from './import-rules.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const edges = importGraph(root, ['harness', 'suites']);

/** What suites/ may import of the harness: the conformance API with its fixtures, and the protocol. */
const SUITE_HARNESS = ['conformance', 'protocol'];
/** The npm packages a suite may import (node: builtins aside). */
const SUITE_PACKAGES = ['vitest', 'fast-check'];

const offenders = (lines: string[]) => `\n${lines.join('\n')}\n`;

describe('import rules of harness/ and suites/', () => {
  it('reads the imports of every file (each relative import names a file)', () => {
    expect(edges.length).toBeGreaterThan(500);
    expect(unresolved(edges), offenders(unresolved(edges))).toEqual([]);
  });

  it('(a) harness/protocol imports nothing of the harness outside harness/protocol, harness/core included (npm packages and node: builtins only)', () => {
    // protocol is the wire format anyone may reuse (vectors, a third party's tooling): it stands alone.
    const bad = reachesOutside(edges, 'protocol');
    expect(bad, offenders(bad)).toEqual([]);
  });

  it('(b) harness/client and harness/server never import each other', () => {
    const bad = between(edges, 'client', 'server');
    expect(bad, offenders(bad)).toEqual([]);
  });

  it("(c) harness/'s top-level directories import each other without a cycle", () => {
    const cycle = layerCycle(edges);
    expect(cycle, offenders(cycle)).toEqual([]);
  });

  it('(d) harness/core imports nothing else of the harness', () => {
    const bad = reachesOutside(edges, 'core');
    expect(bad, offenders(bad)).toEqual([]);
  });

  it('(e) suites/ import only harness/conformance (its API and fixtures) and harness/protocol, plus vitest, fast-check and node: builtins', () => {
    const bad = suiteOffenders(edges, SUITE_HARNESS, SUITE_PACKAGES);
    expect(bad, offenders(bad)).toEqual([]);
  });
});

describe('the import rule checks, on synthetic graphs', () => {
  const edge = (from: string, to: string): ImportEdge => ({ from, spec: `./${to}`, to });
  const pkg = (from: string, spec: string): ImportEdge => ({ from, spec });

  it('read import, import type, multi-line, side-effect, export-from and dynamic imports, not those in comments', () => {
    const text = [
      "import { a } from './a.ts';",
      "import type { B } from '../b.ts';",
      'import {',
      '  c,',
      '  d,',
      "} from './cd.ts';",
      "import './side.ts';",
      "export { e } from './e.ts';",
      "export * from './f.ts';",
      "export type { G } from './g.ts';",
      "// import { x } from './commented.ts';",
      "/* import { y } from './block.ts'; */",
      "const url = 'https://example.org/x'; // not an import",
      "const h = await import('./h.ts');",
      "export const i = 'from here';",
    ].join('\n');
    expect(specifiersOf(text)).toEqual(['./a.ts', '../b.ts', './cd.ts', './side.ts', './e.ts', './f.ts', './g.ts', './h.ts']);
  });

  it('(a) and (d) name an import leaving the layer, and only harness files count', () => {
    const g = [
      edge('harness/protocol/x.ts', 'harness/protocol/y.ts'),
      edge('harness/protocol/x.ts', 'harness/core/version.ts'),
      pkg('harness/protocol/x.ts', 'cbor-x'),
      edge('harness/core/a.ts', 'harness/report/b.ts'),
    ];
    expect(reachesOutside(g, 'protocol')).toEqual(['harness/protocol/x.ts → ./harness/core/version.ts']);
    expect(reachesOutside(g, 'core')).toEqual(['harness/core/a.ts → ./harness/report/b.ts']);
    expect(reachesOutside([edge('harness/protocol/x.ts', 'vectors/v.ts')], 'protocol')).toEqual([]);
  });

  it('(b) names imports between client and server, either way', () => {
    const g = [
      edge('harness/client/a.ts', 'harness/server/b.ts'),
      edge('harness/server/c.ts', 'harness/client/d.ts'),
      edge('harness/client/a.ts', 'harness/tree/t.ts'),
    ];
    expect(between(g, 'client', 'server')).toEqual(['harness/client/a.ts → ./harness/server/b.ts', 'harness/server/c.ts → ./harness/client/d.ts']);
  });

  it('(c) reports a directory cycle as its path, with an import for each step, and none in a layered graph', () => {
    const layered = [
      edge('harness/cli/m.ts', 'harness/conformance/r.ts'),
      edge('harness/conformance/r.ts', 'harness/report/w.ts'),
      edge('harness/report/w.ts', 'harness/core/v.ts'),
      edge('harness/cli/m.ts', 'harness/core/v.ts'),
    ];
    expect(layerCycle(layered)).toEqual([]);
    expect([...layerGraph(layered).keys()].sort()).toEqual(['cli', 'conformance', 'report']);
    const cyclic = [...layered, edge('harness/report/a.ts', 'harness/conformance/verdict.ts')];
    expect(layerCycle(cyclic)).toEqual([
      'conformance → report → conformance',
      '  conformance → report: harness/conformance/r.ts → ./harness/report/w.ts',
      '  report → conformance: harness/report/a.ts → ./harness/conformance/verdict.ts',
    ]);
  });

  it('(e) names a suite import of another harness directory or package, and lets the allowed ones through', () => {
    const g = [
      edge('suites/client/a.test.ts', 'harness/conformance/define-case.ts'),
      edge('suites/client/a.test.ts', 'harness/conformance/fixtures/harness-server.ts'),
      edge('suites/client/a.test.ts', 'harness/protocol/moids.ts'),
      edge('suites/client/a.test.ts', 'suites/client/common.ts'),
      pkg('suites/client/a.test.ts', 'vitest'),
      pkg('suites/vitest.config.ts', 'vitest/config'),
      pkg('suites/client/a.test.ts', 'fast-check'),
      pkg('suites/client/a.test.ts', 'node:crypto'),
      edge('suites/client/a.test.ts', 'harness/transport/trace.ts'),
      edge('suites/server/b.test.ts', 'harness/core/verdict.ts'),
      pkg('suites/server/b.test.ts', 'undici'),
    ];
    expect(suiteOffenders(g, SUITE_HARNESS, SUITE_PACKAGES)).toEqual([
      'suites/client/a.test.ts → ./harness/transport/trace.ts',
      'suites/server/b.test.ts → ./harness/core/verdict.ts',
      'suites/server/b.test.ts → undici',
    ]);
  });
});
