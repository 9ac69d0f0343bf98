/**
 * HPUT / HPOST ServerURI ClientURI... (K-CMD): send the data of those ClientURIs (read right needed)
 * to the ServerURI with PUT or POST, negotiating the format (K-NEG: 415 + OMADM-Accept -> retry, 406
 * when none fits). Status URI: the concrete ClientURIs sent.
 */
import { isWildcard } from '../../protocol/client-uri-resolver.ts';
import type { HpostCommand, HputCommand } from '../../protocol/commands.ts';
import type { MoEntry } from '../../protocol/packages.ts';
import { SC } from '../../protocol/status-codes.ts';
import type { CommandExecutor } from '../command-context.ts';
import { pushMo } from '../mo-transfer.ts';
import { errorStatus, readEntries, target, unreadable } from './command-target.ts';

export const executeHputOrHpost: CommandExecutor<HputCommand | HpostCommand> = async (command, ctx) => {
  const [name, serverUri, ...clientUris] = command;
  const entries: MoEntry[] = [];
  for (const text of clientUris) {
    const t = target(ctx, text, 'R');
    if (!t.ok) return t.status;
    if (!isWildcard(t.uri) && unreadable(ctx, t.nodes)) return errorStatus(SC.NOT_ALLOWED, text);
    entries.push(...readEntries(ctx, t.uri, t.nodes));
  }
  const sent = await pushMo(ctx.transfer, name === 'HPUT' ? 'PUT' : 'POST', serverUri, entries);
  if (sent.sc !== 200) {
    ctx.log(`${name} ${serverUri}: ${'reason' in sent ? sent.reason : sent.sc}`);
    return { sc: sent.sc, URI: clientUris };
  }
  return { sc: SC.OK, URI: entries.map((e) => e.ClientURI) };
};
