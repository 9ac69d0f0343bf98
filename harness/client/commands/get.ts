/** GET ClientURI (K-CMD, P-GET, P-SEL): data in the Status entry; `cv=` on an unchanged instance is 304 and no data. */
import { isWildcard } from '../../protocol/client-uri-resolver.ts';
import { concreteUri } from '../../protocol/client-uri.ts';
import type { GetCommand } from '../../protocol/commands.ts';
import { SC } from '../../protocol/status-codes.ts';
import type { CommandExecutor } from '../command-context.ts';
import { errorStatus, readEntries, target, unreadable } from './command-target.ts';

export const executeGet: CommandExecutor<GetCommand> = async ([, uriText], ctx) => {
  const t = target(ctx, uriText, 'R');
  if (!t.ok) return t.status;
  if (!isWildcard(t.uri) && unreadable(ctx, t.nodes)) return errorStatus(SC.NOT_ALLOWED, uriText);
  const cv = t.uri.query.cv;
  if (cv !== undefined) {
    const instances = new Set(t.nodes.map((n) => `${n.moid}/${n.miid}`));
    if (instances.size > 1) return errorStatus(SC.BAD_REQUEST, uriText);
    const node = t.nodes[0];
    if (node && ctx.tree.cv(node.moid, node.miid) === cv) {
      return { sc: SC.NOT_MODIFIED, URI: t.nodes.map((n) => concreteUri(n.moid, n.miid, n.path)) };
    }
  }
  const data = readEntries(ctx, t.uri, t.nodes);
  return { sc: SC.OK, URI: data.map((e) => e.ClientURI), Data: data };
};
