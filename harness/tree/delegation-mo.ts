/**
 * The Delegation MO (P-DELEG), one instance per grant: Target (ClientURI of an MO instance), Grantee
 * (SrvID), Rights (subset of R W E D), Kind (shared | full | sub), MaxDepth (further sub-delegation
 * levels allowed), Prohibited (SrvIDs that may never receive it further down, comma-separated),
 * Priority (higher wins), and — set by the client, never by a server — Grantor and Parent (ours:
 * the grant this one was delegated under, so revoking a grant revokes what derives from it).
 */
import { parseClientUri } from '../protocol/client-uri.ts';
import type { Right } from './access-rights.ts';
import { parseRights } from './access-rights.ts';
import type { MoDefinition } from './mo-definition.ts';
import type { MoInstance } from './mo-instance.ts';
import { READ_ONLY, interior, leaf } from './node-def-builders.ts';
import { MOID, canonicalMoid } from './standard-mos.ts';
import type { LeafNode, TreeNode } from './tree-node.ts';

export const GRANT_KINDS = ['shared', 'full', 'sub'] as const;
export type GrantKind = (typeof GRANT_KINDS)[number];

export const DELEGATION_MO: MoDefinition = {
  moid: MOID.DELEGATION,
  root: interior('<x>', [
    leaf('Target', 'chr', { access: READ_ONLY, description: 'ClientURI of the delegated MO instance (MOID/MIID)' }),
    leaf('Grantee', 'chr', { access: READ_ONLY, description: 'SrvID of the management authority receiving the rights' }),
    leaf('Rights', 'chr', { access: READ_ONLY, description: 'subset of R W E D' }),
    leaf('Kind', 'chr', { access: READ_ONLY, description: 'shared | full | sub' }),
    leaf('MaxDepth', 'int', { occurrence: 'ZeroOrOne', access: READ_ONLY, description: 'further sub-delegation levels allowed (0 = none)' }),
    leaf('Prohibited', 'chr', { occurrence: 'ZeroOrOne', access: READ_ONLY, description: 'SrvIDs that may never receive it further down, comma-separated' }),
    leaf('Priority', 'int', { occurrence: 'ZeroOrOne', access: READ_ONLY, description: 'higher wins over lower on the same instance' }),
    leaf('Grantor', 'chr', { occurrence: 'ZeroOrOne', access: READ_ONLY, description: 'set by the client: who delegated' }),
    leaf('Parent', 'chr', { occurrence: 'ZeroOrOne', access: READ_ONLY, description: 'set by the client: the MIID of the grant this one derives from' }),
  ]),
};

export interface Grant {
  miid: string;
  target: { moid: string; miid: string };
  grantee: string;
  rights: Set<Right>;
  kind: GrantKind;
  maxDepth: number;
  prohibited: string[];
  priority: number;
  grantor: string;
  parent?: string;
}

function text(node: TreeNode | undefined): string | undefined {
  return node?.kind === 'leaf' && typeof (node as LeafNode).value === 'string' ? ((node as LeafNode).value as string) : undefined;
}

function int(node: TreeNode | undefined): number | undefined {
  return node?.kind === 'leaf' && typeof (node as LeafNode).value === 'number' ? ((node as LeafNode).value as number) : undefined;
}

/** The instance a Target ClientURI names (`MOID/MIID`), or undefined when it names anything else. */
export function parseTarget(uri: string): { moid: string; miid: string } | undefined {
  const parsed = parseClientUri(uri);
  if (!parsed.ok) return undefined;
  const { moid, instance, path, query } = parsed.value;
  if (instance?.kind !== 'miid' || path.length > 0 || query.nv.length || query.cv !== undefined || query.depth !== undefined || query.fields) return undefined;
  return { moid: canonicalMoid(moid), miid: instance.miid };
}

export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The grant an instance of the Delegation MO holds; undefined when it is not a complete grant. */
export function readGrant(inst: MoInstance): Grant | undefined {
  const c = inst.root.children;
  const target = parseTarget(text(c.get('Target')) ?? '');
  const grantee = text(c.get('Grantee'));
  const kind = text(c.get('Kind')) as GrantKind | undefined;
  const grantor = text(c.get('Grantor'));
  if (!target || !grantee || !grantor || !kind || !GRANT_KINDS.includes(kind)) return undefined;
  const parent = text(c.get('Parent'));
  return {
    miid: inst.miid,
    target,
    grantee,
    rights: parseRights(text(c.get('Rights')) ?? ''),
    kind,
    maxDepth: int(c.get('MaxDepth')) ?? 0,
    prohibited: splitList(text(c.get('Prohibited'))),
    priority: int(c.get('Priority')) ?? 0,
    grantor,
    ...(parent ? { parent } : {}),
  };
}
