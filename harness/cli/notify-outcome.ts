/**
 * What a Package#0 the server sent came to, as the operator commands (notify, queue --notify) judge
 * and word it: accepted when the device answered the POST with 202, or when it went over the
 * WebSocket the device holds open (P-WS, which has no answer to wait for).
 */

/** The operator API's answer to POST devices/<id>/notify. */
export interface NotifyOutcomeJson {
  notificationId: number;
  via?: 'ws' | 'http';
  httpStatus?: number;
}

export function notificationAccepted(o: NotifyOutcomeJson): boolean {
  return o.via === 'ws' || o.httpStatus === 202;
}

/** One line: how the Package#0 went and what it means for the session. */
export function notificationText(devId: string, o: NotifyOutcomeJson): string {
  if (o.via === 'ws') return `Package#0 ${o.notificationId} sent to ${devId} over its WebSocket: a session follows`;
  if (o.httpStatus === 202) return `Package#0 ${o.notificationId} delivered to ${devId}: it answered HTTP 202 (accepted: a session follows)`;
  return `Package#0 ${o.notificationId} reached ${devId} but it answered HTTP ${o.httpStatus ?? '(none)'}, not 202: it did not accept it, no session follows (a wrong notification secret?)`;
}
