/**
 * Reasons as results.json records them (issue 12, item 7), and --repeat's worst attempt: a reason is
 * at most 300 characters with the whole text in the evidence notes and its profile marker kept; no
 * reason says "HTTP 0" or "HTTP undefined" — a missing answer is named by the network failure; a
 * network error is said as what the peer did; a flaky case is as bad as its worst attempt, at both
 * levels of claim.
 */
import { describe, expect, it } from 'vitest';
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { httpAnswer, noteNoAnswer, noteRedirect } from '../../harness/conformance/fixtures/http-answer.ts';
import { boundReason, MAX_REASON_CHARS, nameMissingAnswer, recordedReason } from '../../harness/conformance/run/recorded-reason.ts';
import { RepeatAttempts } from '../../harness/conformance/run/repeat-attempts.ts';
import { networkErrorText } from '../../harness/transport/network-error-text.ts';

describe('a recorded reason', () => {
  it('is cut to 300 characters in the middle, at words: its start and its end (the cause, the [dmcts profile (ours)] marker) kept, the whole text in the notes', () => {
    const long = `the Package#2 ${'carried a command the IUT should not have sent '.repeat(20)}so the server sent no answer within 1000 ms [dmcts profile (ours)]`;
    const notes: string[] = [];
    const cut = boundReason(long, notes);
    expect(cut.length).toBeLessThanOrEqual(MAX_REASON_CHARS);
    expect(cut.length).toBeGreaterThan(MAX_REASON_CHARS - 40);
    expect(cut).toMatch(/^the Package#2 carried a command .* \[…\] .*so the server sent no answer within 1000 ms \[dmcts profile \(ours\)\]$/);
    // Whole words on both sides of the cut.
    expect(cut).toMatch(/ (carried|a|command|the|IUT|should|not|have|sent) \[…\] (carried|a|command|the|IUT|should|not|have|sent|so) /);
    expect(notes).toEqual([`the whole reason: ${long}`]);
    const short = 'the IUT answered 404, not 200';
    expect(boundReason(short, notes)).toBe(short);
    expect(notes).toHaveLength(1);
  });

  it('names the network failure instead of "HTTP 0" or "HTTP undefined"', () => {
    const notes = ['raw POST https://127.0.0.1:9/dm: no complete HTTP answer (the IUT server reset the connection (ECONNRESET))'];
    expect(nameMissingAnswer('the Package#1 was answered HTTP 0, not 200', notes)).toBe(
      'the Package#1 got no HTTP answer (the IUT server reset the connection (ECONNRESET)), not 200',
    );
    expect(nameMissingAnswer('the harness device answered the Package#0 with HTTP undefined, not 202', [])).toMatch(
      /^the harness device answered the Package#0 with no HTTP answer \(the exchange failed before a status line came; see the evidence\), not 202$/,
    );
    expect(recordedReason('a CBOR Package#3 was answered 0, not 200', notes)).not.toMatch(/\b(0|undefined)\b,/);
    expect(nameMissingAnswer('the server answered HTTP 404', notes)).toBe('the server answered HTTP 404');
    expect(nameMissingAnswer('the IUT answered 0 of the 3 GETs', notes)).toBe('the IUT answered 0 of the 3 GETs');
  });

  it('of the raw client: "was answered HTTP 413", a redirect with its Location, or "got no HTTP answer (why)" — never HTTP 0', () => {
    const t = {} as CaseContext;
    expect(httpAnswer(t, 413)).toBe('was answered HTTP 413');
    expect(httpAnswer(t, 0)).toMatch(/^got no HTTP answer \(the exchange failed before a status line came/);
    noteNoAnswer(t, "the IUT server's answer exceeded 1 MiB (3 MiB received)");
    expect(httpAnswer(t, 0)).toBe("got no HTTP answer (the IUT server's answer exceeded 1 MiB (3 MiB received))");
    expect(httpAnswer(t, undefined)).not.toContain('undefined');
    noteRedirect(t, 307, 'https://elsewhere.example/dm');
    expect(httpAnswer(t, 307)).toBe(
      'was answered HTTP 307 (a redirect to https://elsewhere.example/dm, not followed: a DM exchange is answered where it was sent)',
    );
  });

  it('of a network error says what the peer did, with the code', () => {
    const err = (code: string, message = 'x') => Object.assign(new Error(message), { code });
    expect(networkErrorText(err('ECONNREFUSED'), 'https://127.0.0.1:9')).toBe(
      'https://127.0.0.1:9 refused the connection (nothing listens there) (ECONNREFUSED)',
    );
    expect(networkErrorText(err('ECONNRESET'), 'the IUT server')).toBe('the IUT server reset the connection (ECONNRESET)');
    expect(networkErrorText({ cause: { code: 'UND_ERR_SOCKET' } }, 'the IUT server')).toBe(
      'the IUT server closed the connection before its answer was complete (UND_ERR_SOCKET)',
    );
    expect(networkErrorText(undefined, 'the IUT server')).toBe('the IUT server: an error without a message');
    expect(networkErrorText(new Error('socket hang up'), 'the IUT server')).toBe('the IUT server: socket hang up');
  });
});

describe('--repeat: a case is as bad as its worst attempt', () => {
  it('FAIL in one attempt of three is a FAIL, named by attempt, every attempt listed', () => {
    const a = new RepeatAttempts(3);
    a.add('X', { verdict: 'PASS', facts: { verdict: 'PASS' }, durationMs: 5 });
    a.add('X', { verdict: 'FAIL', reason: 'no Status', basis: 'K', facts: { verdict: 'FAIL', reason: 'no Status' }, durationMs: 6 });
    const { record, attempts } = a.add('X', { verdict: 'PASS', facts: { verdict: 'PASS' }, durationMs: 7 });
    expect(record.verdict).toBe('FAIL');
    expect(record.reason).toBe('attempt 2 of 3 (PASS, FAIL, PASS): no Status');
    expect(record.durationMs).toBe(6);
    expect(attempts.map((x) => x.verdict)).toEqual(['PASS', 'FAIL', 'PASS']);
  });

  it('the public-facts verdict is the worst at that level too, even from another attempt than the profile’s worst', () => {
    const a = new RepeatAttempts(2);
    a.add('X', { verdict: 'FAIL', reason: 'a P check', basis: 'P', facts: { verdict: 'PASS' } });
    const { record } = a.add('X', { verdict: 'INCONC', reason: 'no session', facts: { verdict: 'FAIL', reason: 'the K check' } });
    expect(record.verdict).toBe('FAIL');
    expect(record.facts).toEqual({ verdict: 'FAIL', reason: 'attempt 2 of 2: the K check' });
  });

  it('orders FAIL, ERROR, INCONC, WARN, N/A, PASS', () => {
    const worst = (...vs: Array<'PASS' | 'FAIL' | 'WARN' | 'INCONC' | 'N/A' | 'ERROR'>) => {
      const a = new RepeatAttempts(vs.length);
      let last: ReturnType<typeof a.add> | undefined;
      for (const v of vs) last = a.add('X', { verdict: v });
      return last!.record.verdict;
    };
    expect(worst('PASS', 'ERROR', 'FAIL')).toBe('FAIL');
    expect(worst('INCONC', 'ERROR')).toBe('ERROR');
    expect(worst('WARN', 'INCONC')).toBe('INCONC');
    expect(worst('PASS', 'WARN')).toBe('WARN');
    expect(worst('PASS', 'N/A')).toBe('N/A');
  });
});
