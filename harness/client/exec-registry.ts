/**
 * What EXEC does on this device: handlers registered per MOID and node path below the instance, or
 * per MOID for every path a matcher accepts (nodes below names the server chooses, such as SCOMO's
 * `Download/<x>/Operations/*`). A handler returns the Status code of the operation (200 done, or an
 * error code).
 */
import type { Principal } from '../tree/principal.ts';

export interface ExecContext {
  moid: string;
  miid: string;
  path: readonly string[];
  by: Principal;
  /** True for an EXEC with a ServerURI (its result goes in the ExecResult alert, not the Status). */
  async?: boolean;
}

export type ExecHandler = (ctx: ExecContext) => Promise<number> | number;

export class ExecRegistry {
  private readonly handlers = new Map<string, ExecHandler>();
  private readonly matchers: Array<{ moid: string; match: (path: readonly string[]) => boolean; handler: ExecHandler }> = [];

  register(moid: string, path: readonly string[], handler: ExecHandler): void {
    this.handlers.set(`${moid}\n${path.join('/')}`, handler);
  }

  /** A handler for each node of `moid` whose path `match` accepts (an exact registration wins). */
  registerMatching(moid: string, match: (path: readonly string[]) => boolean, handler: ExecHandler): void {
    this.matchers.push({ moid, match, handler });
  }

  find(moid: string, path: readonly string[]): ExecHandler | undefined {
    return this.handlers.get(`${moid}\n${path.join('/')}`) ?? this.matchers.find((m) => m.moid === moid && m.match(path))?.handler;
  }
}
