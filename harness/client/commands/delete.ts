/** DELETE ClientURI (K-CMD): the node and all its children (write right; permanent nodes are 405). */
import type { DeleteCommand } from '../../protocol/commands.ts';
import { concreteUri } from '../../protocol/client-uri.ts';
import { SC } from '../../protocol/status-codes.ts';
import type { CommandExecutor } from '../command-context.ts';
import { errorStatus, target } from './command-target.ts';

export const executeDelete: CommandExecutor<DeleteCommand> = async ([, uriText], ctx) => {
  const t = target(ctx, uriText, 'W');
  if (!t.ok) return t.status;
  const done: string[] = [];
  // Deepest first, so a wildcard that matches a node and its descendants deletes each once.
  const nodes = [...t.nodes].sort((a, b) => b.path.length - a.path.length);
  for (const node of nodes) {
    const removed = ctx.tree.remove(ctx.principal, node);
    if (!removed.ok) {
      ctx.log(`DELETE ${uriText}: ${removed.error.message}`);
      return errorStatus(removed.error.sc, uriText);
    }
    done.push(concreteUri(node.moid, node.miid, node.path));
  }
  return { sc: SC.OK, URI: done };
};
