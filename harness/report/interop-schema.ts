/** The JSON Schema of interop.json (dmcts interop, format interop/1), checked with ajv when written and read. */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { INTEROP_VERDICTS, type InteropResults } from './interop-model.ts';

const str = { type: 'string' } as const;
const strs = { type: 'array', items: str } as const;
const int = { type: 'integer', minimum: 0 } as const;
const obj = (properties: Record<string, unknown>, required: string[]) => ({ type: 'object', additionalProperties: false, properties, required });

const participant = obj(
  {
    id: str,
    role: { enum: ['client', 'server'] },
    product: obj({ name: str, version: str, vendor: str }, ['name', 'version']),
    adapter: str,
    ics: str,
    ixit: str,
    features: strs,
    transports: strs,
    description: str,
    error: str,
  },
  ['id', 'role', 'product', 'adapter', 'ics', 'ixit', 'features', 'transports', 'description'],
);

const cell = obj(
  {
    client: str,
    server: str,
    scenario: str,
    verdict: { enum: [...INTEROP_VERDICTS] },
    reason: str,
    checks: { type: 'array', items: obj({ ok: { type: 'boolean' }, text: str }, ['ok', 'text']) },
    durationMs: int,
    evidence: obj(
      {
        exchanges: { type: 'array', items: obj({ t: { type: 'integer' }, hop: str, summary: str, detail: str }, ['t', 'hop', 'summary']) },
        ut: {
          type: 'array',
          items: obj({ t: { type: 'integer' }, side: { enum: ['client', 'server'] }, who: str, method: str, params: true, result: true, error: str }, [
            't',
            'side',
            'method',
          ]),
        },
        notes: strs,
      },
      ['exchanges', 'ut', 'notes'],
    ),
  },
  ['client', 'server', 'scenario', 'verdict', 'checks', 'durationMs', 'evidence'],
);

export const INTEROP_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://dmcts.dev/schema/interop-1.json',
  title: 'dmcts interop results: every client against every server, one cell per pair and scenario',
  ...obj(
    {
      dmcts: { const: 'interop/1' },
      tool: obj({ name: { const: 'dmcts' }, version: str }, ['name', 'version']),
      startedAt: str,
      finishedAt: str,
      durationMs: int,
      scenarios: { type: 'array', items: obj({ id: str, title: str, description: str, rules: strs }, ['id', 'title', 'description', 'rules']) },
      clients: { type: 'array', items: participant },
      servers: { type: 'array', items: participant },
      cells: { type: 'array', items: cell },
      summary: obj(Object.fromEntries(INTEROP_VERDICTS.map((v) => [v, int])), [...INTEROP_VERDICTS]),
      outcome: { enum: ['all-pass', 'failures', 'not-demonstrated'] },
    },
    ['dmcts', 'tool', 'startedAt', 'finishedAt', 'durationMs', 'scenarios', 'clients', 'servers', 'cells', 'summary', 'outcome'],
  ),
} as const;

const validate = new Ajv2020({ strict: true, allErrors: true }).compile(INTEROP_SCHEMA);

/** The schema's complaints about a value, one line each; empty when it is valid interop results. */
export function interopSchemaErrors(value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

export function isInteropResults(value: unknown): value is InteropResults {
  return interopSchemaErrors(value).length === 0;
}
