/**
 * What every conformance case declares (test262 frontmatter / IoT-Testware style): a stable ID
 * `DMCTS-<C|S>-<AREA>-<NNN>`, the seed requirement labels and profile rules it checks, its level,
 * the role the IUT plays, the ICS features it needs, and one requirement sentence.
 */
import { requirement, rule, type Level } from '../core/catalogue.ts';
import { UT_METHODS, type UtMethodSpec } from '../protocol/upper-tester.ts';
import type { IcsCapacity, IcsFeature } from './ics.ts';
import { ICS_FEATURES } from './ics.ts';

export type Role = 'client' | 'server';

export interface CaseMeta {
  /** Stable ID, never positional: DMCTS-C-GET-001 (C: the IUT is a client; S: a server). */
  id: string;
  /** A short title. */
  title: string;
  /** The requirement the case checks, in one sentence with its RFC 2119 keyword. */
  requirement: string;
  /** Seed requirement labels (DM-HLF-004, ...). */
  labels: readonly string[];
  /** Profile rule IDs (K-CMD, P-GET, ...). */
  rules: readonly string[];
  level: Level;
  /** The role the IUT plays. */
  role: Role;
  /** ICS features the IUT must claim for the case to apply. */
  features?: readonly IcsFeature[];
  /** ICS capacities the case needs at least (a smaller claim makes it N/A), e.g. { accounts: 2 }. */
  needs?: Partial<Record<IcsCapacity, number>>;
  /**
   * Upper-tester methods the case calls that an adapter may leave out (client.moveNetwork,
   * client.localApp.*, server.delegate, ...): one the IUT's adapter did not offer in its ut.hello
   * makes the case N/A before it starts (ut-method-need.ts). Each must be a method of UT_METHODS
   * (harness/protocol/upper-tester.ts) for the case's role. An undeclared method the adapter lacks
   * still makes the case N/A, at the call.
   */
  utMethods?: readonly string[];
  /** Case timeout; the IXIT's case timeout when absent. */
  timeoutMs?: number;
  /**
   * A case of sessions (DM-HLF-001, DM-IOP-001): it runs once per DM transport the ICS claims (HTTP,
   * the WebSocket binding P-WS), each run with its own verdict under the same ID; the case's verdict
   * is the worst. Its fixtures take the transport of the run (t.transport). Absent: it runs once, over
   * HTTP or the transport it chooses itself.
   */
  perTransport?: boolean;
}

const ID = /^DMCTS-([CS])-([A-Z0-9]{2,12})-(\d{3})$/;

export function areaOf(id: string): string {
  return ID.exec(id)?.[2] ?? 'UNKNOWN';
}

/** What a suite file declares: the metadata without the role, which the ID says (C client, S server). */
export type CaseDeclaration = Omit<CaseMeta, 'role'> & { role?: Role };

/** The role a case ID names: DMCTS-C-… a client, DMCTS-S-… a server (a malformed ID is reported by checkMeta). */
export function roleOf(id: string): Role {
  return ID.exec(id)?.[1] === 'S' ? 'server' : 'client';
}

/** A declaration's full metadata: its role taken from its ID unless it names one (checkMeta compares the two). */
export function withRole(declared: CaseDeclaration): CaseMeta {
  return { ...declared, role: declared.role ?? roleOf(declared.id) };
}

/** The problems with a case declaration; empty when it is sound. */
export function checkMeta(meta: CaseMeta): string[] {
  const problems: string[] = [];
  const m = ID.exec(meta.id);
  if (!m) problems.push(`ID "${meta.id}" is not of the form DMCTS-<C|S>-<AREA>-<NNN>`);
  else if ((m[1] === 'C') !== (meta.role === 'client')) problems.push(`ID ${meta.id} says role ${m[1]} but the case declares role ${meta.role}`);
  if (!meta.title.trim()) problems.push('the title is empty');
  if (!/\b(MUST|SHALL|SHOULD|MAY)\b/.test(meta.requirement)) problems.push('the requirement sentence has no MUST/SHALL/SHOULD/MAY');
  if (meta.labels.length + meta.rules.length === 0) problems.push('it cites neither a requirement label nor a rule');
  for (const label of meta.labels) if (!requirement(label)) problems.push(`unknown requirement label ${label}`);
  for (const id of meta.rules) if (!rule(id)) problems.push(`unknown rule ${id}`);
  for (const f of meta.features ?? []) if (!ICS_FEATURES.includes(f)) problems.push(`unknown ICS feature ${f}`);
  for (const m of meta.utMethods ?? []) {
    const spec = (UT_METHODS as Record<string, UtMethodSpec | undefined>)[m];
    if (!spec) problems.push(`unknown upper-tester method ${m} (utMethods; the methods are UT_METHODS in harness/protocol/upper-tester.ts)`);
    else if (spec.role !== 'any' && spec.role !== meta.role)
      problems.push(`utMethods names ${m}, a method of a ${spec.role}'s adapter, but the IUT of this case is a ${meta.role}`);
  }
  return problems.map((p) => `${meta.id}: ${p}`);
}

/** The vitest tags of a case: its labels, rules, role, level and its own ID. */
export function tagsOf(meta: CaseMeta): string[] {
  return [...meta.labels, ...meta.rules, `role:${meta.role}`, `level:${meta.level}`, meta.id];
}
