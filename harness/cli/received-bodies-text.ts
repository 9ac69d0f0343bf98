/**
 * What a device sent to a receiver (HPUT, HPOST, SUB notifications) as `dmcts devices --receiver`
 * prints it without --json: one header line per body, then its MO serialization as JSON.
 */
import type { ReceivedBody } from '../server/resource-host.ts';
import { utcSeconds } from './device-record-text.ts';

export function receivedBodiesText(receiverId: string, bodies: readonly ReceivedBody[]): string {
  if (bodies.length === 0)
    return `receiver ${receiverId}: nothing received yet (a device sends to it when it runs the HPUT, HPOST or SUB; or no receiver has this ID: dmcts queue prints it)\n`;
  let out = `receiver ${receiverId}: ${bodies.length} ${bodies.length === 1 ? 'body' : 'bodies'}\n`;
  for (const b of bodies) {
    out += `\n${utcSeconds(b.at)}  ${b.method} ${b.encoding.toUpperCase()}${b.devId ? ` from ${b.devId}` : ''}  ${b.entries.length} MO ${b.entries.length === 1 ? 'entry' : 'entries'}\n`;
    out += `${JSON.stringify(b.entries, null, 2)}\n`;
  }
  return out;
}
