/**
 * Escaping for the HTML report. Everything in results.json may come from a third party (an IUT's
 * bodies, headers, log lines, even a hand-edited file), so every value goes through one of these.
 */

/** Text for element content or a double-quoted attribute value. */
export function esc(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/\u0000/g, '\ufffd');
}

/**
 * Text for element content only (never an attribute): quotes need no escaping there, which keeps
 * pretty-printed JSON bodies about a third smaller than esc() would.
 */
export function escText(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\u0000/g, '\ufffd');
}

/** A value for a `#f?...` filter link (URL-encoded, then escaped for the attribute). */
export function filterHref(params: Record<string, string | undefined>): string {
  const query = Object.entries(params)
    .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return esc(`#f?${query}`);
}

/** The element ID of a case's detail (also its permalink, #case-<ID>). */
export function caseAnchor(id: string): string {
  return `case-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}
