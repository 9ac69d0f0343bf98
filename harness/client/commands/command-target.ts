/** Shared steps of the commands that address the tree: parse a ClientURI, resolve it with a right, read entries. */
import { parseClientUri, type ClientUri } from '../../protocol/client-uri.ts';
import type { ResolvedNode } from '../../protocol/client-uri-resolver.ts';
import { statusOf } from '../../protocol/error-status.ts';
import type { MoEntry, StatusEntry } from '../../protocol/packages.ts';
import type { Right } from '../../tree/access-rights.ts';
import type { CommandContext } from '../command-context.ts';

export type Targeted = { ok: true; uri: ClientUri; nodes: ResolvedNode[] } | { ok: false; status: StatusEntry };

export function errorStatus(sc: number, uriAsSent: string | undefined): StatusEntry {
  return { sc, URI: uriAsSent === undefined ? [] : [uriAsSent] };
}

export function parseTarget(text: string): { ok: true; uri: ClientUri } | { ok: false; status: StatusEntry } {
  const parsed = parseClientUri(text);
  if (!parsed.ok) return { ok: false, status: errorStatus(statusOf(parsed.error.code), text) };
  return { ok: true, uri: parsed.value };
}

export function target(ctx: CommandContext, text: string, right: Right): Targeted {
  const parsed = parseTarget(text);
  if (!parsed.ok) return parsed;
  const resolved = ctx.tree.resolve(ctx.principal, parsed.uri, right);
  if (!resolved.ok) return { ok: false, status: errorStatus(statusOf(resolved.error.code), text) };
  return { ok: true, uri: parsed.uri, nodes: resolved.value };
}

/** MO serialization entries of resolved nodes, with the ClientURI's depth= and fields= applied. */
export function readEntries(ctx: CommandContext, uri: ClientUri, nodes: readonly ResolvedNode[]): MoEntry[] {
  const options = {
    ...(uri.query.depth !== undefined ? { depth: uri.query.depth } : {}),
    ...(uri.query.fields !== undefined ? { fields: uri.query.fields } : {}),
  };
  const entries: MoEntry[] = [];
  for (const node of nodes) {
    const entry = ctx.tree.entry(node, options);
    if (entry) entries.push(entry);
  }
  return entries;
}

/** An explicitly named node that can never be read (a secret): reading it is not allowed. */
export function unreadable(ctx: CommandContext, nodes: readonly ResolvedNode[]): ResolvedNode | undefined {
  return nodes.find((n) => !ctx.tree.readable(n.moid, n.path));
}
