/**
 * A cell's evidence from what the recording proxies kept: one entry per HTTP exchange, WebSocket
 * upgrade and DM frame (and each Package#0 through the notification proxy), in order, each with a
 * one-line summary and a detail — request line or frame head, headers, and the body as text (JSON,
 * CBOR as its JSON view, Package#0 decoded, other bytes as base64), redacted (Authorization values,
 * secrets) and cut past DETAIL_MAX_CHARS. At most MAX_EXCHANGES entries per cell.
 */
import { decodeValue } from '../../protocol/body-codec.ts';
import { parseMediaType } from '../../protocol/media-types.ts';
import { decodeDmFrame } from '../../protocol/ws-frame.ts';
import type { InteropExchange } from '../../report/interop-model.ts';
import { redact, redactHeaders, redactText } from '../../security/redact.ts';
import { decodeContent } from '../../transport/content-coding.ts';
import { IUT_BODY_MAX_BYTES } from '../iut-limits.ts';
import { describeMessage, dmMessages } from './dm-messages.ts';
import type { TapRecord } from './wire-tap.ts';

const DETAIL_MAX_CHARS = 6_000;
const MAX_EXCHANGES = 300;

function bodyText(body: Buffer | Uint8Array | undefined, contentType: string | undefined, coding?: string): string {
  if (!body || body.length === 0) return '';
  let bytes: Buffer = Buffer.from(body);
  try {
    bytes = decodeContent(bytes, coding, IUT_BODY_MAX_BYTES);
  } catch {
    return `[${bytes.length} bytes, content coding ${coding}]`;
  }
  const media = parseMediaType(contentType);
  if (media) {
    const v = decodeValue(bytes, media.encoding);
    if (v.ok) return `${media.encoding === 'cbor' ? '(CBOR, shown as JSON) ' : ''}${JSON.stringify(redact(v.value), null, 1)}`;
  }
  if (/^(text\/|application\/(problem\+)?json)/.test(contentType ?? '')) return redactText(bytes.toString('utf8'));
  return `[${bytes.length} bytes] base64:${bytes.subarray(0, 1024).toString('base64')}${bytes.length > 1024 ? '…' : ''}`;
}

function headersText(headers: Record<string, string> | undefined): string {
  return Object.entries(redactHeaders(headers ?? {}))
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join('\n');
}

const cut = (text: string) =>
  text.length > DETAIL_MAX_CHARS ? `${text.slice(0, DETAIL_MAX_CHARS)}\n… [${text.length - DETAIL_MAX_CHARS} more characters not shown]` : text;

export function cellExchanges(serverRecords: readonly TapRecord[], notiRecords: readonly TapRecord[]): InteropExchange[] {
  const all = [...serverRecords.map((r) => ({ r, via: 'server' as const })), ...notiRecords.map((r) => ({ r, via: 'noti' as const }))].sort(
    (a, b) => a.r.at - b.r.at,
  );
  const t0 = all[0]?.r.at ?? Date.now();
  const out: InteropExchange[] = [];
  for (const { r, via } of all.slice(0, MAX_EXCHANGES)) {
    const t = r.at - t0;
    const messages = dmMessages([r]).map(describeMessage).join('; ');
    if (r.kind === 'http') {
      const hop = via === 'noti' ? 'HTTP server → client (notification URL)' : 'HTTP client → server';
      const req = `${r.method} ${r.path}\n${headersText(r.requestHeaders)}\n\n${bodyText(r.requestBody, r.requestHeaders['content-type'], r.requestHeaders['content-encoding'])}`;
      const res =
        r.status !== undefined
          ? `HTTP ${r.status}\n${headersText(r.responseHeaders)}\n\n${bodyText(r.responseBody, r.responseHeaders?.['content-type'], r.responseHeaders?.['content-encoding'])}`
          : '';
      out.push({
        t,
        hop,
        summary: `${r.method} ${r.path} → ${r.status ?? 'no answer'}${r.error ? ` (${r.error})` : ''}${messages ? ` — ${messages}` : ''}`,
        detail: cut(`${req}\n\n--- answer (${r.ms} ms) ---\n${res || r.error || ''}`),
      });
    } else if (r.kind === 'upgrade') {
      out.push({
        t,
        hop: 'WS upgrade client → server',
        summary: `GET ${r.path} (upgrade) → ${r.status ?? 'no answer'}${r.error ? ` (${r.error})` : ''}`,
        detail: cut(`${headersText(r.requestHeaders)}\n\n--- answer ---\n${r.status ?? ''}\n${headersText(r.responseHeaders)}`),
      });
    } else {
      const f = r.binary ? decodeDmFrame(r.payload) : undefined;
      const head = f?.ok ? `${f.value.type}${f.value.target ? ` ${f.value.target}` : ''}` : '';
      out.push({
        t,
        hop: `WS frame ${r.direction === 'to-server' ? 'client → server' : 'server → client'}`,
        summary: messages || `${r.binary ? 'binary' : 'text'} frame, ${r.payload.length} bytes`,
        detail: cut(f?.ok ? `${head}\n${bodyText(Buffer.from(f.value.body), f.value.type)}` : redactText(r.payload.toString('utf8'))),
      });
    }
  }
  if (all.length > MAX_EXCHANGES) out.push({ t: (all.at(-1)?.r.at ?? t0) - t0, hop: 'dmcts', summary: `${all.length - MAX_EXCHANGES} more records not shown` });
  return out;
}
