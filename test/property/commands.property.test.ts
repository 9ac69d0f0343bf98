/**
 * Command properties (K-CMD): every generated command of the twelve passes checkCommand unchanged
 * (so the command generators, the command types and the JSON Schemas agree), and commands wrong in
 * a known way fail with the right code and position.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, type RawCommand } from '../../harness/protocol/commands.ts';
import { COMMAND_SHAPES } from '../../harness/protocol/schemas/commands.ts';
import { checkCommand, validateBody } from '../../harness/protocol/validate.ts';
import { COMMAND_ARBS, PARAM_COUNTS, unknownCommandNameArb, wrongCountCommandArb, wrongTypeCommandArb } from '../../harness/generators/commands.ts';
import { package2Arb } from '../../harness/generators/packages.ts';

describe('command properties', () => {
  it.each(COMMAND_NAMES)('every generated %s passes checkCommand as it is', (name) => {
    fc.assert(
      fc.property(COMMAND_ARBS[name](), (command) => {
        expect(command[0]).toBe(name);
        expect(checkCommand(command as RawCommand)).toEqual({ ok: true, value: command });
      }),
      { numRuns: 60 },
    );
  });

  it('the generators’ parameter counts are the schemas’ (usage strings agree)', () => {
    for (const name of COMMAND_NAMES) {
      const shape = COMMAND_SHAPES[name];
      const [min, max] = PARAM_COUNTS[name];
      expect(shape.required.length, name).toBe(min);
      expect(shape.repeatLast ? Number.POSITIVE_INFINITY : shape.required.length + shape.optional.length, name).toBe(max);
    }
  });

  it('every command of a generated Package#2 passes, and so does the package', () => {
    fc.assert(
      fc.property(package2Arb(), (p) => {
        expect(validateBody('request', p).ok).toBe(true);
        for (const c of p.CMD) expect(checkCommand(c).ok).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('a wrong number of parameters is CMD_PARAMS, naming the usage, without a position', () => {
    fc.assert(
      fc.property(wrongCountCommandArb(), (command) => {
        const r = checkCommand(command);
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.error.code).toBe('CMD_PARAMS');
        expect(r.error.message).toContain(COMMAND_SHAPES[command[0] as (typeof COMMAND_NAMES)[number]].usage);
        expect(r.error.path).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('a parameter of the wrong JSON type is CMD_PARAMS at its index', () => {
    fc.assert(
      fc.property(wrongTypeCommandArb(), ({ command, index }) => {
        const r = checkCommand(command);
        expect(r.ok ? undefined : { code: r.error.code, path: r.error.path }).toEqual({ code: 'CMD_PARAMS', path: `/${index}` });
      }),
      { numRuns: 200 },
    );
  });

  it('a name outside the twelve is CMD_UNKNOWN at /0, whatever its parameters', () => {
    fc.assert(
      fc.property(unknownCommandNameArb(), fc.array(fc.string(), { maxLength: 3 }), (name, params) => {
        const r = checkCommand([name, ...params]);
        expect(r.ok ? undefined : { code: r.error.code, path: r.error.path }).toEqual({ code: 'CMD_UNKNOWN', path: '/0' });
      }),
    );
  });
});
