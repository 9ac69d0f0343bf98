/** Who acts on the tree: a DM server (by SrvID), a local application, or the device itself. */

export type Principal = { kind: 'server'; id: string } | { kind: 'app'; id: string } | { kind: 'device' };

export const DEVICE: Principal = { kind: 'device' };

export function serverPrincipal(id: string): Principal & { kind: 'server' } {
  return { kind: 'server', id };
}

export function samePrincipal(a: Principal | undefined, b: Principal | undefined): boolean {
  if (!a || !b) return false;
  if (a.kind === 'device' || b.kind === 'device') return a.kind === b.kind;
  return a.kind === b.kind && a.id === b.id;
}

export function describePrincipal(p: Principal): string {
  return p.kind === 'device' ? 'the device' : `${p.kind} "${p.id}"`;
}
