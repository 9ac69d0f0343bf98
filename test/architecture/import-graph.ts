/**
 * The import graph of the project's own code, for the import rules (import-rules.test.ts): every
 * import, `export ... from` and `import('...')` specifier of every .ts file under the directories
 * asked for, relative ones resolved to the file they name. A regular expression reads them — the
 * code's own style (one statement per import, at the start of a line) is what it relies on — and
 * a relative specifier that names no file is kept as unresolved, so a misread shows up.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface ImportEdge {
  /** The importing file, relative to the root, with / separators. */
  from: string;
  /** The specifier as written. */
  spec: string;
  /** For a relative specifier: the file it names, relative to the root (undefined if none). */
  to?: string;
}

const STATIC = /^(?:import|export)\s+(?:type\s+)?(?:[^;'"]*?\s+from\s+|[^;'"]*?\bfrom\s*)?['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Block and line comments blanked out (strings are left alone: a `//` inside quotes ends no line). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/^\s*\/\/.*$/gm, '');
}

/** The specifiers a TypeScript source imports or re-exports from, in order. */
export function specifiersOf(text: string): string[] {
  const code = withoutComments(text);
  const found: Array<[number, string]> = [];
  for (const m of code.matchAll(STATIC)) found.push([m.index, m[1]!]);
  for (const m of code.matchAll(DYNAMIC)) found.push([m.index, m[1]!]);
  return found.sort((a, b) => a[0] - b[0]).map(([, spec]) => spec);
}

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : tsFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

function resolveRelative(fromFile: string, spec: string): string | undefined {
  const base = resolve(dirname(fromFile), spec);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

const slashes = (path: string) => path.split(sep).join('/');

/** Every import edge of the .ts files under `dirs` (relative to `root`). */
export function importGraph(root: string, dirs: readonly string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of dirs.flatMap((d) => tsFiles(join(root, d)))) {
    const from = slashes(relative(root, file));
    for (const spec of specifiersOf(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) {
        edges.push({ from, spec });
        continue;
      }
      const target = resolveRelative(file, spec);
      edges.push(target ? { from, spec, to: slashes(relative(root, target)) } : { from, spec });
    }
  }
  return edges;
}
