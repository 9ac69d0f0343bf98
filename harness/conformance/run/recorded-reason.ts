/**
 * A verdict's reason as results.json records it: at most MAX_REASON_CHARS characters — a longer one
 * keeps its start (what went wrong) and its end (why, and a closing "[dmcts profile (ours)]" marker)
 * with " […] " between, and the whole text goes into the case's evidence notes —
 * and never a bare "HTTP 0" or "HTTP undefined": an exchange that got no HTTP answer is named by the
 * network failure its evidence recorded (a timeout, a reset or refused connection, an oversize
 * body). Applied where the reporter records each case's verdict, so no reason escapes it.
 */

export const MAX_REASON_CHARS = 300;

/** What stands for the part left out, in the middle: the start says what went wrong, the end why (and its marker). */
const ELIDED = ' […] ';
const HEAD_CHARS = 150;

/** At most `max` (MAX_REASON_CHARS): the start and the end of a longer reason, cut at words; the whole text into the notes. */
export function boundReason(reason: string, notes: string[] | undefined, max = MAX_REASON_CHARS): string {
  if (reason.length <= max) return reason;
  let head = reason.slice(0, HEAD_CHARS);
  const space = head.lastIndexOf(' ');
  if (space > HEAD_CHARS - 30) head = head.slice(0, space);
  let tail = reason.slice(reason.length - (max - head.trimEnd().length - ELIDED.length));
  const start = tail.indexOf(' ');
  if (start >= 0 && start < 30) tail = tail.slice(start + 1);
  notes?.push(`the whole reason: ${reason}`);
  return `${head.trimEnd()}${ELIDED}${tail}`;
}

/** The network failure a case's evidence names last ("... no complete HTTP answer (the IUT server sent no answer within 5000 ms)"). */
function lastNetworkFailure(notes: readonly string[] | undefined): string | undefined {
  for (let i = (notes?.length ?? 0) - 1; i >= 0; i--) {
    const m = /no complete HTTP answer \((.+)\)$/.exec(notes![i]!);
    if (m) return m[1];
  }
  return undefined;
}

/**
 * "HTTP 0" / "HTTP undefined" anywhere (never a status), with the verb before it; a bare "answered 0"
 * only where a status would end ("answered 0, not 200"), not "answered 0 of the 3 commands".
 */
const NO_STATUS =
  /\b(was answered|answered|with|got) HTTP (?:0|undefined)\b|\b(was answered|answered) (?:0|undefined)(?=$|[,.;:)]|\s(?:not|after|before)\b)|\bHTTP (?:0|undefined)\b/g;

/** "answered HTTP 0" / "HTTP undefined" (no answer came) said as what happened instead. */
export function nameMissingAnswer(reason: string, notes: readonly string[] | undefined): string {
  if (!reason.match(NO_STATUS)) return reason;
  const failure = lastNetworkFailure(notes);
  const none = `no HTTP answer (${failure ?? 'the exchange failed before a status line came; see the evidence'})`;
  return reason.replace(NO_STATUS, (_all, verb?: string, bareVerb?: string) => {
    const v = verb ?? bareVerb;
    return v === 'was answered' || v === 'answered' || v === 'got' ? `got ${none}` : v === 'with' ? `with ${none}` : none;
  });
}

/** The reason as it is recorded: a missing answer named, then bounded. */
export function recordedReason(reason: string, notes: string[] | undefined): string {
  return boundReason(nameMissingAnswer(reason, notes), notes);
}
