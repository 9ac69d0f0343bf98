/** Schema validation and command checks: codes, positions and messages a person can act on. */
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, CLIENT_MUST, CLIENT_SHOULD, isCommandName } from '../../../harness/protocol/commands.ts';
import { statusOf } from '../../../harness/protocol/error-status.ts';
import { describeStatus, SC } from '../../../harness/protocol/status-codes.ts';
import { checkCommand, validateBody } from '../../../harness/protocol/validate.ts';

const SRV = 'https://dm.operator.example/dm20';
const CONN = 'urn:oma:mo:oma-dm-connmo:1.0';

function error(r: { ok: boolean; error?: { code: string; message: string; path?: string } }) {
  if (r.ok) throw new Error('expected an error');
  return r.error!;
}

describe('validateBody', () => {
  it('returns the very value it was given when valid', () => {
    const body = { MOS: [{ MOID: CONN, MIID: ['1'] }], Alert: [] };
    const r = validateBody('initiation', body);
    expect(r.ok && r.value).toBe(body);
  });

  it('names the body kind, the member and the rule', () => {
    const missing = error(validateBody('initiation', { MOS: [{ MOID: CONN }], Alert: [] }));
    expect(missing).toMatchObject({ code: 'SCHEMA', path: '/MOS/0' });
    expect(missing.message).toBe('Package#1: /MOS/0 lacks the required member "MIID" (required)');

    const unknown = error(validateBody('response', { Status: [], Extra: 1 }));
    expect(unknown).toMatchObject({ code: 'SCHEMA', path: '' });
    expect(unknown.message).toBe('Package#3: the body has an unknown member "Extra" (additionalProperties)');

    const moid = error(validateBody('initiation', { MOS: [{ MOID: 'DevInfo-MO', MIID: [] }], Alert: [] }));
    expect(moid).toMatchObject({ path: '/MOS/0/MOID' });
    expect(moid.message).toBe('Package#1: /MOS/0/MOID is not a URN (pattern)');

    const mark = error(validateBody('response', { Status: [], Alert: [{ AlertType: 'x', Mark: 'low' }] }));
    expect(mark.message).toContain('/Alert/0/Mark must be one of ["fatal","critical","minor","warning","informational","harmless","indeterminate"]');

    const sc = error(validateBody('response', { Status: [{ sc: 700, URI: [] }] }));
    expect(sc).toMatchObject({ path: '/Status/0/sc' });
    expect(sc.message).toMatch(/^Package#3: \/Status\/0\/sc must be <= 599/);

    expect(error(validateBody('mo', {})).message).toBe('MO serialization: the body must be array (type)');
    expect(error(validateBody('request', { CMD: [] })).message).toMatch(/^Package#2: \/CMD /);
  });

  it('leaves command parameters to checkCommand: a Package#2 of unknown commands is a valid package', () => {
    expect(validateBody('request', { CMD: [['NOPE', 1, {}], ['GET']] }).ok).toBe(true);
    expect(error(validateBody('request', { CMD: [[null]] })).path).toBe('/CMD/0/0');
  });

  it('requires MIID in each MOS entry but allows an empty list', () => {
    expect(validateBody('initiation', { MOS: [{ MOID: CONN, MIID: [] }], Alert: [] }).ok).toBe(true);
  });

  it('accepts any JSON value as alert Data and as MOData', () => {
    for (const data of [null, 0, 'x', [1, [2]], { a: { b: null } }, true]) {
      expect(validateBody('initiation', { MOS: [], Alert: [{ AlertType: 'urn:x', Data: data }] }).ok).toBe(true);
      expect(validateBody('mo', [{ ClientURI: `${CONN}/1`, MOData: data }]).ok).toBe(true);
    }
  });
});

describe('checkCommand', () => {
  it('accepts each command with its parameter list, returning it unchanged', () => {
    const good = [
      ['HGET', SRV],
      ['HGET', SRV, `${CONN}/1`],
      ['HPUT', SRV, `${CONN}/1`, `${CONN}/2`, `${CONN}/3`],
      ['HPOST', SRV, `${CONN}/1`],
      ['DELETE', `${CONN}/1`],
      ['EXEC', `${CONN}/1/Go`],
      ['EXEC', `${CONN}/1/Go`, SRV],
      ['GET', `${CONN}/*?fields=APN`],
      ['SHOW', SRV],
      ['CONT', SRV],
      ['END'],
      ['DEFAULT', CONN, SRV],
      ['SUB', `${CONN}/*`, SRV],
      ['UNSUB', `${CONN}/*`],
    ] as [string, ...unknown[]][];
    expect(new Set(good.map((c) => c[0]))).toEqual(new Set(COMMAND_NAMES));
    for (const c of good) expect(checkCommand(c), c.join(' ')).toEqual({ ok: true, value: c });
  });

  it('quotes the usage and says what is wrong', () => {
    expect(error(checkCommand(['HGET']))).toEqual({ code: 'CMD_PARAMS', message: 'expected "HGET ServerURI [ClientURI]": wrong number of parameters' });
    expect(error(checkCommand(['END', SRV])).message).toBe('expected "END": wrong number of parameters');
    expect(error(checkCommand(['SHOW', 'ftp://x.example/a']))).toEqual({
      code: 'CMD_PARAMS',
      message: 'expected "SHOW ServerURI": parameter 1 is not an absolute http(s) URI',
      path: '/1',
    });
    expect(error(checkCommand(['DEFAULT', 'ConnMO', SRV])).message).toBe('expected "DEFAULT MOID ServerURI": parameter 1 is not a URN');
    expect(error(checkCommand(['HPUT', SRV, `${CONN}/1`, 5]))).toMatchObject({
      path: '/3',
      message: 'expected "HPUT ServerURI ClientURI...": parameter 3 must be string',
    });
  });

  it('reports an unknown name as CMD_UNKNOWN, not as a parameter problem', () => {
    expect(error(checkCommand(['Get', `${CONN}/1`]))).toEqual({ code: 'CMD_UNKNOWN', message: 'unknown command "Get"', path: '/0' });
    expect(isCommandName('GET')).toBe(true);
    expect(isCommandName('get')).toBe(false);
    expect(isCommandName(undefined)).toBe(false);
  });

  it('maps both command errors to a 400 in the command’s Status (P-DETAIL)', () => {
    expect(statusOf('CMD_UNKNOWN')).toBe(400);
    expect(statusOf('CMD_PARAMS')).toBe(400);
  });

  it('splits the twelve into the client’s MUST and SHOULD sets (K-CMD)', () => {
    expect(new Set([...CLIENT_MUST, ...CLIENT_SHOULD])).toEqual(new Set(COMMAND_NAMES));
    expect(CLIENT_MUST.filter((c) => CLIENT_SHOULD.includes(c))).toEqual([]);
    expect([...CLIENT_MUST].sort()).toEqual(['CONT', 'DELETE', 'END', 'EXEC', 'HGET', 'HPOST', 'HPUT']);
  });
});

describe('status codes of errors (P-DETAIL)', () => {
  it.each([
    ['URI_SYNTAX', 400],
    ['URI_QUERY', 400],
    ['URI_XNAME_UNBOUND', 400],
    ['URI_AMBIGUOUS', 400],
    ['URI_NO_INSTANCE', 400],
    ['URI_CV_MULTI', 400],
    ['URI_NOT_FOUND', 404],
    ['URI_FORBIDDEN', 403],
    ['SCHEMA', 400],
    ['BODY_SYNTAX', 400],
    ['VALUE_FORMAT', 400],
    ['SOMETHING_NEW', 400],
  ])('%s -> %i', (code, sc) => {
    expect(statusOf(code)).toBe(sc);
  });

  it('describes known codes by name and others as an HTTP status of a target', () => {
    expect(describeStatus(SC.NOT_ALLOWED)).toBe('405 NOT_ALLOWED');
    expect(describeStatus(304)).toBe('304 NOT_MODIFIED');
    expect(describeStatus(418)).toBe("418 (HTTP status answered by a command's target)");
  });
});
