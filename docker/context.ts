/**
 * Assembles the Docker build context of the reference peers' image (docker/Dockerfile, FROM scratch):
 *   rootfs/usr/local/bin/node      this machine's node binary
 *   rootfs/<lib paths>             the shared libraries `ldd node` lists, and the dynamic loader
 *   rootfs/etc/{passwd,group,hosts,nsswitch.conf}, rootfs/tmp
 *   rootfs/dmcts/                  package.json, bin/, harness/, and the node_modules the peers need at
 *                                  run time (the package.json dependencies without the test runner's,
 *                                  with everything they depend on)
 *   rootfs/dmcts/tls/              a test CA and server certificate for 127.0.0.1 and localhost
 *   Dockerfile
 * Tests, suites, reports, docs and .git stay out, so the context is small and builds in seconds.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tlsDirFiles } from '../harness/cli/commands/ut-server.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DOCKERFILE = fileURLToPath(new URL('./Dockerfile', import.meta.url));
export const DEFAULT_CONTEXT = join(PROJECT_ROOT, 'docker', 'build');

/** Dependencies only `dmcts run` and the project's tests use: the peers in the image do not. */
export const NOT_IN_IMAGE: readonly string[] = ['vitest', 'allure-vitest', 'allure-js-commons', 'fast-check', 'testcontainers'];

/** Project entries the image gets (under /dmcts). */
const PROJECT_ENTRIES = ['package.json', 'bin', 'harness'];

export interface AssembleOptions {
  /** The context directory (emptied first). */
  out: string;
  /** The node binary to put in the image (default: the one running this). */
  node?: string;
  root?: string;
}

export interface AssembleReport {
  out: string;
  bytes: number;
  files: number;
  libraries: string[];
  packages: string[];
  caFile: string;
  ms: number;
}

/** The shared objects a binary needs, as ldd lists them (absolute paths, the loader included). */
export function sharedLibraries(binary: string): string[] {
  let text: string;
  try {
    text = execFileSync('ldd', [binary], { encoding: 'utf8' });
  } catch (error) {
    throw new Error(`cannot list the shared libraries of ${binary} with ldd (${(error as Error).message.split('\n')[0]}): the image is assembled on a glibc Linux with ldd`);
  }
  if (/not a dynamic executable|statically linked/.test(text)) return [];
  const libs: string[] = [];
  for (const line of text.split('\n')) {
    const arrow = /=>\s*(\/\S+)/.exec(line);
    const bare = /^\s*(\/\S+)\s+\(/.exec(line);
    const path = arrow?.[1] ?? bare?.[1];
    if (path) libs.push(path);
    if (/=>\s*not found/.test(line)) throw new Error(`ldd ${binary}: ${line.trim()}`);
  }
  return libs;
}

function packageDir(name: string, from: string, root: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dirname(dir) === dir) return undefined;
  }
}

/** The package directories the runtime dependencies need, each once (nested ones inside their parent). */
export function runtimePackages(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const seen = new Set<string>();
  const queue: Array<{ name: string; from: string; optional: boolean }> = Object.keys(pkg.dependencies ?? {})
    .filter((n) => !NOT_IN_IMAGE.includes(n))
    .map((name) => ({ name, from: root, optional: false }));
  while (queue.length > 0) {
    const { name, from, optional } = queue.shift()!;
    const dir = packageDir(name, from, root);
    if (!dir) {
      if (optional) continue; // an optional dependency for another platform
      throw new Error(`the dependency ${name} (needed from ${relative(root, from) || 'the project'}) is not installed: run npm ci first`);
    }
    if (seen.has(dir)) continue;
    seen.add(dir);
    const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; peerDependencies?: Record<string, string> };
    for (const dep of Object.keys(meta.dependencies ?? {})) queue.push({ name: dep, from: dir, optional: false });
    for (const dep of Object.keys(meta.optionalDependencies ?? {})) queue.push({ name: dep, from: dir, optional: true });
    for (const dep of Object.keys(meta.peerDependencies ?? {})) queue.push({ name: dep, from: dir, optional: true });
  }
  const dirs = [...seen].sort();
  return dirs.filter((d) => !dirs.some((other) => other !== d && d.startsWith(other + sep)));
}

