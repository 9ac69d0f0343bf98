/**
 * A client whose HTTP connection drops with a Package#3 in flight (P-SESSION, ours; DM-HLF-008): it
 * POSTs the identical Package#3 again on a new connection; nothing runs twice, no Status is lost.
 * (Over the WebSocket: DMCTS-C-WS-004.)
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { resendAfterLostAnswer } from '../../harness/conformance/fixtures/client/resend.ts';

defineCase(
  {
    id: 'DMCTS-C-SESSION-004',
    title: 'A client whose connection drops with a Package#3 in flight POSTs the identical Package#3 again: no command runs twice, no Status is lost',
    requirement:
      'A client MUST, when its connection drops after it sent a Package#3 and before the Package#2 came, POST the identical Package#3 again (same session URI, byte-identical body) on a new connection, neither executing the commands it answered again nor opening a new session; the Package#2 it then gets is executed and answered (P-SESSION, ours; DM-HLF-008).',
    labels: ['DM-HLF-008'],
    rules: ['P-SESSION', 'K-FLOW'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    await resendAfterLostAnswer(t, 'http');
  },
);
