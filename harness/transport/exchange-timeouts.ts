/**
 * How long one HTTP exchange with a peer may take, in three bounds: until the response headers are
 * complete (for a server endpoint: the request headers), the longest stretch without a byte of the
 * body (a stalled or trickling peer), and the whole exchange, from the request to the last byte.
 * A peer that never answers, or answers one byte at a time, costs at most these per exchange.
 */
export interface ExchangeTimeouts {
  headersMs: number;
  bodyIdleMs: number;
  exchangeMs: number;
}

export const DEFAULT_EXCHANGE_TIMEOUTS: Readonly<ExchangeTimeouts> = { headersMs: 5_000, bodyIdleMs: 5_000, exchangeMs: 10_000 };
