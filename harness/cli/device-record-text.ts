/**
 * One device record as `dmcts devices --dev` prints it without --json: who the device is, where and
 * when it was last seen, how the server notifies it (never the secret itself), its reported MOs,
 * its queue, the commands that ended with their Status, and its latest events.
 */
import { describeStatus } from '../protocol/status-codes.ts';
import type { QueuedCommand } from '../server/queued-command.ts';
import type { DeviceRecordJson } from './known-device.ts';
import { formatTable } from './text-table.ts';

/** How many finished commands and events the text form shows (the newest); --json has them all. */
export const TEXT_TAIL = 20;

/** A time of the record (epoch ms) as UTC to the second: 2026-12-02 06:51:01Z. */
export function utcSeconds(ms: number | string): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** A queued command as the operator wrote it: `GET urn:oma:mo:oma-dm-devinfo:1.0//`. */
export function commandText(command: readonly unknown[]): string {
  return command.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
}

function statusText(c: QueuedCommand): string {
  if (c.status) return describeStatus(c.status.sc);
  return c.reason ?? '-';
}

function tail<T>(items: readonly T[]): { shown: readonly T[]; note: string } {
  if (items.length <= TEXT_TAIL) return { shown: items, note: `${items.length}` };
  return { shown: items.slice(-TEXT_TAIL), note: `the last ${TEXT_TAIL} of ${items.length}; --json for all` };
}

export function deviceRecordText(r: DeviceRecordJson): string {
  const seen = r.sessions > 0 ? `${utcSeconds(r.lastSeen)} from ${r.lastAddress || '-'}` : 'never (no session yet: queued with --create)';
  const secret = r.notificationSecret ? 'a secret is set (not shown)' : 'no secret (dmcts serve --noti-secret, or dmcts notify --secret)';
  const notification = r.notificationUrl
    ? `${r.notificationUrl}${r.notificationUrlPinned ? ' (set by the operator)' : ''}; ${secret}`
    : `no URL known yet; ${secret}`;
  const mos = r.mos.length === 0 ? 'none reported' : r.mos.map((m) => `${m.MOID} [${m.MIID.join(', ')}]`).join('\n              ');
  const fields: [string, string][] = [
    ['device', r.devId],
    ['first seen', utcSeconds(r.firstSeen)],
    ['last seen', seen],
    ['sessions', String(r.sessions)],
    ['notification', notification],
    ...(r.ws === undefined ? [] : ([['websocket', r.ws ? 'open (P-WS: a Package#0 goes over it)' : 'none open']] as [string, string][])),
    ['MOs', mos],
  ];
  let out = fields.map(([k, v]) => `${k.padEnd(12)}  ${v}\n`).join('');

  out += `\nqueued (${r.queue.length}${r.queue.length ? ', in the order they go out' : ''})\n`;
  if (r.queue.length)
    out += formatTable(
      ['ID', 'STATE', 'QUEUED', 'COMMAND'],
      r.queue.map((c) => [c.id, c.state, utcSeconds(c.queuedAt), commandText(c.command)]),
      '  ',
    );

  const history = tail(r.history);
  out += `\nfinished (${history.note})\n`;
  if (history.shown.length)
    out += formatTable(
      ['ID', 'STATE', 'ENDED', 'STATUS', 'COMMAND'],
      history.shown.map((c) => [c.id, c.state, c.doneAt ? utcSeconds(c.doneAt) : '-', statusText(c), commandText(c.command)]),
      '  ',
    );

  const events = tail(r.events);
  out += `\nevents (${events.note})\n`;
  if (events.shown.length)
    out += formatTable(
      ['TIME', 'KIND', 'DETAIL'],
      events.shown.map((e) => [utcSeconds(e.at), e.kind, e.detail]),
      '  ',
    );
  return out;
}
