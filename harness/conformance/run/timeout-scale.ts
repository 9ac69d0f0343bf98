/**
 * --timeout-scale X: every timeout of an IXIT multiplied by X, for a slow IUT (or an emulator, a
 * board over a slow link) without editing its IXIT. 0 < X <= MAX_TIMEOUT_SCALE; the scaled values
 * are what results.json records as the IXIT's.
 */
import type { Ixit } from '../ixit.ts';

export const MAX_TIMEOUT_SCALE = 100;

/** The --timeout-scale value, or a problem naming it and the range. */
export function parseTimeoutScale(text: string): number | string {
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || x <= 0 || x > MAX_TIMEOUT_SCALE)
    return `--timeout-scale must be a number greater than 0 and at most ${MAX_TIMEOUT_SCALE} (e.g. 2 doubles every IXIT timeout, 0.5 halves them), not "${text}"`;
  return x;
}

export function scaleTimeouts(ixit: Ixit, scale: number): Ixit {
  if (scale === 1) return ixit;
  const timeouts = Object.fromEntries(Object.entries(ixit.timeouts).map(([name, ms]) => [name, Math.max(1, Math.round(ms * scale))])) as Ixit['timeouts'];
  return { ...ixit, timeouts };
}
