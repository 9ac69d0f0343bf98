/**
 * Whether the CLI colours its output: never with --no-color or with NO_COLOR set to anything but
 * the empty string (https://no-color.org), and only on a terminal. --no-color also sets NO_COLOR for
 * what the run starts (vitest and its workers honour it).
 */
export function colorWanted(noColorFlag: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (noColorFlag) {
    env.NO_COLOR = '1';
    return false;
  }
  return !env.NO_COLOR;
}
