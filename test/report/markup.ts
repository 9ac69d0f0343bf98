/**
 * A tiny structural check of XML and of the HTML the reports write: every tag closed in order,
 * attribute values quoted, no bare "<" or "&" in text. Not a full parser — enough to catch a
 * renderer that forgets to escape or to close.
 */
const VOID = new Set(['meta', 'br', 'input', 'hr', 'img', 'link', 'wbr', 'col', 'area', 'base', 'source']);

export interface Element {
  name: string;
  attrs: Record<string, string>;
}

export function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e] ?? all;
  });
}

/** Problems with the structure, and the elements found (in document order). */
export function checkMarkup(text: string, mode: 'xml' | 'html'): { problems: string[]; elements: Element[] } {
  const problems: string[] = [];
  const elements: Element[] = [];
  const stack: string[] = [];
  const source = mode === 'html' ? text.replace(/(<(script|style)\b[^>]*>)[\s\S]*?(<\/\2>)/gi, '$1$3') : text;
  const token =
    /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!doctype[^>]*>|<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+(?:\s*=\s*"[^"<]*")?)*)\s*(\/?)>|<|&(?!(?:[a-z]+|#\d+|#x[0-9a-f]+);)/gi;
  for (const m of source.matchAll(token)) {
    const all = m[0];
    if (all === '<') {
      problems.push(`bare "<" at ${m.index}: ${source.slice(m.index, m.index + 40)}`);
      continue;
    }
    if (all.startsWith('&')) {
      problems.push(`bare "&" at ${m.index}: ${source.slice(m.index, m.index + 40)}`);
      continue;
    }
    if (!m[2]) continue;
    const name = mode === 'html' ? m[2].toLowerCase() : m[2];
    if (m[1]) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> at ${m.index} closes <${open ?? 'nothing'}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of (m[3] ?? '').matchAll(/([\w:.-]+)(?:\s*=\s*"([^"]*)")?/g)) attrs[a[1]!] = unescapeXml(a[2] ?? '');
    elements.push({ name, attrs });
    if (m[4] === '/' || (mode === 'html' && VOID.has(name))) continue;
    stack.push(name);
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  return { problems, elements };
}
