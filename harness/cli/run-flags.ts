/**
 * The flags of a conformance run that shape how it runs rather than what it selects, shared by
 * dmcts run and dmcts self-test: --dry-run, --repeat, --verbose, --timeout-scale, --no-color, and the
 * progress they and --quiet/--json choose.
 */
import type { ProgressMode } from '../conformance/run/progress.ts';
import { MAX_TIMEOUT_SCALE, parseTimeoutScale } from '../conformance/run/timeout-scale.ts';
import { colorWanted } from './color-choice.ts';
import { intOption } from './parse-options.ts';
import { UsageError } from './usage-error.ts';

export const MAX_REPEAT = 100;

export const RUN_FLAG_OPTIONS = {
  'dry-run': { type: 'boolean', default: false },
  repeat: { type: 'string' },
  verbose: { type: 'boolean', default: false },
  'timeout-scale': { type: 'string' },
  'no-color': { type: 'boolean', default: false },
} as const;

export const RUN_FLAG_HELP = `  --dry-run             print each case: selected, N/A (and the ICS item) or filtered out, and
                        why; run nothing, start no IUT, write nothing; exit 0 (--json: as JSON)
  --repeat N            run each selected case N times (1-${MAX_REPEAT}), one pass of the suites after
                        another; a case's verdict is its worst attempt (FAIL, ERROR, INCONC, WARN,
                        N/A, PASS), its reason says which attempt, results.json lists them all
                        (cases[].attempts)
  --verbose             print a case's decoded trace (steps, messages, notes) on standard error as
                        it ends: the case's when one case is selected, otherwise every case that
                        is not PASS (or N/A)
  --timeout-scale X     multiply every IXIT timeout by X (0 < X <= ${MAX_TIMEOUT_SCALE}) for a slow IUT; a case
                        that declares its own time limit keeps it
  --no-color            no colour (also: NO_COLOR set to anything)
`;

export interface RunFlagValues {
  'dry-run'?: boolean | undefined;
  repeat?: string | undefined;
  verbose?: boolean | undefined;
  'timeout-scale'?: string | undefined;
  'no-color'?: boolean | undefined;
  quiet?: boolean | undefined;
  json?: boolean | undefined;
}

export interface RunFlags {
  dryRun: boolean;
  repeat: number;
  verbose: boolean;
  timeoutScale: number;
  color: boolean;
  progress: ProgressMode;
}

export function runFlags(values: RunFlagValues): RunFlags {
  if (values.verbose && values.quiet)
    throw new UsageError('--verbose and --quiet contradict each other: give one (--json keeps --verbose traces on standard error)');
  const repeat = intOption('repeat', values.repeat, 1, 1, MAX_REPEAT);
  let timeoutScale = 1;
  if (values['timeout-scale'] !== undefined) {
    const parsed = parseTimeoutScale(values['timeout-scale']);
    if (typeof parsed === 'string') throw new UsageError(parsed);
    timeoutScale = parsed;
  }
  return {
    dryRun: values['dry-run'] === true,
    repeat,
    verbose: values.verbose === true,
    timeoutScale,
    color: colorWanted(values['no-color']),
    progress: values.quiet || values.json ? 'quiet' : process.stderr.isTTY ? 'tty' : 'plain',
  };
}
