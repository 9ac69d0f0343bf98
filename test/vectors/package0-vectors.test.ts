/**
 * Package#0 wire vectors (vectors/package0/*.json + .bin). A vector with `secret` checks acceptance
 * (checkNotification with its `devId`, `now` and optional `seen` pairs); the others check decoding.
 * Valid outcomes must deep-equal `expect.notification` (digest as hex); errors must match the code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePackage0, type Notification } from '../../harness/protocol/package0.ts';
import { checkNotification } from '../../harness/protocol/package0-digest.ts';
import type { Result } from '../../harness/protocol/result.ts';

const DIR = join(import.meta.dirname, '../../vectors/package0');

interface Vector {
  description: string;
  kind: string;
  bin: string;
  secret?: string;
  devId?: string;
  now?: number;
  seen?: Array<[string, number]>;
  expect: { valid: true; notification: Record<string, unknown> } | { error: { code: string } };
}

const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

function load(file: string): { vector: Vector; bytes: Uint8Array } {
  const vector = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Vector;
  return { vector, bytes: new Uint8Array(readFileSync(join(DIR, vector.bin))) };
}

function asJson(n: Notification): Record<string, unknown> {
  const { digest, ...rest } = n;
  return digest === undefined ? rest : { ...rest, digest: Buffer.from(digest).toString('hex') };
}

function outcome(result: Result<Notification>): Vector['expect'] {
  return result.ok ? { valid: true, notification: asJson(result.value) } : { error: { code: result.error.code } };
}

function accept(vector: Vector, bytes: Uint8Array): Result<Notification> {
  const seen = new Set((vector.seen ?? []).map(([s, id]) => JSON.stringify([s, id])));
  return checkNotification(bytes, {
    secret: vector.secret ?? '',
    devId: vector.devId ?? '',
    now: vector.now ?? 0,
    seen: (serverId, id) => seen.has(JSON.stringify([serverId, id])),
  });
}

describe('Package#0 vectors', () => {
  it('has at least 14 vectors covering every error code', () => {
    expect(files.length).toBeGreaterThanOrEqual(14);
    const codes = new Set(files.map((f) => load(f).vector.expect).flatMap((e) => ('error' in e ? [e.error.code] : [])));
    for (const code of [
      'NOTI_TOO_LARGE',
      'NOTI_TRUNCATED',
      'NOTI_VERSION',
      'NOTI_OPTION_COUNT',
      'NOTI_OPTION_REPEAT',
      'NOTI_OPTION_UNKNOWN',
      'NOTI_OPTION_LENGTH',
      'NOTI_RESERVED_NIBBLE',
      'NOTI_TRAILING',
      'NOTI_NO_SERVER_ID',
      'NOTI_NO_CREDENTIALS',
      'NOTI_DIGEST',
      'NOTI_STALE',
      'NOTI_DUPLICATE',
    ]) {
      expect(codes, code).toContain(code);
    }
  });

  it.each(files)('%s', (file) => {
    const { vector, bytes } = load(file);
    expect(vector.kind).toBe('package0');
    expect(vector.bin).toBe(file.replace(/\.json$/, '.bin'));
    const decoded = decodePackage0(bytes);
    if (vector.secret === undefined) {
      expect(vector.now, 'decode-only vectors carry no clock').toBeUndefined();
      expect(outcome(decoded)).toEqual(vector.expect);
      return;
    }
    expect(vector.devId).toBeTypeOf('string');
    expect(vector.now).toBeTypeOf('number');
    expect(outcome(accept(vector, bytes))).toEqual(vector.expect);
    if ('valid' in vector.expect) expect(outcome(decoded)).toEqual(vector.expect);
  });

  it('decode errors surface unchanged through checkNotification', () => {
    for (const file of files) {
      const { vector, bytes } = load(file);
      const decoded = decodePackage0(bytes);
      if (decoded.ok) continue;
      const checked = accept({ ...vector, secret: vector.secret ?? 'x', devId: 'd', now: 0 }, bytes);
      expect(checked.ok ? undefined : checked.error.code, file).toBe(decoded.error.code);
    }
  });
});