function sizeOf(path: string): { bytes: number; files: number } {
  const st = statSync(path);
  if (!st.isDirectory()) return { bytes: st.size, files: 1 };
  let bytes = 0;
  let files = 0;
  for (const name of readdirSync(path)) {
    const s = sizeOf(join(path, name));
    bytes += s.bytes;
    files += s.files;
  }
  return { bytes, files };
}

function copyInto(rootfs: string, absolute: string): void {
  const target = join(rootfs, absolute);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(realpathSync(absolute), target);
  chmodSync(target, statSync(realpathSync(absolute)).mode & 0o777);
}

export async function assembleContext(options: AssembleOptions): Promise<AssembleReport> {
  const started = Date.now();
  const root = resolve(options.root ?? PROJECT_ROOT);
  const out = resolve(options.out);
  if (out === root || root.startsWith(out + sep)) throw new Error(`--out ${out} would hold the project itself: pick an empty or new directory`);
  const node = realpathSync(options.node ?? process.execPath);
  rmSync(out, { recursive: true, force: true });
  const rootfs = join(out, 'rootfs');
  mkdirSync(rootfs, { recursive: true });

  // The node binary and what it links.
  const nodeInImage = join(rootfs, 'usr/local/bin/node');
  mkdirSync(dirname(nodeInImage), { recursive: true });
  copyFileSync(node, nodeInImage);
  chmodSync(nodeInImage, 0o755);
  const libraries = sharedLibraries(node);
  for (const lib of libraries) copyInto(rootfs, lib);

  // The little a process expects of /etc and /tmp.
  mkdirSync(join(rootfs, 'etc'), { recursive: true });
  writeFileSync(join(rootfs, 'etc/passwd'), 'root:x:0:0:root:/tmp:/usr/local/bin/node\nnobody:x:65534:65534:nobody:/nonexistent:/usr/local/bin/node\n');
  writeFileSync(join(rootfs, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
  writeFileSync(join(rootfs, 'etc/hosts'), '127.0.0.1 localhost\n::1 localhost\n');
  writeFileSync(join(rootfs, 'etc/nsswitch.conf'), 'hosts: files dns\n');
  mkdirSync(join(rootfs, 'tmp'), { recursive: true });
  chmodSync(join(rootfs, 'tmp'), 0o1777);

  // The project's runtime files.
  const app = join(rootfs, 'dmcts');
  for (const entry of PROJECT_ENTRIES) cpSync(join(root, entry), join(app, entry), { recursive: true });
  const packages = runtimePackages(root);
  for (const dir of packages) cpSync(dir, join(app, relative(root, dir)), { recursive: true });

  // A test CA and server certificate for ut-server --tls-dir /dmcts/tls.
  const tls = await tlsDirFiles(join(app, 'tls'), ['127.0.0.1', 'localhost']);
  chmodSync(join(app, 'tls', 'server.key'), 0o644); // read by whichever user the container runs as

  copyFileSync(DOCKERFILE, join(out, 'Dockerfile'));
  const { bytes, files } = sizeOf(out);
  return { out, bytes, files, libraries, packages: packages.map((d) => relative(root, d)), caFile: tls.caPath, ms: Date.now() - started };
}

/** Builds the assembled context as an image (testcontainers, so the same engine the container adapter uses). */
export async function buildContextImage(context: string, tag: string): Promise<number> {
  const started = Date.now();
  const { connectDocker } = await import('../harness/conformance/iut/docker-engine.ts');
  await connectDocker();
  const { GenericContainer } = await import('testcontainers');
  await GenericContainer.fromDockerfile(resolve(context)).build(tag, { deleteOnExit: false });
  return Date.now() - started;
}
