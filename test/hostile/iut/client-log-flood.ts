/** An adapter that floods its stdout (64 KiB writes, a newline only every 4 MiB) and fails every call. */
import { adapter } from './kit.ts';

let written = 0;
const chunk = 'A'.repeat(64 * 1024);
const flood = () => {
  for (;;) {
    written += chunk.length;
    const more = process.stdout.write(written % (4 * 1024 * 1024) === 0 ? `${chunk}\n` : chunk);
    if (!more) return void process.stdout.once('drain', flood);
  }
};
flood();
const busy = () => {
  throw new Error('busy printing');
};
await adapter('client', 'log flood', { 'client.bootstrap': busy, 'client.startSession': busy, 'client.factoryReset': busy });
