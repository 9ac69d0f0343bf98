/**
 * The reference server's upper-tester adapter (P-UT): lets the harness queue commands for a device,
 * read back what the device answered, notify a device, bootstrap it as its bootstrap server (P-BOOT),
 * and see what the server knows of it (the alerts it sent, BootstrapComplete among them) — what an
 * operator would do. The only part of the reference server a conformance case reaches.
 */
import type { PreferredConType } from '../protocol/package0.ts';
import type { RawCommand } from '../protocol/commands.ts';
import type { BootstrapAccount } from '../protocol/upper-tester.ts';
import { connectUpperTester, type UtLink } from '../transport/ut-link.ts';
import type { DmServer } from './dm-server.ts';
import { queueScomoInstall, queueScomoRemove, type ScomoInstallRequest, type ScomoRemoveRequest } from './scomo-queue.ts';
import { type FumoUpdateRequest, queueFumoUpdate } from './fumo-update.ts';

export interface ReferenceServerAdapterOptions {
  utUrl: string;
  server: DmServer;
  product?: { name: string; version: string };
  log?: (line: string) => void;
}

export async function startReferenceServerAdapter(options: ReferenceServerAdapterOptions): Promise<UtLink> {
  const op = options.server.operator;
  return connectUpperTester({
    url: options.utUrl,
    role: 'server',
    product: options.product ?? { name: 'dmcts reference server', version: '0.1.0' },
    ...(options.log ? { log: options.log } : {}),
    handlers: {
      'server.queue': (p: { devId: string; command: RawCommand; raw?: boolean }) => {
        const q = op.queue(p.devId, p.command, { raw: p.raw ?? false });
        if (!q.ok) throw new Error(q.error.message);
        return { commandId: q.value.id };
      },
      'server.result': (p: { commandId: string }) => {
        const c = op.command(p.commandId);
        if (!c) throw new Error(`no command ${p.commandId}`);
        return {
          state: c.state,
          ...(c.status ? { status: c.status } : {}),
          ...(c.asyncResult ? { asyncResult: c.asyncResult } : {}),
          ...(c.reason ? { reason: c.reason } : {}),
        };
      },
      'server.notify': async (p: { devId: string; url?: string; secret?: string; reqMos?: boolean; preferredConType?: PreferredConType }) => {
        const r = await op.notify(p.devId, {
          ...(p.url ? { url: p.url } : {}),
          ...(p.preferredConType !== undefined ? { preferredConType: p.preferredConType } : {}),
          ...(p.secret ? { secret: p.secret } : {}),
          ...(p.reqMos !== undefined ? { reqMos: p.reqMos } : {}),
        });
        if (!r.ok) throw new Error(r.error.message);
        return {
          delivered: true,
          ...(r.value.httpStatus !== undefined ? { httpStatus: r.value.httpStatus } : {}),
          ...(p.preferredConType !== undefined ? { preferredConType: p.preferredConType } : {}),
        };
      },
      'server.setCredentials': (p: { devId: string; basic?: { name: string; password: string }; x509?: boolean }) => {
        const set = op.setCredentials(p.devId, { ...(p.basic ? { basic: p.basic } : {}), ...(p.x509 ? { x509: true } : {}) });
        if (!set.ok) throw new Error(set.error.message);
        return {};
      },
      'server.delegate': (p: { devId: string; grant: Record<string, unknown> }) => {
        const q = op.delegate(p.devId, p.grant);
        if (!q.ok) throw new Error(q.error.message);
        return { commandId: q.value.id };
      },
      'server.fumoUpdate': (p: FumoUpdateRequest) => {
        const q = queueFumoUpdate(op, p);
        if (!q.ok) throw new Error(q.error.message);
        return { commandId: q.value.id };
      },
      'server.bootstrap': (p: { devId: string; accounts: BootstrapAccount[] }) => {
        const q = op.bootstrap(p.devId, p.accounts);
        if (!q.ok) throw new Error(q.error.message);
        return { commandIds: q.value.map((c) => c.id) };
      },
      'server.device': (p: { devId: string }) => {
        const record = op.device(p.devId);
        if (!record) return { known: false, sessions: 0, alerts: [] };
        return {
          known: true,
          sessions: record.sessions,
          lastAddress: record.lastAddress,
          alerts: record.events.filter((e) => e.alert).map((e) => e.alert as object),
        };
      },
      'server.scomoInstall': (p: ScomoInstallRequest) => {
        const q = queueScomoInstall(op, p);
        if (!q.ok) throw new Error(q.error.message);
        return { commandId: q.value.id };
      },
      'server.scomoRemove': (p: ScomoRemoveRequest) => {
        const q = queueScomoRemove(op, p);
        if (!q.ok) throw new Error(q.error.message);
        return { commandId: q.value.id };
      },
    },
  });
}
