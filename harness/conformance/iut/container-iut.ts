/**
 * An IUT in a container (testcontainers): from the IXIT's `image` (already on the engine, or pullable),
 * or from `build` (a Dockerfile context the adapter builds first). The container runs on the host
 * network, so its adapter reaches the harness's upper tester on loopback and the harness reaches its
 * DM endpoints there too; its environment has DMCTS_UT_URL and the IXIT's env; `command` replaces
 * the image's CMD. Readiness is the adapter's ut.hello; a container that exits first ends the wait at
 * once with its exit code. Its output is kept as evidence (<out>/iut-<role>.log, iut-<role>-<instance>.log with --parallel). It carries the
 * label dmcts.run=<run ID>, so the run's main process removes it even if the test worker dies.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { UT_URL_ENV } from '../../protocol/upper-tester.ts';
import { connectDocker } from './docker-engine.ts';
import { LogBuffer, type IutInstance } from './iut-instance.ts';
import { INSTANCE_ENV, type IutRunContext } from './iut-run-context.ts';
import { stopIfHarnessGone } from './orphan-guard.ts';
import { noteDockerUse, noteLeftover, RUN_LABEL } from './run-leftovers.ts';

export interface ContainerSpec {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[];
  env?: Record<string, string>;
}

/** Seconds a stopped container gets between SIGTERM and SIGKILL (docker stop -t). */
export const CONTAINER_STOP_GRACE_MS = 5_000;

/** The tag an IXIT `build` is built as: stable for a context and Dockerfile, so rebuilds reuse Docker's cache. */
export function buildImageTag(context: string, dockerfile = 'Dockerfile'): string {
  const hash = createHash('sha256')
    .update(`${resolve(context)}\0${dockerfile}`)
    .digest('hex')
    .slice(0, 12);
  return `dmcts-iut-build:${hash}`;
}

async function buildImage(build: NonNullable<ContainerSpec['build']>, logs: LogBuffer): Promise<string> {
  const context = resolve(build.context);
  const dockerfile = build.dockerfile ?? 'Dockerfile';
  if (!existsSync(context) || !statSync(context).isDirectory()) {
    throw new Error(`the IXIT's adapter.build.context ${context} is not a directory (a relative one is taken from the IXIT file's directory)`);
  }
  if (!existsSync(join(context, dockerfile))) throw new Error(`there is no ${dockerfile} in the build context ${context} (fix adapter.build.dockerfile)`);
  const tag = buildImageTag(context, dockerfile);
  const { GenericContainer } = await import('testcontainers');
  const started = Date.now();
  logs.add(`[dmcts] building ${join(context, dockerfile)} as ${tag}`);
  try {
    await GenericContainer.fromDockerfile(context, dockerfile).build(tag, { deleteOnExit: false });
  } catch (error) {
    throw new Error(
      `the IUT image could not be built from ${join(context, dockerfile)}: ${(error as Error).message} (run "docker build -f ${join(context, dockerfile)} ${context}" to see the build output)`,
    );
  }
  logs.add(`[dmcts] built ${tag} in ${Date.now() - started} ms`);
  return tag;
}

export async function startContainerIut(spec: ContainerSpec, utUrl: string, context?: IutRunContext): Promise<IutInstance> {
  if (!spec.image && !spec.build) throw new Error('a container adapter needs adapter.image or adapter.build in the IXIT');
  const logs = new LogBuffer(context?.logFile, context?.runId);
  const client = await connectDocker();
  const image = spec.build ? await buildImage(spec.build, logs) : spec.image!;
  const { GenericContainer } = await import('testcontainers');
  let logStream: Readable | undefined;
  let container = new GenericContainer(image)
    .withNetworkMode('host')
    .withEnvironment({ ...(spec.env ?? {}), [UT_URL_ENV]: utUrl, [INSTANCE_ENV]: String(context?.instance ?? 1) })
    .withLabels({
      [RUN_LABEL]: context?.runId ?? `direct-${process.pid}`,
      'dmcts.role': context?.role ?? 'unknown',
      'dmcts.instance': String(context?.instance ?? 1),
    })
    .withLogConsumer((stream) => {
      logStream = stream;
      stream.on('data', (chunk: string | Buffer) => logs.push(chunk.toString()));
    });
  if (spec.command) container = container.withCommand(spec.command);
  logs.add(
    `[dmcts] starting a container of ${image}${spec.command ? ` with command ${JSON.stringify(spec.command)}` : ''} on the host network, ${UT_URL_ENV}=${utUrl}`,
  );
  let started: Awaited<ReturnType<typeof container.start>>;
  // Before the start: a container created by a start that then fails is still the run's to remove.
  if (context) noteDockerUse(context.runId);
  try {
    started = await container.start();
  } catch (error) {
    const hint = spec.image ? ` (is the image on this engine? "docker image ls ${spec.image}"; build it first, or give adapter.build instead)` : '';
    throw new Error(`the IUT container of ${image} could not be started: ${(error as Error).message}${hint}`);
  }
  const id = started.getId();
  const forget = context ? noteLeftover(context.runId, { kind: 'container', id, image }) : () => {};
  logs.add(`[dmcts] container ${id.slice(0, 12)} started`);

  let stopping = false;
  const unguard = stopIfHarnessGone(() => stop());
  const exited = client.container
    .getById(id)
    .wait()
    .then(
      async (r: { StatusCode?: number }) => {
        // Let the log stream deliver the container's last lines first.
        await new Promise<void>((done) => {
          if (!logStream || logStream.readableEnded) return done();
          const timer = setTimeout(done, 500);
          logStream.once('end', () => {
            clearTimeout(timer);
            done();
          });
        });
        logs.flush();
        logs.add(`[dmcts] the container exited with code ${r.StatusCode}${stopping ? ' (stopped by the harness)' : ''}`);
        return r.StatusCode ?? -1;
      },
      // The engine stopped answering: nothing is known of an exit, so none is reported.
      () => new Promise<number>(() => {}),
    );
  const ended = exited.then((code) => (stopping ? new Promise<string>(() => {}) : `the IUT container (${image}) exited with code ${code}`));

  async function stop(): Promise<void> {
    if (stopping) return;
    stopping = true;
    try {
      await started.stop({ timeout: CONTAINER_STOP_GRACE_MS, remove: true });
    } finally {
      forget();
      unguard();
    }
  }
  return {
    description: `container: ${spec.build ? `built from ${resolve(spec.build.context)} as ` : ''}${image}${spec.command ? ` ${spec.command.join(' ')}` : ''}`,
    logs: () => logs.all(),
    logMark: () => logs.mark(),
    logsSince: (m: number) => logs.since(m),
    ended,
    stop,
  };
}
