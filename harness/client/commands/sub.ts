/** SUB ClientURI ServerURI and UNSUB ClientURI (K-CMD): UNSUB must match a SUB of the same server, else 404. */
import type { SubCommand, UnsubCommand } from '../../protocol/commands.ts';
import { concreteUri } from '../../protocol/client-uri.ts';
import { SC } from '../../protocol/status-codes.ts';
import type { CommandExecutor } from '../command-context.ts';
import { errorStatus, target } from './command-target.ts';

export const executeSub: CommandExecutor<SubCommand> = async ([, uriText, serverUri], ctx) => {
  const t = target(ctx, uriText, 'R');
  if (!t.ok) return t.status;
  ctx.subscriptions.add({ srvId: ctx.principal.id, clientUri: uriText, serverUri, createdAt: Date.now() });
  // P-DETAIL: the concrete ClientURIs the command acted on.
  return { sc: SC.OK, URI: t.nodes.map((n) => concreteUri(n.moid, n.miid, n.path)) };
};

export const executeUnsub: CommandExecutor<UnsubCommand> = async ([, uriText], ctx) => {
  if (!ctx.subscriptions.remove(ctx.principal.id, uriText)) return errorStatus(SC.NOT_FOUND, uriText);
  return { sc: SC.OK, URI: [uriText] };
};
