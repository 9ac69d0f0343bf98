/**
 * Whether the IUT's upper-tester adapter offers what a case needs: the methods the case declares
 * (CaseMeta.utMethods) against those the adapter listed in its ut.hello. A method it did not offer
 * makes the case N/A before it starts, naming the method and the adapter item — as an ICS feature
 * the IUT does not claim does.
 */
import type { UtHello } from '../protocol/upper-tester.ts';
import type { CaseMeta } from './case-meta.ts';

export interface UnofferedMethod {
  method: string;
  /** The N/A reason. */
  why: string;
  /** The item named in the case's ICS items: `adapter.methods.<method>`. */
  icsItem: string;
}

/** The first method the case needs that the adapter did not offer, or undefined when it offers them all. */
export function unofferedUtMethod(meta: Pick<CaseMeta, 'utMethods'>, hello: Pick<UtHello, 'methods'>): UnofferedMethod | undefined {
  const method = (meta.utMethods ?? []).find((m) => !hello.methods.includes(m));
  if (method === undefined) return undefined;
  return {
    method,
    why: `the IUT's upper-tester adapter does not offer ${method} (not among the methods of its ut.hello)`,
    icsItem: `adapter.methods.${method}`,
  };
}
