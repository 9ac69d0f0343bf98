/** A tree operation that cannot be done: the Status code it earns and why. */
import { SC } from '../protocol/status-codes.ts';
import type { Result } from '../protocol/result.ts';

export interface TreeError {
  sc: number;
  code: string;
  message: string;
}

export type TreeResult<T> = Result<T, TreeError>;

export function treeFail(sc: number, code: string, message: string): { ok: false; error: TreeError } {
  return { ok: false, error: { sc, code, message } };
}

export const notFound = (what: string) => treeFail(SC.NOT_FOUND, 'NOT_FOUND', `${what} does not exist`);
export const forbidden = (what: string, right: string) => treeFail(SC.FORBIDDEN, 'FORBIDDEN', `no ${right} right on ${what}`);
export const notAllowed = (message: string) => treeFail(SC.NOT_ALLOWED, 'NOT_ALLOWED', message);
export const badData = (message: string) => treeFail(SC.BAD_REQUEST, 'BAD_DATA', message);
