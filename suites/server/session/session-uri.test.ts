/**
 * Session URIs (P-SESSION, K-FLOW; DM-HLF-008): every Package#2 that is not the last ends with a CONT
 * to a session URI, which the next Package#3 uses, and that URI carries an unguessable token that
 * differs between sessions and devices.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../../harness/conformance/fixtures/harness-device.ts';
import { RawDm } from '../../../harness/conformance/fixtures/server/raw-dm.ts';
import { show } from '../../../harness/conformance/fixtures/verify.ts';
import { DIAGNOSTICS_MOID as DIAG } from '../../../harness/protocol/moids.ts';

/** What varies between the URIs (the tokens): each without what they all share at both ends. */
function varyingParts(uris: readonly string[]): string[] {
  const [first = ''] = uris;
  let prefix = 0;
  while (uris.every((c) => c[prefix] === first[prefix]) && prefix < first.length) prefix++;
  let suffix = 0;
  while (uris.every((c) => c.length - suffix > prefix && c[c.length - 1 - suffix] === first[first.length - 1 - suffix]) && suffix < first.length) suffix++;
  return uris.map((c) => c.slice(prefix, c.length - suffix));
}

defineCase(
  {
    id: 'DMCTS-S-SESSION-001',
    title: 'Every Package#2 that is not END ends with a CONT to a session URI, which the next Package#3 uses',
    requirement: 'A server MUST end every Package#2 that does not hold END with a CONT to a session URI other than its DM URL (P-SESSION, K-FLOW).',
    labels: ['DM-HLF-008'],
    rules: ['P-SESSION', 'K-FLOW', 'K-CMD'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    // Two commands in the first Package#2, and one more queued while the device works on them.
    await dev.queue(['EXEC', `${DIAG}/1/Slow`]);
    await dev.queue(['GET', `${DIAG}/1/Label`]);
    let queued: Promise<string> | undefined;
    const off = dev.onWire((e) => {
      if (!queued && e.direction === 'in' && e.kind === 'response' && /dm\.request/.test(e.headers['content-type'] ?? '')) {
        queued = dev.queue(['GET', `${DIAG}/1/SlowCount`]);
        queued.catch(() => undefined);
      }
    });
    const outcome = await dev.session();
    off();
    await queued;
    t.check(outcome.ok, `the session failed: ${outcome.reason}`, 'K');
    const exchanges = dev.exchanges();
    let open = 0;
    for (const [i, e] of exchanges.entries()) {
      const p2 = t.need(e.package2, `package ${i + 1} of the session was not answered with a Package#2 (HTTP ${e.response?.status})`, 'K');
      if (p2.CMD.some((c) => c[0] === 'END')) {
        t.check(i === exchanges.length - 1, `Package#2 number ${i + 1} holds END, yet the device went on`, 'K');
        continue;
      }
      open += 1;
      // P-SESSION: a CONT to a session URI ends every Package#2 that is not END; (ours) every ServerURI is absolute.
      const cont = t.need(RawDm.contOf(p2), `Package#2 number ${i + 1} ${show(p2.CMD)} neither holds END nor ends with a CONT`, 'P');
      t.check(/^https?:\/\//i.test(cont), `the CONT of Package#2 number ${i + 1} names "${cont}", not an absolute http(s) URI`, 'P');
      t.check(cont !== dev.iut.dmUrl, `the CONT of Package#2 number ${i + 1} names the DM URL itself, not a session URI`, 'P');
      t.check(
        exchanges[i + 1]?.url === cont,
        `the Package#3 after Package#2 number ${i + 1} went to ${exchanges[i + 1]?.url}, not to its CONT URI ${cont}`,
        'P',
      );
    }
    if (open < 1)
      t.inconclusive(`precondition: no Package#2 of the session needed a CONT (the queued commands came as ${show(dev.package2s().map((p) => p.CMD))})`);
    t.check(
      exchanges.at(-1)?.package2?.CMD.some((c) => c[0] === 'END'),
      'the last Package#2 of the session does not hold END',
      'K',
    );
  },
);

defineCase(
  {
    id: 'DMCTS-S-SESSION-002',
    title: 'The session URI carries a long token that differs between sessions and devices',
    requirement: 'A server MUST put an unguessable session token (at least 128 bits, never repeated) in the CONT URI of each session (P-SESSION).',
    labels: ['DM-HLF-008'],
    rules: ['P-SESSION', 'K-SEC'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const conts: string[] = [];
    for (const dev of [await HarnessDevice.start(t), await HarnessDevice.start(t)]) {
      for (let i = 0; i < 2; i++) {
        await dev.queue(['GET', `${DIAG}/1/Label`]);
        const before = dev.exchanges().length;
        const outcome = await dev.session();
        t.check(outcome.ok, `a session of ${dev.devId} failed: ${outcome.reason}`, 'K');
        const cont = t.need(
          RawDm.contOf(dev.exchanges()[before]?.package2),
          `the first Package#2 of a session of ${dev.devId}, which carried a command, does not end with a CONT`,
          'P',
        );
        conts.push(cont);
      }
    }
    t.check(new Set(conts).size === conts.length, `session URIs repeat across sessions and devices: ${show(conts)}`);
    const tokens = varyingParts(conts);
    t.note(`session URIs: ${conts.join(' ')}`);
    const shortest = Math.min(...tokens.map((x) => x.length));
    t.check(shortest >= 22, `the session URIs differ in only ${shortest} characters (${show(tokens)}): too short for a 128-bit unguessable token`);
    const alphabet = new Set(tokens.join(''));
    t.check(alphabet.size >= 12, `the varying parts of the session URIs use only ${alphabet.size} distinct characters (${show(tokens)}): not random`);
  },
);
