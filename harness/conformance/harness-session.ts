/**
 * What a run shares across its cases, in the test worker: the plan, the test PKI of the run, the
 * upper-tester hub and the started IUT. Made on the first case, torn down when the worker exits; a
 * failure to start the IUT is kept, so every case reports it instead of trying again.
 */
import { createTestPki, type TestPki } from '../security/test-pki.ts';
import type { UtHello } from '../protocol/upper-tester.ts';
import { readPlan, type RunPlan, type RunTarget } from './run-plan.ts';
import { UpperTesterHub } from './ut-hub.ts';
import type { IutInstance } from './iut/iut-instance.ts';
import { startIut } from './iut/start-iut.ts';
import { readIutFile } from './iut/read-iut-file.ts';
import { selfTestPlan } from './self-test-plan.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { readinessProbe } from './readiness-probe.ts';
import { diagnoseSetup } from './setup-diagnosis.ts';
import { SetupFailure } from './verdict.ts';

/** Cases of a role in a row at the same unmet precondition before the rest of it is INCONC at once. */
export const DEFAULT_BREAK_AFTER = 5;

/** An IUT that could not be started: the vendor's set-up, not the IUT's behaviour (see SetupFailure). */
export class IutSetupError extends SetupFailure {
  constructor(
    reason: string,
    /** The whole story: the error and the IUT's last log lines. */
    readonly details: string,
  ) {
    super(reason);
    this.name = 'IutSetupError';
  }
}

export interface IutServerInfo {
  dmUrl: string;
  srvId: string;
  ca?: string;
  notificationSecret?: string;
  clientAuth?: { modes: Array<'basic' | 'digest' | 'x509'>; required: boolean };
}

export class HarnessSession {
  /** Why the readiness probe failed (every case of the role is then INCONC), or undefined. */
  probeFailure: string | undefined;
  readonly breaker: CircuitBreaker;

  private constructor(
    readonly plan: RunPlan,
    readonly role: 'client' | 'server',
    readonly target: RunTarget,
    readonly pki: TestPki,
    readonly hub: UpperTesterHub,
    readonly iut: IutInstance,
    readonly hello: UtHello,
  ) {
    this.breaker = new CircuitBreaker(plan.breakAfter ?? DEFAULT_BREAK_AFTER);
  }

  /** Where harness devices reach a server IUT. */
  get server(): IutServerInfo | undefined {
    if (this.iut.server) return this.iut.server;
    const s = this.target.ixit.server;
    if (!s) return undefined;
    return {
      dmUrl: s.dmUrl,
      srvId: s.srvId,
      ...(s.caFile ? { ca: readIutFile(s.caFile, "the IXIT's server.caFile", 1024 * 1024) } : {}),
      ...(s.notificationSecret ? { notificationSecret: s.notificationSecret } : {}),
      ...(s.clientAuth ? { clientAuth: s.clientAuth } : {}),
    };
  }

  /** The run's plan (the self-test plan when suites run under plain vitest). */
  static plan(): RunPlan {
    planCache ??= readPlan() ?? selfTestPlan();
    return planCache;
  }

  static get(role: 'client' | 'server'): Promise<HarnessSession> {
    let session = sessions.get(role);
    if (!session) {
      session = HarnessSession.create(role);
      sessions.set(role, session);
    }
    return session;
  }

  private static async create(role: 'client' | 'server'): Promise<HarnessSession> {
    const plan = HarnessSession.plan();
    const target = plan.targets[role];
    if (!target) throw new Error(`this run has no ${role} IUT`);
    const { ixit } = target;
    const pki = await createTestPki({ commonName: `dmcts run ${plan.runId} CA`, serverHosts: [ixit.harness.host, 'localhost', '127.0.0.1', '127.0.0.2'] });
    let hub: UpperTesterHub;
    try {
      hub = await UpperTesterHub.start({ host: ixit.harness.host, port: ixit.harness.utPort, role: ixit.role });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const where = `${ixit.harness.host}:${ixit.harness.utPort}`;
      const reason =
        code === 'EADDRINUSE'
          ? `the upper-tester port ${where} (IXIT harness.utPort) is already in use; fix: stop what listens there, or set harness.utPort to another port (0 picks a free one)`
          : `the upper-tester hub cannot listen on ${where} (IXIT harness.host/utPort): ${(error as Error).message}; fix: give a local address and a free port`;
      throw new IutSetupError(reason, (error as Error).message);
    }
    let iut: IutInstance | undefined;
    try {
      iut = await startIut(ixit, hub.url, pki);
      // Ready is the adapter's hello; an IUT that ends first (its process or container exited) fails at once.
      const died = iut.ended?.then((why) => Promise.reject(new Error(`${why} before its upper-tester adapter said ut.hello`)));
      const hello = await (died ? Promise.race([hub.waitForAdapter(ixit.timeouts.readyMs), died]) : hub.waitForAdapter(ixit.timeouts.readyMs));
      const session = new HarnessSession(plan, role, target, pki, hub, iut, hello);
      shutdowns.push(() => session.close());
      session.probeFailure = await readinessProbe(session);
      return session;
    } catch (error) {
      const lines = iut?.logs().slice(-20) ?? [];
      await iut?.stop().catch(() => undefined);
      await hub.close();
      const message = `${(error as Error).message}${lines.length ? `\nlast IUT log lines:\n${lines.join('\n')}` : ''}`;
      const { cause, fix } = diagnoseSetup((error as Error).message, lines);
      throw new IutSetupError(
        `the ${role} IUT could not be started (${iut?.description ?? `adapter kind ${ixit.adapter.kind}`}): ${cause}; fix: ${fix}`,
        message,
      );
    }
  }

  async close(): Promise<void> {
    await this.iut.stop().catch(() => undefined);
    await this.hub.close().catch(() => undefined);
  }
}

const sessions = new Map<'client' | 'server', Promise<HarnessSession>>();
let shutdowns: Array<() => Promise<void>> = [];
let planCache: RunPlan | undefined;

/** Stops every IUT and hub (the run's last step in the worker). */
export async function closeHarnessSessions(): Promise<void> {
  const all = shutdowns;
  shutdowns = [];
  sessions.clear();
  await Promise.all(all.map((s) => s()));
}
