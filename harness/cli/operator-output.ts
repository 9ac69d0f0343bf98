/**
 * What the operator commands (devices, queue, notify) print: every JSON value and line goes out
 * through the project's redaction, so a notification secret, a password or a token the server
 * holds never reaches the terminal (`redact` on values, `redactText` on every line).
 */
import { redact, redactText } from '../security/redact.ts';

/** A value as indented JSON on stdout, its secrets replaced by "[REDACTED]". */
export function printJson(value: unknown): void {
  process.stdout.write(`${redactText(JSON.stringify(redact(value), null, 2))}\n`);
}

/** Text on stdout (one or more lines), redacted. */
export function printText(text: string): void {
  process.stdout.write(ensureNewline(redactText(text)));
}

/** A note or an error on stderr, redacted. */
export function printNote(text: string): void {
  process.stderr.write(ensureNewline(redactText(text)));
}

/** A value as compact JSON for a line of text, its secrets replaced by "[REDACTED]". */
export function inlineJson(value: unknown): string {
  return JSON.stringify(redact(value)) ?? String(value);
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
