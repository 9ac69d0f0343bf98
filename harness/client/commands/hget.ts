/**
 * HGET ServerURI [ClientURI] (K-CMD, P-DETAIL): fetch an MO serialization and store it.
 * - With a ClientURI (concrete, or `MOID//`): the body holds exactly one entry whose MOData replaces
 *   the addressed node's subtree; a named MIID that does not exist is created, owned by the server.
 * - Without: each entry's ClientURI names an MOID; each becomes a new instance with a fresh MIID; all
 *   or nothing. Status URI: the instances or nodes created or replaced.
 * - A large object (P-LO: the ServerURI answers `application/octet-stream`) needs a ClientURI naming
 *   a leaf: the object is kept in the device's large-object store and the leaf's value becomes its
 *   `Repr-Digest` text (`sha-256=:…:`); without such a ClientURI the HGET is 400.
 */
import { isWildcard } from '../../protocol/client-uri-resolver.ts';
import { parseClientUri } from '../../protocol/client-uri.ts';
import type { HgetCommand } from '../../protocol/commands.ts';
import { statusOf } from '../../protocol/error-status.ts';
import type { MoSerialization, StatusEntry } from '../../protocol/packages.ts';
import { SC } from '../../protocol/status-codes.ts';
import { DEVICE } from '../../tree/principal.ts';
import type { CommandContext, CommandExecutor } from '../command-context.ts';
import { fetchForHget, type FetchedObject } from '../large-object-download.ts';
import type { TransferOutcome } from '../mo-transfer.ts';
import { reprDigestHeader } from '../../transport/ranged-object.ts';
import { errorStatus, parseTarget } from './command-target.ts';

export const executeHget: CommandExecutor<HgetCommand> = async (command, ctx) => {
  const [, serverUri, clientUri] = command;
  let miid: string | undefined;
  let path: string[] = [];
  let moid: string | undefined;
  if (clientUri !== undefined) {
    const parsed = parseTarget(clientUri);
    if (!parsed.ok) return parsed.status;
    const uri = parsed.uri;
    if (
      !uri.instance ||
      isWildcard(uri) ||
      uri.query.nv.length > 0 ||
      uri.query.cv !== undefined ||
      uri.query.depth !== undefined ||
      uri.query.fields !== undefined
    ) {
      return errorStatus(SC.BAD_REQUEST, clientUri);
    }
    moid = uri.moid;
    path = uri.path.map((s) => (s.kind === 'name' ? s.name : ''));
    if (uri.instance.kind === 'miid') miid = uri.instance.miid;
    else {
      const resolved = ctx.tree.resolve(ctx.principal, { ...uri, path: [] }, 'W');
      if (!resolved.ok) return errorStatus(statusOf(resolved.error.code), clientUri);
      miid = resolved.value[0]!.miid;
    }
  }
  const got = await fetchForHget(ctx.transfer, serverUri);
  if (got.kind === 'object') return storeObject(ctx, got.outcome, serverUri, clientUri, moid, miid, path);
  const fetched = got.outcome;
  if (fetched.sc !== 200 || !('value' in fetched)) {
    ctx.log(`HGET ${serverUri}: ${'reason' in fetched ? fetched.reason : fetched.sc}`);
    return errorStatus(fetched.sc, clientUri);
  }
  if (moid !== undefined && miid !== undefined) return replaceAt(ctx, fetched.value, moid, miid, path, clientUri!);
  return createAll(ctx, fetched.value);
};

function replaceAt(ctx: CommandContext, body: MoSerialization, moid: string, miid: string, path: string[], clientUri: string): StatusEntry {
  if (body.length !== 1) {
    ctx.log(`HGET into ${clientUri}: the body holds ${body.length} entries, exactly one is needed`);
    return errorStatus(SC.BAD_REQUEST, clientUri);
  }
  const written = ctx.tree.write(ctx.principal, moid, miid, path, body[0]!.MOData);
  if (!written.ok) {
    ctx.log(`HGET into ${clientUri}: ${written.error.message}`);
    return errorStatus(written.error.sc, clientUri);
  }
  return { sc: SC.OK, URI: [written.value.uri] };
}

function createAll(ctx: CommandContext, body: MoSerialization): StatusEntry {
  const created: Array<{ moid: string; miid: string; uri: string }> = [];
  const undo = () => {
    for (const c of created.reverse()) ctx.tree.remove(DEVICE, { moid: c.moid, miid: c.miid, path: [] });
  };
  for (const entry of body) {
    const parsed = parseClientUri(entry.ClientURI);
    if (!parsed.ok || parsed.value.instance !== undefined) {
      undo();
      ctx.log(`HGET: entry ClientURI "${entry.ClientURI}" must name only an MOID when the command has no ClientURI`);
      return errorStatus(SC.BAD_REQUEST, undefined);
    }
    const made = ctx.tree.create(ctx.principal, parsed.value.moid, entry.MOData);
    if (!made.ok) {
      undo();
      ctx.log(`HGET: creating ${entry.ClientURI}: ${made.error.message}`);
      return errorStatus(made.error.sc, undefined);
    }
    const uri = made.value.uri;
    const [moid, miid] = [parsed.value.moid, uri.slice(uri.lastIndexOf('/') + 1)];
    created.push({ moid, miid: decodeURIComponent(miid), uri });
  }
  return { sc: SC.OK, URI: created.map((c) => c.uri) };
}

/** A downloaded large object (P-LO): the leaf the ClientURI names takes its Repr-Digest text. */
function storeObject(
  ctx: CommandContext,
  outcome: TransferOutcome<FetchedObject>,
  serverUri: string,
  clientUri: string | undefined,
  moid: string | undefined,
  miid: string | undefined,
  path: string[],
): StatusEntry {
  if (outcome.sc !== 200 || !('value' in outcome)) {
    ctx.log(`HGET ${serverUri}: ${'reason' in outcome ? outcome.reason : outcome.sc}`);
    return errorStatus(outcome.sc, clientUri);
  }
  const { sha256, size, requests } = outcome.value;
  ctx.log(`HGET ${serverUri}: large object of ${size} bytes in ${requests} request(s), SHA-256 checked`);
  if (clientUri === undefined || moid === undefined || miid === undefined || path.length === 0) {
    ctx.log(`HGET ${serverUri}: a large object goes into a leaf, and ${clientUri ?? 'no ClientURI'} names none`);
    return errorStatus(SC.BAD_REQUEST, clientUri);
  }
  const written = ctx.tree.write(ctx.principal, moid, miid, path, reprDigestHeader(sha256));
  if (!written.ok) {
    ctx.log(`HGET into ${clientUri}: ${written.error.message}`);
    return errorStatus(written.error.sc, clientUri);
  }
  return { sc: SC.OK, URI: [written.value.uri] };
}
