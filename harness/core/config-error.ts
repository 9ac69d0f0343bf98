/** A bad ICS, IXIT or run option: exit code 2 and one line per problem (file, field, what is wrong, the fix). */
export class ConfigError extends Error {
  readonly exitCode = 2;
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}
