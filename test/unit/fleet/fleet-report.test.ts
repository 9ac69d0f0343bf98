/** The load reports: round axis ticks, escaped SVG labels, and a schema that refuses a load.json missing its figures. */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { LOAD_RESULT_SCHEMA } from '../../../harness/report/load-report-schema.ts';
import { lineChart, ticks } from '../../../harness/report/load-report-svg.ts';

describe('load report plots and schema', () => {
  it('axis ticks are round steps from 0 that cover the largest value', () => {
    expect(ticks(9)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(ticks(1234)).toEqual([0, 500, 1000, 1500]);
    expect(ticks(0)).toEqual([0, 1]);
    for (const max of [0.3, 7, 99, 1e6]) expect(ticks(max).at(-1)).toBeGreaterThanOrEqual(max);
  });

  it('a chart is one inline SVG whose text is escaped and whose path visits every point', () => {
    const svg = lineChart({
      title: '<script>alert(1)</script>',
      xLabel: 's',
      yLabel: 'ms',
      series: [
        {
          name: 'p"99',
          color: 'red',
          points: [
            [0, 1],
            [1, 5],
            [2, 3],
          ],
        },
      ],
    });
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('p&quot;99');
    expect(svg.match(/<path d="M[^"]*"/)![0].match(/[ML]/g)).toHaveLength(3);
  });

  it('the schema refuses a result without its sessions, or with an unknown error kind', () => {
    const validate = new Ajv2020({ strict: true }).compile(LOAD_RESULT_SCHEMA);
    expect(validate({ format: 'dmcts-load/1' })).toBe(false);
    expect(validate.errors?.some((e) => e.keyword === 'required')).toBe(true);
    const errors = LOAD_RESULT_SCHEMA.properties.errors as object;
    const v2 = new Ajv2020({ strict: true }).compile(errors);
    const byKind = { connect: 0, tls: 0, 'http-status': 0, protocol: 0, timeout: 0 };
    expect(v2({ total: 0, byKind, byStatus: {}, examples: [] })).toBe(true);
    expect(v2({ total: 1, byKind, byStatus: {}, examples: [{ kind: 'gremlins', reason: 'x', count: 1 }] })).toBe(false);
  });
});
