/**
 * What EXEC does on this device: handlers registered per MOID and node path below the instance.
 * A handler returns the Status code of the operation (200 done, or an error code).
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

  register(moid: string, path: readonly string[], handler: ExecHandler): void {
    this.handlers.set(`${moid}\n${path.join('/')}`, handler);
  }

  find(moid: string, path: readonly string[]): ExecHandler | undefined {
    return this.handlers.get(`${moid}\n${path.join('/')}`);
  }
}
