/**
 * OMA FUMO (firmware update management object, urn:oma:mo:oma-fumo:1.0) as publicly described: its
 * MOID, its operations (the executable nodes Download, Update, DownloadAndUpdate), the values of its
 * `State` leaf, its result codes and its generic alert types; and the state transitions (P-FUMO,
 * docs/protocol.md) against which a device's observed states are checked. Constants only: the tree's
 * definition is harness/tree/fumo-mo.ts, the reference device's behaviour harness/client/fumo-update.ts.
 */

export const FUMO_MOID = 'urn:oma:mo:oma-fumo:1.0';

/** The executable nodes of a FUMO instance (public). */
export const FUMO_OPERATIONS = ['Download', 'Update', 'DownloadAndUpdate'] as const;
export type FumoOperation = (typeof FUMO_OPERATIONS)[number];

/** `<x>/State` (public FUMO values). */
export const FUMO_STATE = {
  IDLE: 10,
  DOWNLOAD_FAILED: 20,
  DOWNLOAD_PROGRESSING: 30,
  DOWNLOAD_COMPLETE: 40,
  READY_TO_UPDATE: 50,
  UPDATE_PROGRESSING: 60,
  UPDATE_FAILED_HAVE_DATA: 70,
  UPDATE_FAILED_NO_DATA: 80,
  UPDATE_SUCCESSFUL_HAVE_DATA: 90,
  UPDATE_SUCCESSFUL_NO_DATA: 100,
} as const;
export type FumoState = (typeof FUMO_STATE)[keyof typeof FUMO_STATE];

export const FUMO_STATE_NAMES: Readonly<Record<number, string>> = {
  10: 'Idle/Start',
  20: 'Download Failed',
  30: 'Download Progressing',
  40: 'Download Complete',
  50: 'Ready to Update',
  60: 'Update Progressing',
  70: 'Update Failed Have Data',
  80: 'Update Failed No Data',
  90: 'Update Successful Have Data',
  100: 'Update Successful No Data',
};

/** FUMO result codes (public): what the asynchronous result of an operation reports. */
export const FUMO_RESULT = {
  SUCCESS: 200,
  CLIENT_ERROR: 400,
  USER_CANCELLED: 401,
  CORRUPTED_PACKAGE: 402,
  DEVICE_MISMATCH: 403,
  FAILED_VALIDATION: 404,
  NOT_ACCEPTABLE: 405,
  DOWNLOAD_AUTH_FAILURE: 406,
  DOWNLOAD_TIMEOUT: 407,
  NOT_IMPLEMENTED: 408,
  UNDEFINED_ERROR: 409,
  UPDATE_FAILED: 410,
  BAD_URL: 411,
  DOWNLOAD_SERVER_UNAVAILABLE: 412,
  DOWNLOAD_SERVER_ERROR: 500,
  DOWNLOAD_OUT_OF_MEMORY: 501,
  UPDATE_OUT_OF_MEMORY: 502,
  NETWORK_ERROR: 503,
} as const;

/** 200 and the vendor-specified successes 250-299 (public). */
export function isFumoSuccess(code: number): boolean {
  return code === 200 || (code >= 250 && code <= 299);
}

/** The public FUMO generic alert type of each operation's result (DM 1.x carried it in a Generic Alert). */
export const FUMO_ALERT: Readonly<Record<FumoOperation, string>> = {
  Download: 'urn:oma:at:fumo:1.0:download',
  Update: 'urn:oma:at:fumo:1.0:update',
  DownloadAndUpdate: 'urn:oma:at:fumo:1.0:downloadandupdate',
};

/**
 * Which State may follow which (P-FUMO): the public FUMO state machine, with our reading where it
 * leaves a choice marked in docs/protocol.md. A device that moves from one state to a state not listed
 * here skipped a state (e.g. 10 straight to 100).
 */
export const FUMO_TRANSITIONS: Readonly<Record<number, readonly number[]>> = {
  10: [30],
  20: [30],
  30: [20, 40, 50],
  40: [30, 60],
  50: [60],
  60: [70, 80, 90, 100],
  70: [30, 60],
  80: [30],
  90: [30, 60],
  100: [30],
};

/** The first step in `states` (consecutive observations, repeats allowed) that is no FUMO transition; undefined when every step is one. */
export function skippedStep(states: readonly number[]): { from: number; to: number } | undefined {
  for (let i = 1; i < states.length; i += 1) {
    const from = states[i - 1]!;
    const to = states[i]!;
    if (from !== to && !(FUMO_TRANSITIONS[from] ?? []).includes(to)) return { from, to };
  }
  return undefined;
}

/** "30 (Download Progressing)". */
export function stateText(state: unknown): string {
  return typeof state === 'number' && FUMO_STATE_NAMES[state] ? `${state} (${FUMO_STATE_NAMES[state]})` : JSON.stringify(state);
}

/** Whether State `to` can follow `from` through FUMO transitions (itself included). */
export function reachable(from: number, to: number): boolean {
  const seen = new Set([from]);
  const todo = [from];
  while (todo.length > 0) {
    const s = todo.pop()!;
    if (s === to) return true;
    for (const n of FUMO_TRANSITIONS[s] ?? []) {
      if (seen.has(n)) continue;
      seen.add(n);
      todo.push(n);
    }
  }
  return false;
}

/** For sparse observations (States read now and then): the first pair no chain of FUMO transitions joins. */
export function impossibleStep(states: readonly number[]): { from: number; to: number } | undefined {
  for (let i = 1; i < states.length; i += 1) if (!reachable(states[i - 1]!, states[i]!)) return { from: states[i - 1]!, to: states[i]! };
  return undefined;
}
