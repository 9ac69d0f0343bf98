/**
 * The requirement catalogue: the 35 labels of the OMA DM 2.0 requirements document with their text,
 * functional module and level, and the rule IDs of the wire profile. A case may cite only these; the
 * CLI filters on them and the reports' coverage matrix has a row for each.
 */
import { readFileSync } from 'node:fs';

export type Level = 'MUST' | 'SHOULD' | 'MAY';

export interface Requirement {
  label: string;
  text: string;
  module: string;
  level: Level;
}

export interface Rule {
  id: string;
  kind: 'Known' | 'Profile';
  summary: string;
}

function load<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(`./catalogue/${file}`, import.meta.url), 'utf8')) as T;
}

export const REQUIREMENTS: readonly Requirement[] = load<{ requirements: Requirement[] }>('requirements.json').requirements;
export const RULES: readonly Rule[] = load<{ rules: Rule[] }>('rules.json').rules;

const byLabel = new Map(REQUIREMENTS.map((r) => [r.label, r]));
const byRule = new Map(RULES.map((r) => [r.id, r]));

export function requirement(label: string): Requirement | undefined {
  return byLabel.get(label);
}

export function rule(id: string): Rule | undefined {
  return byRule.get(id);
}

export const REQUIREMENT_SOURCE = 'OMA-RD-DM-V2_0-20100309-C';
