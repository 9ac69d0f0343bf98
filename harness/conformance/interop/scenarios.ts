/** Every interop scenario, in the order a pair runs them (mutual-auth last: it enrols credentials for the DevID and then removes them). */
import { ConfigError } from '../../core/config-error.ts';
import type { InteropScenario } from './scenario.ts';
import { MUTUAL_AUTH } from './scenario-auth.ts';
import { DELEGATION } from './scenario-delegation.ts';
import { COMMAND_SCENARIOS } from './scenario-commands.ts';
import { ENCODING_SCENARIOS } from './scenario-encodings.ts';
import { SESSION_CLIENT, SESSION_SERVER } from './scenario-sessions.ts';
import { WS_NOTIFY } from './scenario-ws-notify.ts';
import { WS_SESSION } from './scenario-ws.ts';

export const INTEROP_SCENARIOS: readonly InteropScenario[] = [
  SESSION_CLIENT,
  SESSION_SERVER,
  ...COMMAND_SCENARIOS,
  ...ENCODING_SCENARIOS,
  WS_SESSION,
  WS_NOTIFY,
  DELEGATION,
  MUTUAL_AUTH,
];

/** The scenarios a run selects: all, or those whose ID equals or starts with one given (`cmd-` for the twelve commands). */
export function selectScenarios(wanted: readonly string[]): InteropScenario[] {
  if (wanted.length === 0) return [...INTEROP_SCENARIOS];
  const unknown = wanted.filter((w) => !INTEROP_SCENARIOS.some((s) => s.id === w || s.id.startsWith(w)));
  if (unknown.length > 0)
    throw new ConfigError([
      `--scenario ${unknown.join(', ')}: no such scenario (known: ${INTEROP_SCENARIOS.map((s) => s.id).join(', ')}; a prefix such as cmd- selects several)`,
    ]);
  return INTEROP_SCENARIOS.filter((s) => wanted.some((w) => s.id === w || s.id.startsWith(w)));
}
