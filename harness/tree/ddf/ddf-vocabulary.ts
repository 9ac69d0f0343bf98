/**
 * The DDF vocabulary (DM 1.2/1.3 MgmtTree DTD) and how each term maps onto the harness's MO definitions
 * (K-DDF; the mapping is documented in docs/protocol.md, K-DDF): formats as they are, the four
 * unbounded occurrences as they are and ZeroOrN/OneOrN as ZeroOrMore/OneOrMore (ours: the bound is not
 * kept), AccessType as it is except Copy (ours: DM 2.0 has no Copy command, so it grants nothing).
 */
import { FORMATS, type Format } from '../formats.ts';
import type { AccessType, Occurrence, Scope } from '../mo-definition.ts';

export const DDF_FORMATS: readonly Format[] = FORMATS;

export const DDF_ACCESS_TYPES = ['Add', 'Copy', 'Delete', 'Exec', 'Get', 'Replace'] as const;
export type DdfAccessType = (typeof DDF_ACCESS_TYPES)[number];

/** The order the reader lists access types in (the DTD's, Copy dropped). */
export const ACCESS_ORDER: readonly AccessType[] = ['Add', 'Delete', 'Exec', 'Get', 'Replace'];

export const DDF_OCCURRENCES: Readonly<Record<string, Occurrence>> = {
  One: 'One',
  ZeroOrOne: 'ZeroOrOne',
  ZeroOrMore: 'ZeroOrMore',
  OneOrMore: 'OneOrMore',
  ZeroOrN: 'ZeroOrMore',
  OneOrN: 'OneOrMore',
};

export const DDF_SCOPES: readonly Scope[] = ['Permanent', 'Dynamic'];

/** What a DDF leaves unsaid: Occurrence One (the DTD's default), Scope Dynamic. */
export const DEFAULT_OCCURRENCE: Occurrence = 'One';
export const DEFAULT_SCOPE: Scope = 'Dynamic';

/** A NodeName written as a placeholder (`<x>`, `<X>`, `<AccountName>`): a name the creator chooses. */
export function isPlaceholderName(name: string): boolean {
  return /^<[^<>]+>$/.test(name);
}
