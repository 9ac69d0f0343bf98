/**
 * P-ENV (DM-HLF-018): the server a client-initiated session about an MO instance goes to — the server
 * that manages that instance (ours): its owner (the server that created it) when a server of the
 * DMAcc owns it, else the first DMAcc account whose server may change it (W: its Perm, within its
 * environment). An instance no server of the DMAcc manages has none: the session is not opened.
 */
import { parseClientUri } from '../protocol/client-uri.ts';
import { fail, ok, type Result } from '../protocol/result.ts';
import type { DeviceTree } from '../tree/device-tree.ts';
import { serverPrincipal } from '../tree/principal.ts';
import type { Account } from './accounts.ts';

export function managingServer(tree: DeviceTree, accounts: readonly Account[], clientUri: string): Result<string> {
  const parsed = parseClientUri(clientUri);
  if (!parsed.ok) return parsed;
  const selector = parsed.value.instance;
  if (selector?.kind !== 'miid') return fail('NO_INSTANCE', `${clientUri} names no one MO instance (MOID/MIID)`);
  const inst = tree.instance(parsed.value.moid, selector.miid);
  if (!inst) return fail('NO_INSTANCE', `the device has no instance ${parsed.value.moid}/${selector.miid}`);
  const owner = inst.owner;
  if (owner?.kind === 'server' && accounts.some((a) => a.srvId === owner.id)) return ok(owner.id);
  const manager = accounts.find((a) => tree.has(serverPrincipal(a.srvId), inst, 'W'));
  return manager ? ok(manager.srvId) : fail('NO_MANAGER', `no server of the device's DMAcc manages ${clientUri}`);
}
