/**
 * Why a simulated device's session or connection failed, by kind: the connection could not be made
 * (or broke), TLS, an HTTP error status (or a WebSocket problem frame carrying one), a protocol fault
 * (an answer that is not a Package#2, an undecodable one, a refused WebSocket upgrade), or a timeout.
 */
import { HttpFailure } from '../../transport/http-client.ts';

export const ERROR_KINDS = ['connect', 'tls', 'http-status', 'protocol', 'timeout'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface FleetError {
  kind: ErrorKind;
  /** The HTTP status, for kind http-status. */
  status?: number;
  reason: string;
}

/** Local limits, not the server's doing: no descriptor, no port or address left for a new connection. */
const LOCAL_LIMIT = /\b(EMFILE|ENFILE|EADDRNOTAVAIL|EADDRINUSE)\b/;

/** The kind of a failure thrown by the HTTP client or the WebSocket link. */
export function errorOf(error: unknown): FleetError {
  const message = String((error as Error)?.message ?? error);
  if (LOCAL_LIMIT.test(message))
    return {
      kind: 'connect',
      reason: `${message} — this machine ran out of file descriptors or ports: raise ulimit -n, or spread devices over more source addresses (--sources)`,
    };
  if (!(error instanceof HttpFailure)) return { kind: 'protocol', reason: String((error as Error)?.message ?? error) };
  switch (error.code) {
    case 'TIMEOUT':
      return { kind: 'timeout', reason: error.message };
    case 'TLS':
    case 'INSECURE':
      return { kind: 'tls', reason: error.message };
    case 'UNREACHABLE':
      return { kind: 'connect', reason: error.message };
    default:
      return { kind: 'protocol', reason: error.message };
  }
}
