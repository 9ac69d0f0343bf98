/** The CLI side of the operator API: finds the running server (its operator.json) and calls it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { redactText } from '../security/redact.ts';
import { HttpClient, HttpFailure } from '../transport/http-client.ts';
import { serverStateDir } from './state-dir.ts';
import { UsageError } from './usage-error.ts';

export interface OperatorAccess {
  url: string;
  token: string;
  ca?: string;
}

export const OPERATOR_FILE = 'operator.json';

/** The server's operator API: from --operator and --token, else from <--state-dir>/operator.json. */
export function findOperator(flags: { 'state-dir'?: string | undefined; operator?: string | undefined; token?: string | undefined }): OperatorAccess {
  const options = { stateDir: flags['state-dir'], operator: flags.operator, token: flags.token };
  if (options.operator) {
    if (!options.token) throw new UsageError('--operator needs --token (the server prints it and writes it to <state-dir>/operator.json)');
    return { url: options.operator.replace(/\/$/, ''), token: options.token };
  }
  const dir = serverStateDir(options.stateDir);
  const file = join(dir, OPERATOR_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`no running server found: ${file} does not exist (start one with "dmcts serve", or give --state-dir or --operator and --token)`);
  }
  try {
    const access = JSON.parse(text) as OperatorAccess;
    if (typeof access.url !== 'string' || typeof access.token !== 'string') throw new Error('url and token are missing');
    return access;
  } catch (error) {
    throw new UsageError(`${file} is not a dmcts operator file (${(error as Error).message}); restart "dmcts serve"`);
  }
}

export async function callOperator(
  access: OperatorAccess,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  timeoutMs = 15_000,
): Promise<{ status: number; json: unknown }> {
  const http = new HttpClient({ side: 'harness', timeoutMs, ...(access.ca ? { ca: access.ca } : {}) });
  try {
    const res = await http.send({
      method,
      url: `${access.url}/operator/${path}`,
      headers: { authorization: `Bearer ${access.token}`, 'content-type': 'application/json', accept: 'application/json' },
      ...(body !== undefined ? { body: Buffer.from(JSON.stringify(body)) } : {}),
    });
    let json: unknown;
    try {
      json = JSON.parse(res.body.toString('utf8'));
    } catch {
      json = res.body.toString('utf8');
    }
    return { status: res.status, json };
  } catch (error) {
    const reason = redactText(error instanceof HttpFailure ? error.message : String(error));
    throw new UsageError(`cannot reach the server's operator API at ${access.url}: ${reason} (is "dmcts serve" still running?)`);
  } finally {
    await http.close();
  }
}

/** The reason an operator API answer gives for refusing (its `error` member, else the whole body), redacted. */
export function operatorError(json: unknown): string {
  const error = typeof json === 'object' && json !== null ? (json as { error?: unknown }).error : undefined;
  return redactText(typeof error === 'string' ? error : typeof json === 'string' ? json : JSON.stringify(json));
}
