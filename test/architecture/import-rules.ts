/**
 * The import rules of the project's code, as checks over an import graph (import-graph.ts): each
 * returns what breaks it — `file → specifier` lines, or a directory cycle — and an empty answer
 * when it holds. import-rules.test.ts applies them to harness/ and suites/, and to small synthetic
 * graphs to show each one can fail.
 */
import { builtinModules } from 'node:module';
import type { ImportEdge } from './import-graph.ts';

/** The top-level directory of harness/ a file is in (`protocol` for harness/protocol/x.ts), or undefined outside harness/. */
export function layerOf(path: string): string | undefined {
  const m = /^harness\/([^/]+)\//.exec(path);
  return m?.[1];
}

const show = (e: ImportEdge) => `${e.from} → ${e.spec}`;

/** Edges from files under `dir` (a path prefix such as `harness/protocol/`). */
const under = (edges: readonly ImportEdge[], dir: string) => edges.filter((e) => e.from.startsWith(dir));

/** A relative import naming no file (the graph would miss an edge). */
export function unresolved(edges: readonly ImportEdge[]): string[] {
  return edges.filter((e) => e.spec.startsWith('.') && e.to === undefined).map(show);
}

/** Imports from harness/<layer>/ of any harness file outside the layers it may use (itself always). */
export function reachesOutside(edges: readonly ImportEdge[], layer: string, allowed: readonly string[] = []): string[] {
  return under(edges, `harness/${layer}/`)
    .filter((e) => e.to?.startsWith('harness/') && !(e.to.startsWith(`harness/${layer}/`) || allowed.some((a) => e.to!.startsWith(`harness/${a}/`))))
    .map(show);
}

/** Imports from harness/<a>/ of harness/<b>/ and the other way round. */
export function between(edges: readonly ImportEdge[], a: string, b: string): string[] {
  return edges
    .filter((e) => e.to !== undefined && ((layerOf(e.from) === a && layerOf(e.to) === b) || (layerOf(e.from) === b && layerOf(e.to) === a)))
    .map(show);
}

/** The graph of harness/'s top-level directories: for each pair, the imports that make the edge. */
export function layerGraph(edges: readonly ImportEdge[]): Map<string, Map<string, ImportEdge[]>> {
  const graph = new Map<string, Map<string, ImportEdge[]>>();
  for (const e of edges) {
    const from = layerOf(e.from);
    const to = e.to === undefined ? undefined : layerOf(e.to);
    if (!from || !to || from === to) continue;
    const out = graph.get(from) ?? graph.set(from, new Map()).get(from)!;
    (out.get(to) ?? out.set(to, []).get(to)!).push(e);
  }
  return graph;
}

/**
 * A cycle among harness/'s top-level directories, as its path (`cli → conformance → cli`) with one
 * import that makes each step; empty when there is none.
 */
export function layerCycle(edges: readonly ImportEdge[]): string[] {
  const graph = layerGraph(edges);
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, 'open');
    path.push(node);
    for (const next of [...(graph.get(node)?.keys() ?? [])].sort()) {
      if (state.get(next) === 'open') return [...path.slice(path.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of [...graph.keys()].sort()) {
    if (state.has(node)) continue;
    const cycle = visit(node);
    if (!cycle) continue;
    const steps = cycle.slice(1).map((to, i) => `  ${cycle[i]} → ${to}: ${show(graph.get(cycle[i]!)!.get(to)![0]!)}`);
    return [cycle.join(' → '), ...steps];
  }
  return [];
}

/** The npm package a bare specifier names (`vitest` for vitest/config, `@scope/x` for @scope/x/y). */
export function packageOf(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const isBuiltin = (spec: string) => spec.startsWith('node:') || builtinModules.includes(spec);

/**
 * Imports from suites/ of anything but other suite files, the allowed harness directories and, of
 * packages, the allowed ones and node: builtins.
 */
export function suiteOffenders(edges: readonly ImportEdge[], harnessAllowed: readonly string[], packagesAllowed: readonly string[]): string[] {
  return under(edges, 'suites/')
    .filter((e) => {
      if (e.to !== undefined) return !(e.to.startsWith('suites/') || harnessAllowed.some((a) => e.to!.startsWith(`harness/${a}/`)));
      if (e.spec.startsWith('.')) return false; // unresolved: reported by its own rule
      return !(isBuiltin(e.spec) || packagesAllowed.includes(packageOf(e.spec)));
    })
    .map(show);
}
