/**
 * The twelve DM 2.0 commands (K-CMD), one cell each, judged from the command rounds
 * (command-rounds.ts): the server sent the command as queued, the client's Status on the wire is
 * the one K-CMD gives, the server's upper tester reports that same Status, and what the command
 * does happened (HGET fetched and made an instance, HPUT/HPOST delivered, DELETE removed it, SHOW
 * displayed the page). CONT and END are judged on the sessions of the rounds.
 */
import { ALERT } from '../../protocol/packages.ts';
import type { CellRun } from './cell-run.ts';
import { dmMessages } from './dm-messages.ts';
import { commandRounds, type CommandKey, type CommandRounds, type PlannedCommand } from './command-rounds.ts';
import type { PairContext } from './pair-context.ts';
import type { InteropScenario } from './scenario.ts';
import { needsFeature } from './scenario.ts';
import { contElsewhere } from './session-checks.ts';
import { hasEnd, package3sAfterEnd } from './session-watch.ts';

const show = (v: unknown) => JSON.stringify(v) ?? 'nothing';

/** Runs the rounds, makes their exchange and upper-tester calls this cell's evidence; INCONC when they could not run. */
async function rounds(cell: CellRun): Promise<CommandRounds> {
  const r = await commandRounds(cell.pair);
  cell.borrow(r.records, r.notiRecords);
  cell.ut.push(...r.run.ut);
  for (const n of r.run.notes) cell.note(n);
  return r;
}

function judgeCommand(cell: CellRun, r: CommandRounds, p: PlannedCommand | undefined, what: string): boolean {
  if (!p)
    cell.inconclusive(
      r.problem ? `the command rounds could not run: ${r.problem}` : `${what} was not run (${r.run.notes.join('; ') || 'an earlier command failed'})`,
    );
  const name = p.command[0];
  if (p.queueError) {
    const code = (p.queueError as { code?: string }).code;
    if (code === 'UT_UNSUPPORTED' || code === 'UT_NOT_CONNECTED' || code === 'UT_TIMEOUT')
      cell.inconclusive(`the server's upper tester could not queue ${name}: ${p.queueError.message}`);
    if (p.auto) cell.inconclusive(`the server hosts no ServerURI of its own for ${name} (server.queue with "auto" failed: ${p.queueError.message})`);
    cell.check(false, `the server refused to queue ${show(p.command)} (K-CMD: a server MUST send all twelve commands): ${p.queueError.message}`);
    return false;
  }
  const elsewhere = r.sessions.flatMap((s) => contElsewhere(s.messages, cell.pair.server.proxy!.origin));
  if (p.onWire) cell.check(true, `the server sent ${show(p.onWire.command)} in a Package#2${p.auto ? ' (its own ServerURI for auto)' : ''}`);
  else if (elsewhere.length > 0)
    cell.note(`${name} may have gone in a Package#2 around the proxy (the server's CONT names ${elsewhere.join(', ')}): the wire is not judged`);
  else cell.check(false, `the server never sent ${show(p.command)} in a Package#2 the proxy saw`);
  const wire = p.onWire?.status;
  if (p.onWire && (wire || elsewhere.length === 0))
    cell.check(
      wire?.sc === p.expectSc,
      wire
        ? `the client answered ${name} with sc ${wire.sc} on the wire (K-CMD: ${p.expectSc})`
        : `no Status for ${name} came back in a Package#3 the proxy saw`,
    );
  else if (p.onWire)
    cell.note(`the Package#3 with ${name}'s Status went around the proxy (CONT to ${elsewhere.join(', ')}): the Status is judged from server.result alone`);
  const res = p.result;
  cell.check(
    res?.state === 'done',
    `the server's upper tester reports ${name} done (server.result: ${res?.state ?? 'no answer'}${res?.reason ? `, ${res.reason}` : ''})`,
  );
  if (res?.status && wire)
    cell.check(
      res.status.sc === wire.sc && show(res.status.URI) === show(wire.URI),
      `the server recorded the Status the client sent for ${name} (on the wire sc ${wire.sc} URI ${show(wire.URI)}; server.result sc ${res.status.sc} URI ${show(res.status.URI)})`,
    );
  else if (res?.status) cell.check(res.status.sc === p.expectSc, `the server recorded sc ${res.status.sc} for ${name} (K-CMD: ${p.expectSc})`);
  return true;
}

function find(r: CommandRounds, key: CommandKey): PlannedCommand | undefined {
  return r.planned.find((p) => p.key === key);
}

function commandScenario(
  key: Exclude<CommandKey, 'GET-GONE' | 'HGET-CHANGE'>,
  description: string,
  notApplicable: ((pair: PairContext) => string | undefined) | undefined,
  extra?: (cell: CellRun, r: CommandRounds, p: PlannedCommand) => Promise<void> | void,
): InteropScenario {
  return {
    id: `cmd-${key.toLowerCase()}`,
    title: key,
    description,
    rules: ['K-CMD'],
    ...(notApplicable ? { notApplicable } : {}),
    async run(cell) {
      const r = await rounds(cell);
      const p = find(r, key);
      // What the command did is looked at once it went as it should (a wait for an effect that cannot come is not made).
      if (judgeCommand(cell, r, p, key) && extra && cell.checks.every((c) => c.ok)) await extra(cell, r, p!);
    },
  };
}

