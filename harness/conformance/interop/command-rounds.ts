/**
 * The command rounds the twelve command cells judge (K-CMD), run once per pair: the server's upper
 * tester queues the commands (server.queue), the client opens a session (client.startSession), the
 * recording proxy sees the Package#2 carrying each command and the Package#3 carrying its Status,
 * and server.result says what the server recorded. Round 1: GET, HGET (making an instance), HPUT,
 * HPOST, EXEC, SHOW, DEFAULT; round 2, on the instance HGET made: SUB, an HGET that changes it (the
 * SUB must deliver the change), UNSUB, DELETE, then a GET of it (404: gone). CONT and END are judged from the sessions themselves. Commands the client does not
 * claim (GET, SHOW, DEFAULT, SUB: SHOULD for a client) are left out, and their cells N/A.
 */
import type { RawCommand } from '../../protocol/commands.ts';
import { CONNMO, MOID } from '../../protocol/moids.ts';
import type { MoSerialization } from '../../protocol/packages.ts';
import type { UtError } from '../ut-hub.ts';
import { CellRun } from './cell-run.ts';
import { dmMessages, type DmMessage } from './dm-messages.ts';
import type { PairContext } from './pair-context.ts';
import { watchSession, type WatchedSession } from './session-watch.ts';
import type { TapRecord } from './wire-tap.ts';

export type CommandKey =
  | 'GET'
  | 'HGET'
  | 'HPUT'
  | 'HPOST'
  | 'DELETE'
  | 'EXEC'
  | 'SHOW'
  | 'DEFAULT'
  | 'SUB'
  | 'UNSUB'
  | 'GET-GONE'
  | 'HGET-CHANGE'
  | 'EXEC-ASYNC';

export interface PlannedCommand {
  key: CommandKey;
  command: RawCommand;
  expectSc: number;
  /** Names `auto` as its ServerURI: a server that hosts none may refuse it (INCONC, docs/adapters.md). */
  auto?: boolean;
  /** The harness ServerURI it names (host id), for what the host saw. */
  hostId?: string;
  commandId?: string;
  queueError?: UtError | Error;
  /** server.result at the end of the round. */
  result?: {
    state?: string;
    status?: { sc?: number; URI?: string[]; Data?: MoSerialization };
    reason?: string;
    asyncResult?: { AlertType?: string; SourceURI?: string; Data?: unknown };
  };
  /** The command as the proxy saw it in a Package#2, and the Status entry at its place in the next Package#3. */
  onWire?: { command: unknown; status?: { sc: number; URI: string[] } };
}

export interface CommandRounds {
  planned: PlannedCommand[];
  sessions: WatchedSession[];
  records: TapRecord[];
  notiRecords: TapRecord[];
  run: CellRun;
  /** Why a round could not run (then the cells are INCONC with it). */
  problem?: string;
  writableMoid: string;
  showUrl?: string;
}

const DEVINFO_ALL = `${MOID.DEVINFO}//`;

function claims(pair: PairContext, feature: string): boolean {
  return (pair.client.ics.features as Record<string, boolean | undefined>)[feature] === true;
}

/** Runs the rounds once per pair (memoized): every command cell awaits the same result. */
export function commandRounds(pair: PairContext): Promise<CommandRounds> {
  let p = pair.memo.get('commands') as Promise<CommandRounds> | undefined;
  if (!p) {
    p = runRounds(pair);
    pair.memo.set('commands', p);
  }
  return p;
}

