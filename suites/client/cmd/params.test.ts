/**
 * Commands with a wrong parameter list (K-CMD, P-DETAIL): 400 for each, and the package goes on.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { expectDone, statusOf } from '../../../harness/conformance/fixtures/client/status.ts';
import { HarnessServer } from '../../../harness/conformance/fixtures/harness-server.ts';
import type { RawCommand } from '../../../harness/protocol/commands.ts';
import { MOID } from '../../../harness/protocol/moids.ts';

defineCase(
  {
    id: 'DMCTS-C-CMD-050',
    title: 'Commands with a wrong parameter list are 400, and the package goes on',
    requirement: 'A client MUST answer 400 to a command whose parameter list is wrong and go on with the next command (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const bad: Array<[string, ...unknown[]]> = [
      ['HGET'],
      ['HPUT', 'auto'],
      ['HPOST', 'not a uri', `${MOID.DEVINFO}//DevID`],
      ['DELETE'],
      ['DELETE', 42],
      ['EXEC', `${MOID.DEVINFO}//DevID`, 'ftp://example.invalid/x'],
      ['EXEC', `${MOID.DEVINFO}//DevID`, 'https://example.invalid/x', 'extra'],
      ['CONT'],
    ];
    const wellFormed: RawCommand = ['HPUT', 'auto', `${MOID.DEVINFO}//DevID`];
    const results = await srv.runEach([...bad, wellFormed], (cmd) => cmd, { raw: true });
    for (const [cmd, q] of results) {
      // K-FLOW: one Status per command, in order — the package goes on after the malformed ones.
      if (cmd === wellFormed) {
        expectDone(t, q, 'the well-formed HPUT after the malformed commands');
        continue;
      }
      const s = statusOf(t, q, 'K');
      // A command lacking what it needs to act on cannot have been carried out (K-CMD); an EXEC with an
      // odd ServerURI or an extra parameter may be read leniently, so only the code judges those. 400 is ours.
      if (cmd[0] !== 'EXEC')
        t.check(s.sc < 200 || s.sc > 299, `${JSON.stringify(cmd)} answered sc ${s.sc}: a command it could not carry out reported as success (a 2xx)`, 'K');
      t.check(s.sc === 400, `${JSON.stringify(cmd)} answered sc ${s.sc}, not 400`);
    }
  },
);
