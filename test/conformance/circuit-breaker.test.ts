import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../harness/conformance/circuit-breaker.ts';
import { diagnoseSetup } from '../../harness/conformance/setup-diagnosis.ts';

describe('circuit breaker', () => {
  it('opens after N cases in a row INCONC at the same precondition (numbers aside), naming it', () => {
    const b = new CircuitBreaker(3);
    b.ended('INCONC', 'upper tester client.startSession: timed out after 10000 ms');
    b.ended('INCONC', 'upper tester client.startSession: timed out after 10001 ms');
    expect(b.open).toBeUndefined();
    b.ended('INCONC', 'upper tester client.startSession: timed out after 9999 ms');
    expect(b.open).toContain('client.startSession');
    expect(b.open).toContain('--no-bail');
  });
  it('a PASS, a FAIL or another reason in between resets the streak', () => {
    const b = new CircuitBreaker(2);
    b.ended('INCONC', 'a');
    b.ended('PASS', undefined);
    b.ended('INCONC', 'a');
    b.ended('INCONC', 'b');
    b.ended('FAIL', 'a');
    b.ended('INCONC', 'a');
    expect(b.open).toBeUndefined();
  });
  it('limit 0 (--no-bail) never opens', () => {
    const b = new CircuitBreaker(0);
    for (let i = 0; i < 50; i++) b.ended('INCONC', 'same');
    expect(b.open).toBeUndefined();
  });
});

describe('set-up diagnosis', () => {
  it('names a missing adapter file, a port in use, a silent adapter, with a fix', () => {
    expect(
      diagnoseSetup('the adapter process exited with code 1 before its upper-tester adapter said ut.hello', ["Error: Cannot find module '/x/adapter.mjs'"]),
    ).toMatchObject({ cause: expect.stringContaining("Cannot find module '/x/adapter.mjs'"), fix: expect.stringContaining('adapter.command') });
    expect(diagnoseSetup('exited with code 1', ['Error: listen EADDRINUSE: address already in use 127.0.0.1:18443']).cause).toContain('127.0.0.1:18443');
    expect(diagnoseSetup('no upper-tester adapter connected to ws://127.0.0.1:1/ut within 100 ms').fix).toContain('DMCTS_UT_URL');
    const other = diagnoseSetup('the adapter process exited with code 3 before its upper-tester adapter said ut.hello', [
      'starting',
      'fatal: no licence file',
      '',
    ]);
    expect(other.cause).toContain('exited with code 3');
    expect(other.cause).toContain('fatal: no licence file');
  });
});

describe("set-up diagnosis: the IUT's last words", () => {
  it("skips the harness's own notes in the log when naming the last log line", () => {
    const d = diagnoseSetup('the IUT container (x) exited with code 2 before its upper-tester adapter said ut.hello', [
      "dmcts ut-device: Unknown option '--no-such-flag'",
      '[dmcts] the container exited with code 2',
    ]);
    expect(d.cause).toContain("Unknown option '--no-such-flag'");
    expect(d.cause).not.toContain('[dmcts]');
  });
});
