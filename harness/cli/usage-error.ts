/** A bad invocation or configuration: exit code 2, one line naming the problem and the fix. */
export class UsageError extends Error {
  readonly exitCode = 2;
}
