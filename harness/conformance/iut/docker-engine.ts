/**
 * The Docker engine the container adapter uses, through testcontainers. IUT containers always run on
 * the host network, so testcontainers is told the containers' host is this machine's loopback
 * (TESTCONTAINERS_HOST_OVERRIDE, else it looks for a bridge network that `dockerd --bridge=none` lacks)
 * and runs without its Ryuk reaper (TESTCONTAINERS_RYUK_DISABLED: Ryuk is an image to pull, and the
 * run stops its own containers by label instead, see run-leftovers.ts). Both stay settable by the user.
 * When no engine answers, the error names where it looked (DOCKER_HOST or the socket) and the fix.
 */
import { request } from 'node:http';
import type { ContainerRuntimeClient } from 'testcontainers';

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

export class DockerUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DockerUnavailableError';
  }
}

/** The testcontainers settings host-network IUT containers need, unless the user set them. */
export function applyContainerDefaults(env: NodeJS.ProcessEnv = process.env): void {
  env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';
}

/** Where the engine is looked for, in words. */
export function dockerHostDescription(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_HOST ? `DOCKER_HOST=${env.DOCKER_HOST}` : `DOCKER_HOST is not set, so the socket ${DEFAULT_DOCKER_SOCKET}`;
}

/** Asks the engine's /_ping (unix socket or tcp DOCKER_HOST) and says what went wrong, or undefined when it answers. */
export function pingDockerEngine(env: NodeJS.ProcessEnv = process.env, timeoutMs = 3_000): Promise<string | undefined> {
  const host = env.DOCKER_HOST ?? `unix://${DEFAULT_DOCKER_SOCKET}`;
  let target: { socketPath: string } | { host: string; port: number };
  if (host.startsWith('unix://')) target = { socketPath: host.slice('unix://'.length) };
  else if (host.startsWith('tcp://') && env.DOCKER_TLS_VERIFY !== '1') {
    const u = new URL(host.replace(/^tcp:/, 'http:'));
    target = { host: u.hostname, port: Number(u.port || 2375) };
  } else return Promise.resolve(undefined); // ssh://, TLS: testcontainers decides
  return new Promise((resolve) => {
    const req = request({ ...target, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? undefined : `the engine answered /_ping with HTTP ${res.statusCode}`);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => resolve((error as Error).message));
    req.end();
  });
}

const FIX =
  'start a Docker engine (e.g. `dockerd --bridge=none --iptables=false --ip-masq=false &` as root, or `systemctl start docker`), ' +
  'or set DOCKER_HOST to one that runs (docs/adapters.md, "Container adapter")';

/** The testcontainers client of the engine, or a DockerUnavailableError naming where it looked and the fix. */
export async function connectDocker(): Promise<ContainerRuntimeClient> {
  applyContainerDefaults();
  const problem = await pingDockerEngine();
  if (problem) throw new DockerUnavailableError(`no Docker engine is reachable (${dockerHostDescription()}: ${problem}): ${FIX}`);
  const { getContainerRuntimeClient } = await import('testcontainers');
  try {
    return await getContainerRuntimeClient();
  } catch (error) {
    throw new DockerUnavailableError(`testcontainers cannot use the Docker engine (${dockerHostDescription()}): ${(error as Error).message}; ${FIX}`);
  }
}

/** Why no container can run here, or undefined when the engine is usable (tests skip on a reason). */
export async function dockerEngineProblem(): Promise<string | undefined> {
  try {
    await connectDocker();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
