/**
 * HPUT / HPOST ServerURI ClientURI... (K-CMD): send the data of those ClientURIs (read right needed)
 * to the ServerURI with PUT or POST, negotiating the format (K-NEG: 415 + OMADM-Accept -> retry, 406
 * when none fits). Status URI: the concrete ClientURIs sent. A leaf holding a large object (P-LO)
 * goes as that object, resumable, to a target whose HEAD names an Upload-Offset
 * (harness/client/large-object-upload.ts).
 */
import { isWildcard } from '../../protocol/client-uri-resolver.ts';
import type { HpostCommand, HputCommand } from '../../protocol/commands.ts';
import type { MoEntry } from '../../protocol/packages.ts';
import { SC } from '../../protocol/status-codes.ts';
import type { CommandExecutor } from '../command-context.ts';
import { storedObjectOf, uploadObject } from '../large-object-upload.ts';
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
  const object = entries.length === 1 && clientUris.length === 1 ? storedObjectOf(ctx.transfer.devId, entries[0]!.MOData) : undefined;
  if (object) {
    const uploaded = await uploadObject(ctx.transfer, name === 'HPUT' ? 'PUT' : 'POST', serverUri, object);
    if (uploaded) {
      if (uploaded.sc !== 200 || !('value' in uploaded)) {
        ctx.log(`${name} ${serverUri}: ${'reason' in uploaded ? uploaded.reason : uploaded.sc}`);
        return { sc: uploaded.sc, URI: clientUris };
      }
      ctx.log(`${name} ${serverUri}: large object of ${object.size} bytes, ${uploaded.value.sent} sent in ${uploaded.value.requests} requests`);
      return { sc: SC.OK, URI: [entries[0]!.ClientURI] };
    }
  }
  const sent = await pushMo(ctx.transfer, name === 'HPUT' ? 'PUT' : 'POST', serverUri, entries);
  if (sent.sc !== 200) {
    ctx.log(`${name} ${serverUri}: ${'reason' in sent ? sent.reason : sent.sc}`);
    return { sc: sent.sc, URI: clientUris };
  }
  return { sc: SC.OK, URI: entries.map((e) => e.ClientURI) };
};
