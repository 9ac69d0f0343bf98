/**
 * The flags that choose the cases, shared by dmcts run, self-test and list: --role, --requirement,
 * --case, --exclude and --rerun-failed. Their values are checked here where that needs no suite
 * (the role, the --rerun-failed file); against the suites in run-selection.ts (a --case or --exclude
 * that names nothing). Every problem is a usage error: exit 2.
 */
import type { Filters } from '../conformance/selection.ts';
import { rerunFailedCases } from './rerun-failed.ts';
import { UsageError } from './usage-error.ts';

export const SELECTION_OPTIONS = {
  role: { type: 'string' },
  requirement: { type: 'string', multiple: true },
  case: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  'rerun-failed': { type: 'string' },
} as const;

export const SELECTION_HELP = `  --role client|server  only cases of this role
  --requirement L       only cases citing this requirement label or rule (repeatable),
                        e.g. --requirement DM-HLF-004 --requirement P-SEL
  --case ID             only this case, or an ID prefix such as DMCTS-C-GET (repeatable)
  --exclude X           leave out a case ID, an ID prefix, or every case citing a requirement
                        label or rule (repeatable): --exclude DMCTS-C-SEC --exclude P-DELEG
  --rerun-failed FILE   only the cases an earlier results.json did not pass: FAIL, ERROR,
                        INCONC and WARN, and selected cases it never reached (not PASS, not
                        N/A: the ICS decides those again)
`;

export interface SelectionValues {
  role?: string | undefined;
  requirement?: string[] | undefined;
  case?: string[] | undefined;
  exclude?: string[] | undefined;
  'rerun-failed'?: string | undefined;
}

export function selectionFilters(values: SelectionValues): Filters {
  if (values.role !== undefined && values.role !== 'client' && values.role !== 'server')
    throw new UsageError(`--role must be client or server, not "${values.role}"`);
  return {
    ...(values.role ? { role: values.role as 'client' | 'server' } : {}),
    ...(values.requirement?.length ? { requirements: values.requirement } : {}),
    ...(values.case?.length ? { cases: values.case } : {}),
    ...(values.exclude?.length ? { exclude: values.exclude } : {}),
    ...(values['rerun-failed'] !== undefined ? { rerunFailed: rerunFailedCases(values['rerun-failed']) } : {}),
  };
}