async function runRounds(pair: PairContext): Promise<CommandRounds> {
  const run = new CellRun(pair, 'commands');
  const writableMoid = pair.client.ixit.client?.writableMoid ?? CONNMO;
  const uris = pair.uris;
  const name = `dmcts-interop-${Date.now() % 100000}`;
  const content = uris.publish([{ ClientURI: writableMoid, MOData: { Name: name } }]);
  const defaults = uris.publish([{ ClientURI: writableMoid, MOData: { Name: `${name}-default` } }]);
  const put = uris.receiver();
  const post = uris.receiver();
  const page = uris.page();
  const exec = pair.client.ixit.client?.execNode;
  const asyncExec = pair.client.ixit.client?.asyncExecNode;
  const round1: PlannedCommand[] = [
    ...(claims(pair, 'GET') ? [{ key: 'GET' as const, command: ['GET', DEVINFO_ALL] as RawCommand, expectSc: 200 }] : []),
    { key: 'HGET', command: ['HGET', content.url], expectSc: 200, hostId: content.id },
    { key: 'HPUT', command: ['HPUT', put.url, DEVINFO_ALL], expectSc: 200, hostId: put.id },
    { key: 'HPOST', command: ['HPOST', post.url, DEVINFO_ALL], expectSc: 200, hostId: post.id },
    ...(exec ? [{ key: 'EXEC' as const, command: ['EXEC', exec] as RawCommand, expectSc: 200 }] : []),
    // The asynchronous EXEC: 202 now, an ExecResult alert later, to a ServerURI the server hosts (auto).
    ...(asyncExec ? [{ key: 'EXEC-ASYNC' as const, command: ['EXEC', asyncExec, 'auto'] as RawCommand, expectSc: 202, auto: true }] : []),
    ...(claims(pair, 'SHOW')
      ? [{ key: 'SHOW' as const, command: ['SHOW', page.url] as RawCommand, expectSc: claims(pair, 'UI') ? 200 : 501, hostId: page.id }]
      : []),
    ...(claims(pair, 'DEFAULT')
      ? [{ key: 'DEFAULT' as const, command: ['DEFAULT', writableMoid, defaults.url] as RawCommand, expectSc: 200, hostId: defaults.id }]
      : []),
  ];
  const rounds: CommandRounds = { planned: [...round1], sessions: [], records: [], notiRecords: [], run, writableMoid, showUrl: page.url };
  try {
    await runRound(run, round1, rounds);
    const hget = round1.find((c) => c.key === 'HGET');
    const uri = hget?.result?.status?.URI?.[0] ?? hget?.onWire?.status?.URI[0];
    if (uri?.startsWith(`${writableMoid}/`)) {
      const sub = uris.receiver();
      const changed = uris.publish([{ ClientURI: writableMoid, MOData: { Name: `${name}-changed` } }]);
      const round2: PlannedCommand[] = [
        ...(claims(pair, 'SUB')
          ? [
              { key: 'SUB' as const, command: ['SUB', uri, sub.url] as RawCommand, expectSc: 200, hostId: sub.id },
              // A change of the subscribed instance: the client must deliver it to the SUB's ServerURI.
              { key: 'HGET-CHANGE' as const, command: ['HGET', changed.url, uri] as RawCommand, expectSc: 200, hostId: changed.id },
              { key: 'UNSUB' as const, command: ['UNSUB', uri] as RawCommand, expectSc: 200 },
            ]
          : []),
        { key: 'DELETE', command: ['DELETE', uri], expectSc: 200 },
        ...(claims(pair, 'GET') ? [{ key: 'GET-GONE' as const, command: ['GET', uri] as RawCommand, expectSc: 404 }] : []),
      ];
      rounds.planned.push(...round2);
      await runRound(run, round2, rounds);
    } else run.note(`HGET made no instance of ${writableMoid} to SUB, UNSUB and DELETE (its Status URI: ${uri ?? 'none'})`);
  } catch (error) {
    rounds.problem = (error as Error).message;
  }
  rounds.records = run.serverRecords();
  rounds.notiRecords = run.notiRecords();
  return rounds;
}

async function runRound(run: CellRun, planned: PlannedCommand[], rounds: CommandRounds): Promise<void> {
  const { pair } = run;
  const from = dmMessages(run.serverRecords()).length;
  for (const p of planned) {
    try {
      const r = await run.call('server', 'server.queue', { devId: pair.devId, command: p.command });
      p.commandId = String(r.commandId);
    } catch (error) {
      p.queueError = error as Error;
    }
  }
  if (!planned.some((p) => p.commandId)) throw new Error(`the server queued none of ${planned.map((p) => p.key).join(', ')}`);
  await run.need('client', 'client.startSession', { srvId: pair.server.server!.srvId });
  const t = pair.client.ixit.timeouts;
  const session = await watchSession(run, { timeoutMs: t.sessionMs * 2, quietMs: Math.max(300, t.quietMs), from });
  rounds.sessions.push(session);
  locateOnWire(planned, session.messages);
  // server.result until each command is done or lost (bounded by the session timeout).
  const deadline = Date.now() + t.sessionMs;
  for (const p of planned) {
    if (!p.commandId) continue;
    for (;;) {
      const r = (await run.call('server', 'server.result', { commandId: p.commandId }).catch(() => undefined)) as PlannedCommand['result'] | undefined;
      p.result = r;
      if (!r || r.state === 'done' || r.state === 'lost' || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Finds each command in the session's Package#2s and its Status in the Package#3 that answers that Package#2. */
function locateOnWire(planned: PlannedCommand[], messages: readonly DmMessage[]): void {
  messages.forEach((m, i) => {
    const cmds = m.package2?.CMD;
    if (!cmds) return;
    const answer = messages.slice(i + 1).find((n) => n.direction === 'to-server' && n.kind === 'package3');
    cmds.forEach((c, at) => {
      // An `auto` ServerURI is the server's own on the wire: the rest must be as queued.
      const p = planned.find(
        (q) =>
          !q.onWire &&
          (same(q.command, c) ||
            (q.auto === true && c.length === q.command.length && same(c.slice(0, -1), q.command.slice(0, -1)) && typeof c.at(-1) === 'string')),
      );
      if (!p) return;
      const st = answer?.package3?.Status[at];
      p.onWire = { command: c, ...(st ? { status: { sc: st.sc, URI: st.URI } } : {}) };
    });
  });
}
