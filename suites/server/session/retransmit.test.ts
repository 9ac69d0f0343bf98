/**
 * A Package#3 whose answer was lost with the connection, sent again over HTTP (P-SESSION, ours;
 * DM-HLF-008): the device POSTs the identical Package#3 from another address on a new connection;
 * the server answers it with the Package#2 it had sent, byte for byte — also when that one was END —
 * and processes nothing twice. (Over the WebSocket: DMCTS-S-WS-006, -007.)
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { resendAfterEnd, resendMidSession } from '../../../harness/conformance/fixtures/server/retransmission.ts';

defineCase(
  {
    id: 'DMCTS-S-SESSION-011',
    title: 'A Package#3 POSTed again from another address after its answer was lost gets the same Package#2, and is not processed twice',
    requirement:
      'A server MUST answer a Package#3 identical to the last one it answered in that session (same session URI, byte-identical body once content coding is undone), POSTed again on a new connection, with the Package#2 it had sent, byte for byte, without processing it again: the Status of its next command comes from the next Package#3 only (P-SESSION, ours; DM-HLF-008).',
    labels: ['DM-HLF-008', 'DM-HLF-007'],
    rules: ['P-SESSION', 'K-FLOW'],
    level: 'MUST',
  },
  (t: CaseContext) => resendMidSession(t, 'http'),
);

defineCase(
  {
    id: 'DMCTS-S-SESSION-012',
    title: 'A Package#3 POSTed again after the END it got was lost gets the same END, not 404; a different one gets 404',
    requirement:
      'A server MUST answer a Package#3 identical to the one whose answer ended the session, POSTed again within the grace period (ours: 60 s), with the same Package#2 (END), byte for byte, processing nothing again; a different Package#3 to that session URI gets 404 (P-SESSION, ours; DM-HLF-008).',
    labels: ['DM-HLF-008'],
    rules: ['P-SESSION', 'K-FLOW'],
    level: 'MUST',
  },
  (t: CaseContext) => resendAfterEnd(t, 'http'),
);
