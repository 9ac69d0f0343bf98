/** The commands that steer the session or the device rather than the tree: CONT, SHOW, DEFAULT. */
import type { ContCommand, DefaultCommand, ShowCommand } from '../../protocol/commands.ts';
import { SC } from '../../protocol/status-codes.ts';
import type { CommandExecutor } from '../command-context.ts';

/** CONT ServerURI: every later Package#3 of this session goes there. */
export const executeCont: CommandExecutor<ContCommand> = async ([, serverUri], ctx) => {
  ctx.setContinuation(serverUri);
  return { sc: SC.OK, URI: [] };
};

/** SHOW ServerURI: open a browser on it and go on at once; 501 on a device without UI (features UI=false). */
export const executeShow: CommandExecutor<ShowCommand> = async ([, serverUri], ctx) => {
  if (!ctx.ui) return { sc: SC.NOT_IMPLEMENTED, URI: [] };
  ctx.onShow(serverUri);
  return { sc: SC.OK, URI: [] };
};

/** DEFAULT MOID ServerURI: remember where a missing MO comes from. */
export const executeDefault: CommandExecutor<DefaultCommand> = async ([, moid, serverUri], ctx) => {
  ctx.defaults.set({ moid, serverUri, srvId: ctx.principal.id });
  return { sc: SC.OK, URI: [] };
};
