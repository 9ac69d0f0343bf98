/**
 * EXEC ClientURI [ServerURI] (K-CMD, P-DETAIL): run an executable node (execute right). Without a
 * ServerURI the Status carries the result; with one it is 202 at once and the result follows as an
 * `ExecResult` generic alert in the Package#1 of a new session sent to that ServerURI.
 */
import { isWildcard } from '../../protocol/client-uri-resolver.ts';
import { concreteUri } from '../../protocol/client-uri.ts';
import type { ExecCommand } from '../../protocol/commands.ts';
import { ALERT } from '../../protocol/packages.ts';
import { SC } from '../../protocol/status-codes.ts';
import type { CommandExecutor } from '../command-context.ts';
import { errorStatus, target } from './command-target.ts';

export const executeExec: CommandExecutor<ExecCommand> = async ([, uriText, serverUri], ctx) => {
  const t = target(ctx, uriText, 'E');
  if (!t.ok) return t.status;
  if (isWildcard(t.uri) || t.nodes.length !== 1) return errorStatus(SC.BAD_REQUEST, uriText);
  const node = t.nodes[0]!;
  const def = ctx.tree.nodeDef(node.moid, node.path);
  const handler = ctx.exec.find(node.moid, node.path);
  if (!handler || (def && !def.access.includes('Exec'))) return errorStatus(SC.NOT_ALLOWED, uriText);
  const uri = concreteUri(node.moid, node.miid, node.path);
  const run = async () => {
    try {
      return await handler({ moid: node.moid, miid: node.miid, path: node.path, by: ctx.principal, ...(serverUri !== undefined ? { async: true } : {}) });
    } catch (error) {
      ctx.log(`EXEC ${uri} failed: ${(error as Error).message}`);
      return 500;
    }
  };
  if (serverUri === undefined) return { sc: await run(), URI: [uri] };
  void run().then((sc) => {
    ctx.sendAlertLater({ AlertType: ALERT.EXEC_RESULT, SourceURI: uri, Data: { sc } }, serverUri);
  });
  return { sc: SC.ACCEPTED, URI: [uri] };
};
