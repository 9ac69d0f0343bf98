/** What an interop scenario is: its description (for the reports), when a pair cannot do it (N/A, with the reason), and how it runs. */
import type { InteropScenarioInfo } from '../../report/interop-model.ts';
import type { CellRun } from './cell-run.ts';
import type { PairContext } from './pair-context.ts';

export interface InteropScenario extends InteropScenarioInfo {
  /** Why this pair cannot do it (a feature one side does not claim), or undefined. */
  notApplicable?(pair: PairContext): string | undefined;
  run(cell: CellRun): Promise<void>;
}

/** "the client does not claim X (ICS features.X)" when one side lacks a feature. */
export function needsFeature(pair: PairContext, side: 'client' | 'server', feature: string): string | undefined {
  const who = side === 'client' ? pair.client : pair.server;
  return (who.ics.features as Record<string, boolean | undefined>)[feature] === true
    ? undefined
    : `the ${side} ${who.id} does not claim ${feature} (its ICS features.${feature})`;
}
