/**
 * Assembles the build context of the reference peers' image and, with --build, builds it:
 *   node bin/run-ts.mjs docker/assemble-context.ts [--out DIR] [--build TAG]
 * DIR defaults to docker/build/ (ignored by git). See docker/Dockerfile and docs/adapters.md.
 */
import { parseArgs } from 'node:util';
import { assembleContext, buildContextImage, DEFAULT_CONTEXT } from './context.ts';

const HELP = `Usage: node bin/run-ts.mjs docker/assemble-context.ts [--out DIR] [--build TAG]

Puts the node binary, the shared libraries ldd lists for it, and the project's runtime files into
DIR (default docker/build) as the context of docker/Dockerfile (FROM scratch), then with --build
builds it as TAG (e.g. dmcts-reference:latest) on the Docker engine (DOCKER_HOST or the socket).
`;

let values: { out?: string; build?: string; help?: boolean };
try {
  ({ values } = parseArgs({ options: { out: { type: 'string' }, build: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${HELP}`);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
try {
  const report = await assembleContext({ out: values.out ?? DEFAULT_CONTEXT });
  process.stdout.write(
    `assembled ${report.out}: ${report.files} files, ${(report.bytes / 1e6).toFixed(1)} MB in ${report.ms} ms\n` +
      `  libraries: ${report.libraries.join(' ')}\n` +
      `  packages: ${report.packages.length} (${report.packages.map((p) => p.replace(/^node_modules\//, '')).join(', ')})\n` +
      `  test CA for ut-server --tls-dir /dmcts/tls: ${report.caFile}\n`,
  );
  if (values.build) {
    const ms = await buildContextImage(report.out, values.build);
    process.stdout.write(`built ${values.build} in ${ms} ms\n`);
  }
} catch (error) {
  process.stderr.write(`assemble-context: ${(error as Error).message}\n`);
  process.exit(1);
}
