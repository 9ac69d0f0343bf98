/**
 * Reasons seen against misbehaving implementations (issue 12, item 7), through dmcts run against two
 * hostile server IUTs of test/hostile: every reason is at most 300 characters and never says "HTTP 0"
 * or "undefined"; a redirect is named with where it points; a server that never answers is named as
 * such, at the end of a reason cut in the middle, the whole of it in the evidence notes.
 */
import { describe, expect, it } from 'vitest';
import type { Results } from '../../harness/report/results-model.ts';
import { runHostile } from '../hostile/run-hostile.ts';

function reasonsOf(results: Results | undefined): Array<{ id: string; reason: string; notes: string[] }> {
  return (results?.cases ?? []).flatMap((c) =>
    [c.reason, c.facts?.reason].filter((r): r is string => r !== undefined).map((reason) => ({ id: c.id, reason, notes: c.evidence?.notes ?? [] })),
  );
}

describe('reasons against misbehaving servers', () => {
  it('name the redirect and the missing answer, never HTTP 0 or undefined, and stay within 300 characters', async () => {
    const [redirecting, hanging] = await Promise.all([
      runHostile({ name: 'server-redirect-loop', role: 'server', misbehaviour: 'redirects', cases: ['DMCTS-S-NEG'], reason: /./ }),
      runHostile({ name: 'server-hang', role: 'server', misbehaviour: 'never answers', cases: ['DMCTS-S-FLOW-001'], reason: /./ }),
    ]);
    const all = [...reasonsOf(redirecting.results), ...reasonsOf(hanging.results)];
    expect(all.length, `${redirecting.resultsProblem ?? ''} ${hanging.resultsProblem ?? ''}`).toBeGreaterThan(2);
    for (const { id, reason } of all) {
      expect(reason.length, `${id}: ${reason}`).toBeLessThanOrEqual(300);
      expect(reason, id).not.toMatch(/\bHTTP (0|undefined)\b|\bundefined\b/);
    }
    // A raw Package#1 answered with a redirect: its status and where it points.
    expect(reasonsOf(redirecting.results).map((r) => r.reason)).toContainEqual(
      expect.stringMatching(/was answered HTTP 302 \(a redirect to http:\/\/127\.0\.0\.1:\d+\/dm, not followed/),
    );
    // The readiness probe's long reason, cut in the middle: its end names what the server did; the notes have it whole.
    const probe = reasonsOf(hanging.results).find((r) => r.reason.startsWith('not run: the readiness probe failed'));
    expect(probe?.reason).toMatch(/ \[…\] .*sent no answer \(no response headers\) within \d+ ms$/);
    expect(probe?.notes.some((n) => n.startsWith('the whole reason: not run: the readiness probe failed'))).toBe(true);
  }, 60_000);
});
