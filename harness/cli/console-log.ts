/** Log lines for the standalone peers: a time, who speaks, the line; secrets redacted. */
import { redactText } from '../security/redact.ts';

export function consoleLogger(who: string, quiet = false): (line: string) => void {
  return (line: string) => {
    if (quiet) return;
    const time = new Date().toISOString().slice(11, 23);
    process.stdout.write(`${time} ${who} ${redactText(line)}\n`);
  };
}