const hostHits = (cell: CellRun, p: PlannedCommand, method: string) => (p.hostId ? cell.pair.uris.hitsOf(p.hostId).filter((h) => h.method === method) : []);

export const COMMAND_SCENARIOS: InteropScenario[] = [
  commandScenario(
    'HGET',
    'HGET ServerURI (harness-hosted MO serialization): fetched once, an instance made, its URI in the Status.',
    undefined,
    (cell, r, p) => {
      cell.check(hostHits(cell, p, 'GET').length === 1, `the client fetched the HGET ServerURI once (${hostHits(cell, p, 'GET').length})`);
      const uri = p.result?.status?.URI?.[0] ?? p.onWire?.status?.URI[0];
      cell.check(
        uri?.startsWith(`${r.writableMoid}/`) ?? false,
        `the HGET Status names the new ${r.writableMoid} instance (URI ${show(p.result?.status?.URI)})`,
      );
    },
  ),
  commandScenario('HPUT', 'HPUT ServerURI DevInfo: the client PUTs the MO serialization there.', undefined, (cell, _r, p) => {
    cell.check(hostHits(cell, p, 'PUT').length === 1, `the ServerURI received one PUT (${hostHits(cell, p, 'PUT').length})`);
  }),
  commandScenario('HPOST', 'HPOST ServerURI DevInfo: the client POSTs the MO serialization there.', undefined, (cell, _r, p) => {
    cell.check(hostHits(cell, p, 'POST').length === 1, `the ServerURI received one POST (${hostHits(cell, p, 'POST').length})`);
  }),
  commandScenario('DELETE', 'DELETE of the instance HGET made, then a GET of it: 404.', undefined, (cell, r) => {
    const gone = find(r, 'GET-GONE');
    if (!gone) {
      cell.note('the client does not claim GET: that the instance is gone is not read back');
      return;
    }
    const wire = gone.onWire?.status?.sc;
    const recorded = gone.result?.status?.sc;
    if (wire === undefined && recorded === undefined) cell.inconclusive('the GET of the deleted instance got no Status, on the wire or from server.result');
    if (wire !== undefined) cell.check(wire === 404, `the client answered the GET of the deleted instance with 404 on the wire (it answered ${wire})`);
    if (recorded !== undefined)
      cell.check(
        recorded === (wire ?? 404),
        `the server records sc ${wire ?? 404} for the GET of the deleted instance (server.result sc ${recorded}${wire === undefined ? '; its Package#3 went around the proxy' : ''})`,
      );
  }),
  commandScenario('EXEC', "EXEC of the client IXIT's execNode (synchronous): 200.", (pair) =>
    pair.client.ixit.client?.execNode ? undefined : `the client's IXIT names no client.execNode to EXEC`,
  ),
  {
    ...commandScenario(
      'EXEC-ASYNC',
      "EXEC of the client IXIT's asyncExecNode with a ServerURI the server hosts (auto): 202 now, and later an ExecResult alert in a new session, which the server reports (server.result asyncResult).",
      (pair) => (pair.client.ixit.client?.asyncExecNode ? undefined : `the client's IXIT names no client.asyncExecNode to EXEC asynchronously`),
      async (cell, _r, p) => {
        const deadline = Date.now() + 2 * cell.pair.client.ixit.timeouts.sessionMs;
        let result = p.result;
        while (!result?.asyncResult && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          result = ((await cell.call('server', 'server.result', { commandId: p.commandId }).catch(() => undefined)) as PlannedCommand['result']) ?? result;
        }
        const alert = result?.asyncResult;
        cell.check(alert?.AlertType === ALERT.EXEC_RESULT, `the server reports the client's ExecResult alert (server.result asyncResult: ${show(alert)})`);
        cell.check(
          (alert?.Data as { sc?: unknown } | undefined)?.sc === 200,
          `the ExecResult names sc 200 (P-DETAIL; it names ${show((alert?.Data as { sc?: unknown } | undefined)?.sc)})`,
        );
        const onWire = dmMessages(cell.serverRecords()).some((m) => m.package1?.Alert.some((a) => a.AlertType === ALERT.EXEC_RESULT));
        cell.check(onWire, 'the ExecResult alert reached the server in a Package#1 through the proxy (a new session, K-CMD)');
      },
    ),
    title: 'EXEC (asynchronous)',
  },
  commandScenario(
    'GET',
    'GET DevInfo: 200 with the data in the Status (P-GET).',
    (pair) => needsFeature(pair, 'client', 'GET'),
    (cell, _r, p) => {
      const data = p.result?.status?.Data;
      cell.check(Array.isArray(data) && data.length > 0, `the server recorded the GET data (${Array.isArray(data) ? data.length : 0} entries)`);
    },
  ),
  commandScenario(
    'SHOW',
    'SHOW ServerURI: 200 with a UI (501 without); the page shows (client.shown).',
    (pair) => needsFeature(pair, 'client', 'SHOW'),
    async (cell, r) => {
      if (!cell.pair.client.hub.supports('client.shown')) {
        cell.note("the client's upper tester has no client.shown: what it displayed is not checked");
        return;
      }
      if (!(cell.pair.client.ics.features.UI === true)) return;
      const shown = await cell.call('client', 'client.shown', {}).catch(() => undefined);
      const urls = (shown?.urls as string[] | undefined) ?? [];
      cell.check(urls.includes(r.showUrl ?? ''), `the client displayed the SHOW URL (client.shown: ${show(urls)})`);
    },
  ),
  commandScenario('DEFAULT', 'DEFAULT MOID ServerURI: 200.', (pair) => needsFeature(pair, 'client', 'DEFAULT')),
  commandScenario(
    'SUB',
    'SUB of the instance HGET made, to a harness receiver: 200; an HGET then changes the instance and the client delivers the change there (K-CMD).',
    (pair) => needsFeature(pair, 'client', 'SUB'),
    async (cell, r, p) => {
      const change = find(r, 'HGET-CHANGE');
      const sc = change?.onWire?.status?.sc ?? change?.result?.status?.sc;
      if (sc !== 200) cell.inconclusive(`the HGET that was to change the subscribed instance did not succeed (sc ${sc ?? 'none'}): no change to deliver`);
      const deadline = Date.now() + cell.pair.client.ixit.timeouts.sessionMs;
      const deliveries = () => cell.pair.uris.hitsOf(p.hostId!).filter((h) => h.method === 'PUT' || h.method === 'POST');
      while (deliveries().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      cell.check(
        deliveries().length >= 1,
        `the client delivered the change of the subscribed instance to the SUB ServerURI (${deliveries().length} deliveries)`,
      );
    },
  ),
  commandScenario('UNSUB', 'UNSUB of that instance: 200 (a matching SUB exists).', (pair) => needsFeature(pair, 'client', 'SUB')),
  {
    id: 'cmd-cont',
    title: 'CONT',
    description: 'Every Package#2 without END ends with CONT ServerURI, and the client sends its next package of the session there (P-SESSION).',
    rules: ['K-CMD', 'P-SESSION'],
    async run(cell) {
      const r = await rounds(cell);
      if (r.sessions.length === 0) cell.inconclusive(`the command rounds ran no session${r.problem ? `: ${r.problem}` : ''}`);
      let conts = 0;
      for (const s of r.sessions) {
        s.messages.forEach((m, i) => {
          const cmds = m.package2?.CMD;
          if (!cmds || hasEnd(m)) return;
          const last = cmds.at(-1);
          if (!cell.check(last?.[0] === 'CONT', `a Package#2 without END ends with CONT (it ends with ${show(last?.[0])})`)) return;
          conts += 1;
          const next = s.messages.slice(i + 1).find((n) => n.direction === 'to-server');
          const target = new URL(String(last![1]));
          if (contElsewhere([m], cell.pair.server.proxy!.origin).length > 0) {
            cell.note(`a CONT names ${target.origin}, not the proxy: the package that followed it is not recorded`);
            return;
          }
          cell.check(
            next?.target === `${target.pathname}${target.search}`,
            `the client sent the next package of the session to the CONT URI ${target.pathname} (it sent it to ${next?.target ?? 'nowhere the proxy saw'})`,
          );
        });
      }
      if (conts === 0) cell.inconclusive('no Package#2 of the rounds carried a CONT (every one held END)');
    },
  },
  {
    id: 'cmd-end',
    title: 'END',
    description: 'Each session of the rounds ends with a Package#2 holding END, and the client sends no Package#3 after it (K-FLOW).',
    rules: ['K-CMD', 'K-FLOW'],
    async run(cell) {
      const r = await rounds(cell);
      if (r.sessions.length === 0) cell.inconclusive(`the command rounds ran no session${r.problem ? `: ${r.problem}` : ''}`);
      r.sessions.forEach((s, i) => {
        const elsewhere = contElsewhere(s.messages, cell.pair.server.proxy!.origin);
        if (s.end !== 'END' && elsewhere.length > 0) {
          cell.note(`round ${i + 1}: its END went around the proxy (CONT to ${elsewhere.join(', ')})`);
          return;
        }
        if (!cell.check(s.end === 'END', `round ${i + 1}: the session ended with END (${s.end})`)) return;
        const at = s.messages.findIndex(hasEnd);
        const after = package3sAfterEnd(s.messages.slice(at));
        cell.check(after.length === 0, `round ${i + 1}: no Package#3 after the Package#2 holding END (the client sent ${after.length}; K-FLOW)`);
      });
    },
  },
];
