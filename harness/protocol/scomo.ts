/**
 * OMA SCOMO (software component management) as DM 2.0 carries it (P-SCOMO): the MOID, the result
 * codes and the state values of the SCOMO MO, its alert type, and the node names of its operations.
 * The codes and values are public SCOMO 1.0 facts; how a result travels over DM 2.0 (the ExecResult
 * alert of an asynchronous EXEC, its `Data.sc` the SCOMO result code) is this profile's choice —
 * docs/protocol.md "P-SCOMO".
 */

export const SCOMO_MOID = 'urn:oma:mo:oma-scomo:1.0';

/** SCOMO result codes (public, SCOMO 1.0): 1200 success, 1250-1299 vendor success, 14xx failures. */
export const SCOMO_RESULT = {
  SUCCESS: 1200,
  CLIENT_ERROR: 1400,
  USER_CANCELLED: 1401,
  DOWNLOAD_FAILED: 1402,
  ALT_DOWNLOAD_AUTH_FAILED: 1403,
  DOWNLOAD_OUT_OF_MEMORY: 1404,
  INSTALL_FAILED: 1405,
  INSTALL_OUT_OF_MEMORY: 1406,
  PACKAGE_VALIDATION_FAILED: 1407,
  REMOVE_FAILED: 1408,
  ACTIVATE_FAILED: 1409,
  DEACTIVATE_FAILED: 1410,
  NOT_IMPLEMENTED: 1411,
  UNDEFINED_ERROR: 1412,
  OPERATION_REJECTED: 1413,
  ALT_DOWNLOAD_SERVER_ERROR: 1414,
  ALT_DOWNLOAD_SERVER_UNAVAILABLE: 1415,
} as const;

export type ScomoResult = number;

/** 1200 and the vendor-specific successes 1250-1299. */
export function isScomoSuccess(code: number): boolean {
  return code === SCOMO_RESULT.SUCCESS || (code >= 1250 && code <= 1299);
}

/** A failure code of the 1400-1499 range (1400-1415 named, the rest vendor or future). */
export function isScomoFailure(code: number): boolean {
  return Number.isInteger(code) && code >= 1400 && code <= 1499;
}

/** The alert type a SCOMO 1.0 client reports a finished operation with (DM 1.x Generic Alert; public). */
export const SCOMO_ALERT = {
  OPERATION_COMPLETE: 'urn:oma:at:scomo:1.0:OperationComplete',
} as const;

/** `Inventory/Deployed/<x>/State` (public): 10 inactive, 20 active. */
export const DEPLOYED_STATE = { INACTIVE: 10, ACTIVE: 20 } as const;

/** `Inventory/Delivered/<x>/State` (public): 10 delivered, 20 installed. */
export const DELIVERED_STATE = { DELIVERED: 10, INSTALLED: 20 } as const;

/** `Download/<x>/Status` (public values). */
export const DOWNLOAD_STATUS = {
  IDLE: 10,
  DOWNLOAD_FAILED: 20,
  DOWNLOAD_PROGRESSING: 30,
  DOWNLOAD_COMPLETE: 40,
  INSTALL_PROGRESSING: 50,
  INSTALL_FAILED_WITH_DATA: 60,
  INSTALL_FAILED_WITHOUT_DATA: 70,
} as const;

/** `Inventory/Delivered/<x>/Status` (public values). */
export const DELIVERED_STATUS = {
  IDLE: 10,
  REMOVE_FAILED: 20,
  REMOVE_PROGRESSING: 30,
  INSTALL_PROGRESSING: 40,
  INSTALL_FAILED_WITH_DATA: 50,
  INSTALL_FAILED_WITHOUT_DATA: 60,
} as const;

/** `Inventory/Deployed/<x>/Status` (public values). */
export const DEPLOYED_STATUS = {
  IDLE: 10,
  REMOVE_FAILED: 20,
  REMOVE_PROGRESSING: 30,
  ACTIVATE_FAILED: 40,
  ACTIVATE_PROGRESSING: 50,
  DEACTIVATE_FAILED: 60,
  DEACTIVATE_PROGRESSING: 70,
} as const;

/** The executable nodes under each `Operations` interior node. */
export const SCOMO_OPERATIONS = {
  download: ['Download', 'DownloadInstall', 'DownloadInstallInactive'],
  delivered: ['Install', 'InstallInactive', 'Remove'],
  deployed: ['Activate', 'Deactivate', 'Remove'],
} as const;

/** The path below a SCOMO instance of a Download entry's operation. */
export const downloadOpPath = (pkg: string, op: (typeof SCOMO_OPERATIONS.download)[number]) => ['Download', pkg, 'Operations', op];
/** The path below a SCOMO instance of a Delivered entry's operation. */
export const deliveredOpPath = (pkg: string, op: (typeof SCOMO_OPERATIONS.delivered)[number]) => ['Inventory', 'Delivered', pkg, 'Operations', op];
/** The path below a SCOMO instance of a Deployed component's operation. */
export const deployedOpPath = (component: string, op: (typeof SCOMO_OPERATIONS.deployed)[number]) => ['Inventory', 'Deployed', component, 'Operations', op];

/**
 * (ours) The Status code of a SCOMO operation run by an EXEC without a ServerURI (synchronous): a
 * Status `sc` is 100-599 (P-DETAIL), so a success is 200, 1411 is 501, a failed download (1402-1404,
 * 1414, 1415) 502, any other failure 500. The SCOMO code itself travels only in an ExecResult alert.
 */
export function scomoStatusCode(code: number): number {
  if (isScomoSuccess(code)) return 200;
  if (code === SCOMO_RESULT.NOT_IMPLEMENTED) return 501;
  const download: number[] = [
    SCOMO_RESULT.DOWNLOAD_FAILED,
    SCOMO_RESULT.ALT_DOWNLOAD_AUTH_FAILED,
    SCOMO_RESULT.DOWNLOAD_OUT_OF_MEMORY,
    SCOMO_RESULT.ALT_DOWNLOAD_SERVER_ERROR,
    SCOMO_RESULT.ALT_DOWNLOAD_SERVER_UNAVAILABLE,
  ];
  return download.includes(code) ? 502 : 500;
}

/** Whether a path below a SCOMO instance names an operation node (`Download/<x>/Operations/Download` ...). */
export function isScomoOperation(path: readonly string[]): boolean {
  const [top, a, b, c, d] = path;
  if (top === 'Download') return path.length === 4 && b === 'Operations' && (SCOMO_OPERATIONS.download as readonly string[]).includes(c!);
  if (top !== 'Inventory' || path.length !== 5 || c !== 'Operations') return false;
  if (a === 'Delivered') return (SCOMO_OPERATIONS.delivered as readonly string[]).includes(d!);
  return a === 'Deployed' && (SCOMO_OPERATIONS.deployed as readonly string[]).includes(d!);
}
