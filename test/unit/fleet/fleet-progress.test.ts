/** The load's progress line: rewritten in place every second on a terminal; a plain line every ten seconds otherwise. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Fleet } from '../../../harness/client/fleet/fleet.ts';
import { progressText, startProgress } from '../../../harness/client/fleet/progress-line.ts';

const fleet = () =>
  new Fleet({
    devices: 1,
    rampPerSecond: 1,
    durationMs: 0,
    intervalMs: 0,
    transport: 'http',
    encoding: 'json',
    server: { dmUrl: 'http://127.0.0.1:9/dm', srvId: 'srv' },
    timeoutMs: 1000,
    sourceAddresses: [],
    devIdPrefix: 'p-',
  });

afterEach(() => {
  vi.useRealTimers();
});

describe('progress line', () => {
  it('names the phase, devices, sessions, latency and errors', () => {
    const f = fleet();
    f.recorder.devices = 7;
    f.recorder.sessionEnded(true);
    f.recorder.error({ kind: 'timeout', reason: 'slow' });
    expect(progressText(f)).toMatch(/ramp \| devices 7 \| ws open 0 \| sessions 1 ok 0 failed \| .* \| errors 1$/);
  });

  it('on a terminal: the line is rewritten every second (carriage return, erase line), and ended by a newline when stopped', () => {
    vi.useFakeTimers();
    const written: string[] = [];
    const stop = startProgress(fleet(), { stream: { isTTY: true, write: (t: string) => written.push(t) } });
    vi.advanceTimersByTime(3_000);
    stop();
    expect(written).toHaveLength(4);
    expect(written.slice(0, 3).every((w) => w.startsWith('\r\x1b[2K') && !w.includes('\n'))).toBe(true);
    expect(written[3]).toBe('\n');
  });

  it('not a terminal: one plain line every ten seconds, no control characters', () => {
    vi.useFakeTimers();
    const written: string[] = [];
    const stop = startProgress(fleet(), { stream: { isTTY: false, write: (t: string) => written.push(t) } });
    vi.advanceTimersByTime(25_000);
    stop();
    expect(written).toHaveLength(2);
    expect(written.every((w) => w.endsWith('\n') && !w.includes('\r') && !w.includes('\x1b'))).toBe(true);
  });
});
