/** Errors are values: a stable code a machine can match, a message a person can act on. */
export interface ProtocolError {
  /** Stable, upper-snake error code (e.g. `SCHEMA`, `URI_SYNTAX`, `NOTI_DIGEST`). */
  code: string;
  /** One sentence naming the problem (and, where it helps, the fix). */
  message: string;
  /** JSON Pointer (packages) or offset/segment (binary, URIs) where the problem is, when known. */
  path?: string;
}

export type Result<T, E = ProtocolError> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail(code: string, message: string, path?: string): { ok: false; error: ProtocolError } {
  return { ok: false, error: path === undefined ? { code, message } : { code, message, path } };
}
