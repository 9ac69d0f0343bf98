/**
 * The container adapter end to end (the CI job that runs a containerised reference device and server
 * through the suite): the reference peers' image is assembled FROM scratch (docker/), built by the
 * adapter from the IXIT's `build`, and `dmcts run` drives the containerised ut-device and ut-server on
 * the host network to PASS. Skipped, saying why, where no Docker engine is reachable; .ci/run starts one.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleContext, type AssembleReport } from '../../docker/context.ts';
import { buildImageTag } from '../../harness/conformance/iut/container-iut.ts';
import { connectDocker, dockerEngineProblem } from '../../harness/conformance/iut/docker-engine.ts';
import { RUN_LABEL } from '../../harness/conformance/iut/run-leftovers.ts';
import { dmctsRun, EXAMPLES, readExample, tempDir, verdicts, writeJson, type RunResult } from './support.ts';
import { fixedPort } from '../support/fixed-port.ts';

const problem = await dockerEngineProblem();
if (problem) console.warn(`test/adapters/container-adapter.test.ts: SKIPPED, no usable Docker engine: ${problem}`);

async function containersOf(r: RunResult): Promise<string[]> {
  const docker = (await connectDocker()).container.dockerode;
  const list = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${RUN_LABEL}=${r.results!.run.id}`] }) });
  return list.map((c) => `${c.Id.slice(0, 12)} ${c.State}`);
}

describe.skipIf(problem !== undefined)('container adapter (Docker)', () => {
  let context: AssembleReport;
  let image: string;

  beforeAll(async () => {
    context = await assembleContext({ out: join(tempDir('image'), 'context') });
    image = buildImageTag(context.out);
  }, 60_000);

  afterAll(async () => {
    if (!context) return;
    rmSync(context.out, { recursive: true, force: true });
    const docker = (await connectDocker()).container.dockerode;
    await docker
      .getImage(image)
      .remove()
      .catch(() => undefined);
  }, 30_000);

  it('assembles a small FROM-scratch context: node, its libraries and loader, the runtime packages, no tests', () => {
    expect(context.libraries.some((l) => /ld-linux|ld-musl/.test(l))).toBe(true);
    expect(context.packages).toContain('node_modules/tsx');
    expect(context.packages).toContain('node_modules/ws');
    expect(context.packages.some((p) => /vitest|testcontainers|typescript/.test(p))).toBe(false);
    expect(context.bytes).toBeLessThan(250e6);
  });

  it('builds the image from the IXIT and runs client cases against the containerised ut-device: PASS, container removed', async () => {
    const ixit = {
      ...readExample('client.container.ixit.json'),
      adapter: { kind: 'container', build: { context: context.out }, command: ['ut-device', '--dev-id', 'container-test-device'] },
    };
    const file = writeJson(tempDir('ixit'), 'client.container.ixit.json', ixit);
    const r = await dmctsRun(['--ics', join(EXAMPLES, 'client.ics.json'), '--ixit', file, '--case', 'DMCTS-C-GET-001', '--case', 'DMCTS-C-GET-002']);
    expect(r.notPass).toEqual([]);
    expect(verdicts(r)).toEqual({ 'DMCTS-C-GET-001': 'PASS', 'DMCTS-C-GET-002': 'PASS' });
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    const log = r.iutLog('client');
    expect(log).toContain(`[dmcts] built ${image}`);
    expect(log).toContain('DevID container-test-device');
    expect(log).toContain('connected to the upper tester');
    expect(await containersOf(r)).toEqual([]);
  }, 120_000);

  it('runs server cases against the containerised ut-server named by image, its test CA from the context', async () => {
    const port = await fixedPort();
    const ixit = {
      ...readExample('server.container.ixit.json'),
      adapter: {
        kind: 'container',
        image,
        command: ['ut-server', '--port', String(port), '--srv-id', 'container-test-server', '--tls-dir', '/dmcts/tls'],
        env: { DMCTS_NOTI_SECRET: 'container-secret' },
      },
      server: { dmUrl: `https://127.0.0.1:${port}/dm`, srvId: 'container-test-server', caFile: context.caFile, notificationSecret: 'container-secret' },
    };
    const file = writeJson(tempDir('ixit'), 'server.container.ixit.json', ixit);
    const r = await dmctsRun(['--ics', join(EXAMPLES, 'server.ics.json'), '--ixit', file, '--case', 'DMCTS-S-FLOW-001']);
    expect(r.notPass).toEqual([]);
    expect(verdicts(r)).toEqual({ 'DMCTS-S-FLOW-001': 'PASS' });
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    expect(r.iutLog('server')).toContain(`devices use https://127.0.0.1:${port}/dm`);
    expect(r.iutLog('server')).toContain('"notificationSecret":"<the --noti-secret value>"'); // from DMCTS_NOTI_SECRET
    expect(JSON.stringify(r.results)).not.toContain('container-secret');
    expect(await containersOf(r)).toEqual([]);
  }, 120_000);

  it('ends the run at once on a container that exits before its hello: a set-up error (exit 2) naming its exit code and output', async () => {
    const ixit = {
      dmcts: 'ixit/1',
      role: 'client',
      adapter: { kind: 'container', image, command: ['ut-device', '--no-such-flag'] },
      timeouts: { readyMs: 60_000 },
    };
    const file = writeJson(tempDir('ixit'), 'bad.ixit.json', ixit);
    const r = await dmctsRun(['--ics', join(EXAMPLES, 'client.ics.json'), '--ixit', file, '--case', 'DMCTS-C-GET-001']);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    const c = r.results!.cases.find((x) => x.id === 'DMCTS-C-GET-001')!;
    expect(c.verdict).toBe('INCONC');
    expect(c.reason).toContain('the client IUT could not be started');
    // A reason is bounded (docs/reports.md); the whole of it is in the evidence notes.
    const whole = c.evidence?.notes.find((n) => n.startsWith('the whole reason: ')) ?? c.reason ?? '';
    expect(whole).toContain('exited with code 2 before its upper-tester adapter said ut.hello');
    expect(whole).toContain("Unknown option '--no-such-flag'");
    expect(r.results!.run.stoppedBy?.kind).toBe('setup');
    expect(r.ms).toBeLessThan(60_000);
    expect(await containersOf(r)).toEqual([]);
  }, 120_000);
});
