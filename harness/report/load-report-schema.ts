/** The JSON Schema of load.json (format dmcts-load/1), checked by ajv in the tests and shipped beside each report. */
import { LOAD_ERROR_KINDS, LOAD_FORMAT } from './load-report-model.ts';

const int = { type: 'integer', minimum: 0 } as const;
const num = { type: 'number', minimum: 0 } as const;
const str = { type: 'string' } as const;
const counts = { type: 'object', additionalProperties: int } as const;
const latency = {
  type: 'object',
  required: ['count', 'meanMs', 'p50Ms', 'p90Ms', 'p99Ms', 'maxMs'],
  additionalProperties: false,
  properties: { count: int, meanMs: num, p50Ms: num, p90Ms: num, p99Ms: num, maxMs: num },
} as const;
const obj = (properties: Record<string, unknown>, optional: string[] = []) => ({
  type: 'object',
  required: Object.keys(properties).filter((k) => !optional.includes(k)),
  additionalProperties: false,
  properties,
});

export const LOAD_RESULT_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://dmcts.dev/schema/load-1.json',
  title: 'dmcts load result',
  ...obj(
    {
      $schema: str,
      format: { const: LOAD_FORMAT },
      dmcts: obj({ version: str }),
      startedAt: str,
      finishedAt: str,
      config: obj({
        devices: { type: 'integer', minimum: 1 },
        rampPerSecond: num,
        durationS: num,
        intervalS: num,
        transport: { enum: ['http', 'ws', 'mix'] },
        encoding: { enum: ['json', 'cbor', 'mix'] },
        timeoutMs: int,
        sourceAddresses: int,
        notify: { type: 'boolean' },
      }),
      host: obj({ cpus: int, loadAverage: { type: 'array', items: num }, node: str }),
      server: obj(
        {
          kind: { enum: ['reference', 'iut'] },
          dmUrl: str,
          srvId: str,
          sessionsSeen: int,
          devicesSeen: int,
          process: obj({
            pid: int,
            cpuS: num,
            cpuPercentMean: num,
            rssKbStart: int,
            rssKbEnd: int,
            peakRssKb: int,
            samples: { type: 'array', items: obj({ t: num, cpuPercent: num, rssKb: int }) },
          }),
        },
        ['sessionsSeen', 'devicesSeen', 'process'],
      ),
      generator: obj({
        pid: int,
        cpuS: num,
        cpuPercentMean: num,
        rssKbStart: int,
        rssKbEnd: int,
        peakRssKb: int,
        heapUsedKb: int,
        eventLoopDelayMs: obj({ p50: num, p99: num, max: num }),
        samples: { type: 'array', items: obj({ t: num, cpuPercent: num, rssKb: int }) },
      }),
      devices: obj({ asked: int, started: int, byTransport: counts, byEncoding: counts, byKind: counts }),
      phases: obj({ rampS: num, steadyS: num, drainS: num, totalS: num }),
      sessions: obj({ started: int, opened: int, ok: int, failed: int, clientInitiated: int, serverInitiated: int, perSecond: num }),
      latency: obj({ package1: latency, package3: latency, wsConnect: latency }),
      errors: obj({
        total: int,
        byKind: obj(Object.fromEntries(LOAD_ERROR_KINDS.map((k) => [k, int]))),
        byStatus: counts,
        examples: { type: 'array', items: obj({ kind: { enum: [...LOAD_ERROR_KINDS] }, reason: str, count: { type: 'integer', minimum: 1 } }) },
      }),
      seconds: {
        type: 'array',
        items: obj({ t: num, devices: int, wsOpen: int, sessionsOk: int, sessionsFailed: int, exchanges: int, p50Ms: num, p99Ms: num }),
      },
      fanOut: obj(
        {
          devices: int,
          sent: int,
          failed: int,
          sendMs: num,
          accepted: int,
          opened: int,
          completed: int,
          allOpenedMs: { type: ['number', 'null'], minimum: 0 },
          openedMs: latency,
          error: str,
        },
        ['error'],
      ),
      notes: { type: 'array', items: str },
    },
    ['$schema', 'fanOut', 'generator'],
  ),
} as const;
