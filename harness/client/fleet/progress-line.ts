/**
 * The live progress of a load on stderr: on a terminal one line rewritten each second; otherwise a
 * plain line every ten seconds (a log or CI output is not flooded).
 */
import type { Fleet } from './fleet.ts';
import type { ProcessSampler } from './process-sampler.ts';

export interface ProgressOptions {
  stream: NodeJS.WriteStream | { isTTY?: boolean; write(text: string): unknown };
  server?: ProcessSampler;
  /** Tell a terminal from a log (default: the stream's isTTY). */
  tty?: boolean;
}

export function progressText(fleet: Fleet, server?: ProcessSampler): string {
  const r = fleet.recorder;
  const last = r.seconds.at(-1);
  const errors = r.errors().total;
  const cpu = server?.latest;
  return [
    `[${r.elapsedS.toFixed(0).padStart(4)} s] ${fleet.phase}`,
    `devices ${r.devices}`,
    `ws open ${r.wsOpen}`,
    `sessions ${r.sessions.ok} ok ${r.sessions.failed} failed`,
    `${last?.sessionsOk ?? 0}/s`,
    `p50 ${last?.p50Ms ?? 0} ms p99 ${last?.p99Ms ?? 0} ms`,
    `errors ${errors}`,
    ...(cpu ? [`server cpu ${cpu.cpuPercent}% rss ${(cpu.rssKb / 1024).toFixed(0)} MiB`] : []),
  ].join(' | ');
}

/** Starts the progress line; the returned function stops it (ending a terminal's line). */
export function startProgress(fleet: Fleet, options: ProgressOptions): () => void {
  const tty = options.tty ?? options.stream.isTTY === true;
  let ticks = 0;
  const timer = setInterval(() => {
    ticks += 1;
    if (tty) options.stream.write(`\r\x1b[2K${progressText(fleet, options.server)}`);
    else if (ticks % 10 === 0) options.stream.write(`${progressText(fleet, options.server)}\n`);
  }, 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
    if (tty) options.stream.write('\n');
  };
}
