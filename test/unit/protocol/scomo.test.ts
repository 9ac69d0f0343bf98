/**
 * The SCOMO codes of P-SCOMO (harness/protocol/scomo.ts): which codes are successes and failures, and
 * the Status code a synchronous EXEC of a SCOMO operation answers for each (a Status sc is 100-599).
 */
import { describe, expect, it } from 'vitest';
import { isScomoFailure, isScomoSuccess, SCOMO_RESULT, scomoStatusCode } from '../../../harness/protocol/scomo.ts';

describe('SCOMO result codes', () => {
  it('1200 and 1250-1299 are successes; 1201-1249 and 14xx are not', () => {
    expect([1200, 1250, 1275, 1299].every(isScomoSuccess)).toBe(true);
    expect([1201, 1249, 1300, 1400, 1402, 200].some(isScomoSuccess)).toBe(false);
  });

  it('every named failure code is a failure; successes and out-of-range codes are not', () => {
    const failures = Object.values(SCOMO_RESULT).filter((c) => c !== SCOMO_RESULT.SUCCESS);
    expect(failures).toHaveLength(16);
    expect(failures.every(isScomoFailure)).toBe(true);
    expect([1200, 1250, 1399, 1500, 402, 1402.5].some(isScomoFailure)).toBe(false);
  });

  it('a synchronous EXEC answers 200 for a success, 502 for a failed download, 501 for 1411, 500 otherwise', () => {
    expect(scomoStatusCode(1200)).toBe(200);
    expect(scomoStatusCode(1260)).toBe(200);
    for (const c of [1402, 1403, 1404, 1414, 1415]) expect(scomoStatusCode(c)).toBe(502);
    expect(scomoStatusCode(SCOMO_RESULT.NOT_IMPLEMENTED)).toBe(501);
    for (const c of [1400, 1401, 1405, 1406, 1407, 1408, 1409, 1410, 1412, 1413]) expect(scomoStatusCode(c)).toBe(500);
    for (const c of Object.values(SCOMO_RESULT)) {
      const sc = scomoStatusCode(c);
      expect(sc >= 100 && sc <= 599).toBe(true);
    }
  });
});
