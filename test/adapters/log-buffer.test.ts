import { describe, expect, it } from 'vitest';
import { LogBuffer, MAX_LOG_LINE_CHARS } from '../../harness/conformance/iut/iut-instance.ts';

describe('LogBuffer (an IUT log kept as evidence)', () => {
  it('keeps the last 2,000 lines however many come, and the lines since a mark', () => {
    const log = new LogBuffer();
    for (let i = 0; i < 4_500; i++) log.add(`line ${i}`);
    const all = log.all();
    expect(all).toHaveLength(2_000);
    expect(all[0]).toBe('line 2500');
    expect(all.at(-1)).toBe('line 4499');
    const mark = log.mark();
    expect(mark).toBe(4_500);
    for (let i = 4_500; i < 4_510; i++) log.add(`line ${i}`);
    expect(log.since(mark)).toEqual(Array.from({ length: 10 }, (_, k) => `line ${4_500 + k}`));
    // A mark older than what is kept gives what is kept, never more than 2,000 lines.
    expect(log.since(0)).toHaveLength(2_000);
    expect(log.since(0).at(-1)).toBe('line 4509');
  });

  it('cuts an endless line and keeps a last line without a newline', () => {
    const log = new LogBuffer();
    log.push('x'.repeat(MAX_LOG_LINE_CHARS + 50));
    log.push('\nlast');
    log.flush();
    const [first, last] = log.all();
    expect(first).toMatch(/\[dmcts: 50 more characters of this line not kept\]$/);
    expect(last).toBe('last');
  });
});
