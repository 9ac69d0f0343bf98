/**
 * The readiness probe of a role, run once before its cases: beyond the adapter's hello (already
 * awaited), one minimal session — a client IUT asked over the upper tester opens a session with a
 * harness server; a server IUT answers a harness device's Package#1 with an HTTP response. When it
 * fails, no case of the role can be judged: each is INCONC naming the probe, and the run ends in
 * seconds instead of waiting out every case's timeout.
 */
import { CaseContext } from './case-context.ts';
import type { CaseMeta } from './case-meta.ts';
import type { CaseRecord } from './case-record.ts';
import { HarnessDevice } from './fixtures/harness-device.ts';
import { HarnessServer } from './fixtures/harness-server.ts';
import { waitUntil } from './fixtures/waits.ts';
import type { HarnessSession } from './harness-session.ts';
import { CaseVerdict } from './verdict.ts';

const META: Record<'client' | 'server', CaseMeta> = {
  client: {
    id: 'DMCTS-C-PROBE-000',
    title: 'readiness probe',
    requirement: 'A client MUST open a session when asked.',
    labels: [],
    rules: ['K-FLOW'],
    level: 'MUST',
    role: 'client',
  },
  server: {
    id: 'DMCTS-S-PROBE-000',
    title: 'readiness probe',
    requirement: 'A server MUST answer a Package#1.',
    labels: [],
    rules: ['K-FLOW'],
    level: 'MUST',
    role: 'server',
  },
};

/**
 * The probe checks reachability, not conformance: any HTTP request of the IUT reaching the harness
 * server counts (a malformed Package#1 is for the cases to judge).
 */
async function probeClient(t: CaseContext): Promise<void> {
  const srv = await HarnessServer.start(t);
  await srv.bootstrap();
  await srv.startSession();
  t.step('wait for any request of the IUT at the harness server');
  const ms = t.ixit.timeouts.sessionMs;
  if (!(await waitUntil(() => srv.wire.some((e) => e.direction === 'in' && e.kind === 'request'), ms))) {
    t.fail(`after client.startSession, no HTTP request of the IUT reached the harness server (${srv.dmUrl}) within ${ms} ms`);
  }
}

/** Any HTTP answer to a harness device's Package#1 counts, whatever it holds (the cases judge that). */
async function probeServer(t: CaseContext): Promise<void> {
  const dev = await HarnessDevice.start(t);
  const out = await dev.session();
  const answered = dev.wire.some((e) => e.direction === 'in' && e.kind === 'response');
  if (!answered) t.fail(`a harness device's Package#1 to ${t.session.server?.dmUrl ?? 'the IUT'} got no HTTP answer: ${out.reason ?? 'no reason given'}`);
}

/** Runs the role's probe; undefined when it passed, else why it failed. */
export async function readinessProbe(session: HarnessSession): Promise<string | undefined> {
  const meta = META[session.role];
  const record: CaseRecord = {
    id: meta.id,
    verdict: 'ERROR',
    seed: session.plan.seed,
    startedAt: new Date().toISOString(),
    evidence: { wire: [], steps: [], notes: [], truncated: 0 },
    iutLog: [],
    icsItems: [],
  };
  const t = new CaseContext(meta, session, record);
  const budget = session.target.ixit.timeouts.sessionMs + session.target.ixit.timeouts.utCallMs * 2;
  let timer: NodeJS.Timeout | undefined;
  try {
    const body = session.role === 'client' ? probeClient(t) : probeServer(t);
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no result within ${budget} ms at "${record.step ?? 'the start'}"`)), budget);
    });
    await Promise.race([body, late]);
    return undefined;
  } catch (error) {
    const why = error instanceof CaseVerdict ? error.reason : (error as Error).message;
    return `${session.role === 'client' ? 'the client IUT could not be brought to open a session with a harness server' : 'the server IUT did not answer a harness device'}${record.step ? ` (at "${record.step}")` : ''}: ${why}`;
  } finally {
    clearTimeout(timer);
    await t.dispose();
  }
}
