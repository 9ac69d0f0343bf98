/** Where a session's CONTs send the client (P-SESSION): a CONT naming another origin than the proxy's takes the rest of the session around it. */
import type { DmMessage } from './dm-messages.ts';

/** The origins, other than the proxy's, that the session's CONTs named. */
export function contElsewhere(messages: readonly DmMessage[], proxyOrigin: string): string[] {
  const out = new Set<string>();
  for (const m of messages)
    for (const c of m.package2?.CMD ?? []) {
      if (c[0] !== 'CONT' || typeof c[1] !== 'string') continue;
      try {
        const u = new URL(c[1]);
        const origin = `${u.protocol.replace(/^ws/, 'http')}//${u.host}`;
        if (origin !== proxyOrigin.replace(/^ws/, 'http')) out.add(origin);
      } catch {
        out.add(c[1]);
      }
    }
  return [...out];
}
