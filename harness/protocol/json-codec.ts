/** JSON bodies (K-FLOW): UTF-8, byte strings (format bin) travel as base64 text. */
import { MAX_BODY_NESTING, nestsDeeperThan } from './nesting.ts';
import { fail, ok, type Result } from './result.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
    return Buffer.from((value as { data: number[] }).data).toString('base64');
  }
  return value;
}

export function encodeJson(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value, replacer), 'utf8');
}

export function decodeJson(bytes: Uint8Array): Result<unknown> {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return fail('BODY_SYNTAX', 'the JSON body is not valid UTF-8');
  }
  if (text.trim() === '') return fail('BODY_SYNTAX', 'the JSON body is empty');
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    return fail('BODY_SYNTAX', `the body is not valid JSON: ${(error as Error).message}`);
  }
  if (nestsDeeperThan(value, MAX_BODY_NESTING)) return fail('BODY_SYNTAX', `the JSON body nests deeper than ${MAX_BODY_NESTING} levels of arrays and objects`);
  return ok(value);
}
