/**
 * How two definitions of one MO differ in their node names and formats (and, reported apart, in
 * occurrence and access): a DDF read against a definition the harness builds in code.
 */
import type { MoDefinition } from '../mo-definition.ts';
import { nodePaths } from './ddf-paths.ts';

export interface DefinitionDifferences {
  /** Node paths only the first definition has. */
  onlyInFirst: string[];
  /** Node paths only the second definition has. */
  onlyInSecond: string[];
  /** `path: first-format ≠ second-format` for nodes both have. */
  formats: string[];
  /** `path: first ≠ second` for the occurrence and access types of nodes both have. */
  properties: string[];
}

export function compareDefinitions(first: MoDefinition, second: MoDefinition): DefinitionDifferences {
  const a = nodePaths(first);
  const b = nodePaths(second);
  const out: DefinitionDifferences = { onlyInFirst: [], onlyInSecond: [], formats: [], properties: [] };
  for (const [path, na] of a) {
    const nb = b.get(path);
    if (!nb) {
      out.onlyInFirst.push(path);
      continue;
    }
    if (na.format !== nb.format) out.formats.push(`${path}: ${na.format} ≠ ${nb.format}`);
    if (na.occurrence !== nb.occurrence) out.properties.push(`${path}: occurrence ${na.occurrence} ≠ ${nb.occurrence}`);
    const accA = [...na.access].sort().join(',');
    const accB = [...nb.access].sort().join(',');
    if (accA !== accB) out.properties.push(`${path}: access ${accA} ≠ ${accB}`);
  }
  for (const path of b.keys()) if (!a.has(path)) out.onlyInSecond.push(path);
  return out;
}
