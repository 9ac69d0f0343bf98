/** The JSON Schema of results.json (format dmcts-results/2). */
import { VERDICTS } from '../core/verdict.ts';
import { RESULTS_FORMAT } from './results-model.ts';
import { CLAIM_LEVELS, RUN_OUTCOMES } from './run-outcome.ts';

const str = { type: 'string' } as const;
const strs = { type: 'array', items: { type: 'string' } } as const;
const counts = { type: 'object', required: [...VERDICTS], properties: Object.fromEntries(VERDICTS.map((v) => [v, { type: 'integer' }])) } as const;
const claim = {
  type: 'object',
  required: ['outcome', 'byVerdict', 'notRun', 'why'],
  properties: { outcome: { enum: [...RUN_OUTCOMES] }, byVerdict: counts, notRun: { type: 'integer' }, why: str },
} as const;

export const RESULTS_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://dmcts.dev/schema/results-2.json',
  title: 'dmcts conformance results',
  type: 'object',
  required: ['format', 'dmcts', 'run', 'environment', 'iuts', 'summary', 'cases'],
  properties: {
    format: { const: RESULTS_FORMAT },
    dmcts: { type: 'object', required: ['version'], properties: { version: str } },
    run: {
      type: 'object',
      required: ['id', 'startedAt', 'complete', 'seed', 'command', 'filters', 'level'],
      properties: {
        id: str,
        startedAt: str,
        finishedAt: str,
        complete: { type: 'boolean' },
        note: str,
        seed: { type: 'integer' },
        command: strs,
        filters: {
          type: 'object',
          properties: {
            role: str,
            requirements: strs,
            cases: strs,
            exclude: strs,
            rerunFailed: { type: 'object', required: ['file', 'ids'], properties: { file: str, ids: strs } },
          },
        },
        level: { enum: [...CLAIM_LEVELS] },
        parallel: { type: 'integer', minimum: 2 },
        shard: {
          type: 'object',
          description: 'a run of one shard of the selected cases (--shard index/count)',
          required: ['index', 'count'],
          properties: { index: { type: 'integer', minimum: 1 }, count: { type: 'integer', minimum: 1 } },
        },
        repeat: { type: 'integer', minimum: 2 },
        stoppedBy: {
          type: 'object',
          required: ['kind', 'detail'],
          properties: { kind: { enum: ['setup', 'probe', 'bail', 'breaker', 'signal'] }, detail: str },
        },
      },
    },
    environment: {
      type: 'object',
      required: ['node', 'platform', 'arch', 'cpus'],
      properties: { node: str, platform: str, arch: str, cpus: { type: 'integer' } },
    },
    iuts: {
      type: 'array',
      items: {
        type: 'object',
        required: ['role', 'product', 'ics', 'ixit'],
        properties: {
          role: { enum: ['client', 'server'] },
          product: { type: 'object', required: ['name', 'version'], properties: { name: str, version: str, vendor: str } },
          ics: { type: 'object' },
          ixit: { type: 'object' },
          icsFile: str,
          ixitFile: str,
        },
      },
    },
    summary: {
      type: 'object',
      required: ['total', 'executed', 'byVerdict', 'level', 'outcome', 'claims', 'conformant'],
      properties: {
        total: { type: 'integer' },
        executed: { type: 'integer' },
        byVerdict: counts,
        level: { enum: [...CLAIM_LEVELS] },
        outcome: { enum: [...RUN_OUTCOMES] },
        claims: { type: 'object', required: [...CLAIM_LEVELS], properties: { facts: claim, profile: claim } },
        conformant: { type: 'boolean' },
      },
    },
    cases: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'title', 'requirement', 'labels', 'rules', 'level', 'role', 'area', 'features', 'selection'],
        properties: {
          id: { type: 'string', pattern: '^DMCTS-[CS]-[A-Z0-9]+-\\d{3}$' },
          title: str,
          requirement: str,
          labels: strs,
          rules: strs,
          level: { enum: ['MUST', 'SHOULD', 'MAY'] },
          role: { enum: ['client', 'server'] },
          area: str,
          features: strs,
          selection: {
            type: 'object',
            required: ['status', 'why'],
            properties: {
              status: { enum: ['selected', 'not-applicable', 'filtered'] },
              why: str,
              icsItem: str,
              shard: { type: 'integer', minimum: 1, description: 'in a run cut into shards: the shard that runs this selected case' },
            },
          },
          verdict: { enum: [...VERDICTS] },
          reason: str,
          basis: { enum: ['K', 'P'] },
          facts: { type: 'object', required: ['verdict'], properties: { verdict: { enum: [...VERDICTS] }, reason: str } },
          checks: { type: 'object', required: ['K', 'P'], properties: { K: { type: 'integer' }, P: { type: 'integer' } } },
          startedAt: str,
          durationMs: { type: 'number' },
          seed: { type: 'integer' },
          step: str,
          icsItems: strs,
          evidence: {
            type: 'object',
            required: ['wire', 'steps', 'notes', 'truncated'],
            properties: { wire: { type: 'array', items: { type: 'object' } }, steps: { type: 'array' }, notes: strs, truncated: { type: 'integer' } },
          },
          iutLog: strs,
          attempts: {
            type: 'array',
            items: {
              type: 'object',
              required: ['verdict'],
              properties: {
                verdict: { enum: [...VERDICTS] },
                reason: str,
                facts: { type: 'object', required: ['verdict'], properties: { verdict: { enum: [...VERDICTS] }, reason: str } },
                startedAt: str,
                durationMs: { type: 'number' },
              },
            },
          },
          transports: {
            type: 'array',
            description: 'a case of sessions: its run over each DM transport (http, ws), side by side',
            items: {
              type: 'object',
              required: ['transport', 'verdict'],
              properties: {
                transport: { enum: ['http', 'ws'] },
                attempts: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['verdict'],
                    properties: { verdict: { enum: [...VERDICTS] }, reason: str, startedAt: str, durationMs: { type: 'number' } },
                  },
                },
                verdict: { enum: [...VERDICTS] },
                reason: str,
                basis: { enum: ['K', 'P'] },
                facts: { type: 'object', required: ['verdict'], properties: { verdict: { enum: [...VERDICTS] }, reason: str } },
                startedAt: str,
                durationMs: { type: 'number' },
                evidence: {
                  type: 'object',
                  required: ['wire', 'steps', 'notes', 'truncated'],
                  properties: { wire: { type: 'array', items: { type: 'object' } }, steps: { type: 'array' }, notes: strs, truncated: { type: 'integer' } },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;
