/**
 * A network failure in words a reason can carry: what the peer did (refused or reset the
 * connection, closed it before answering, could not be found or reached, took too long), the error
 * code in parentheses for whoever searches for it. Never "undefined": an error without a code or a
 * message is said to be one.
 */

const PHRASES: Record<string, string> = {
  ECONNREFUSED: 'refused the connection (nothing listens there)',
  ECONNRESET: 'reset the connection',
  EPIPE: 'closed the connection while the request was being sent',
  UND_ERR_SOCKET: 'closed the connection before its answer was complete',
  UND_ERR_CLOSED: 'closed the connection before answering',
  ENOTFOUND: 'could not be found (no such host name)',
  EAI_AGAIN: 'could not be found (the host name did not resolve in time)',
  EHOSTUNREACH: 'is unreachable (no route to the host)',
  ENETUNREACH: 'is unreachable (no route to its network)',
  EADDRNOTAVAIL: 'could not be reached from the local address asked for',
  ETIMEDOUT: 'did not answer in time',
  UND_ERR_CONNECT_TIMEOUT: 'did not accept the connection in time',
  UND_ERR_HEADERS_TIMEOUT: 'sent no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'stopped sending its answer (body timeout)',
};

function codeOf(error: unknown): string | undefined {
  const err = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = err?.code ?? err?.cause?.code;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

/** "<who> reset the connection (ECONNRESET)"; for an unknown code "<who>: <message> (<code>)". */
export function networkErrorText(error: unknown, who: string): string {
  const code = codeOf(error);
  const phrase = code ? PHRASES[code] : undefined;
  if (phrase) return `${who} ${phrase} (${code})`;
  const message = (error as { message?: unknown } | undefined)?.message;
  const text = typeof message === 'string' && message.trim() !== '' ? message.trim() : 'an error without a message';
  return `${who}: ${text}${code ? ` (${code})` : ''}`;
}
