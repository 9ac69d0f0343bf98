/** Runs one command of a Package#2: unknown names and wrong parameter lists are 400 (K-CMD, P-DETAIL). */
import type { RawCommand } from '../../protocol/commands.ts';
import type { StatusEntry } from '../../protocol/packages.ts';
import { SC } from '../../protocol/status-codes.ts';
import { checkCommand } from '../../protocol/validate.ts';
import type { CommandContext } from '../command-context.ts';
import { executeDelete } from './delete.ts';
import { executeExec } from './exec.ts';
import { executeGet } from './get.ts';
import { executeHget } from './hget.ts';
import { executeHputOrHpost } from './hput.ts';
import { executeCont, executeDefault, executeShow } from './session-control.ts';
import { executeSub, executeUnsub } from './sub.ts';

export async function executeCommand(raw: RawCommand, ctx: CommandContext): Promise<StatusEntry> {
  const checked = checkCommand(raw);
  if (!checked.ok) {
    ctx.log(`${String(raw[0])}: ${checked.error.message}`);
    return { sc: SC.BAD_REQUEST, URI: [] };
  }
  const cmd = checked.value;
  switch (cmd[0]) {
    case 'GET':
      return executeGet(cmd, ctx);
    case 'HGET':
      return executeHget(cmd, ctx);
    case 'HPUT':
    case 'HPOST':
      return executeHputOrHpost(cmd, ctx);
    case 'DELETE':
      return executeDelete(cmd, ctx);
    case 'EXEC':
      return executeExec(cmd, ctx);
    case 'SUB':
      return executeSub(cmd, ctx);
    case 'UNSUB':
      return executeUnsub(cmd, ctx);
    case 'CONT':
      return executeCont(cmd, ctx);
    case 'SHOW':
      return executeShow(cmd, ctx);
    case 'DEFAULT':
      return executeDefault(cmd, ctx);
    case 'END':
      return { sc: SC.OK, URI: [] };
  }
}
