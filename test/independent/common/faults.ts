// Seeded faults (issue 7, item 7): each one a realistic bug aimed at one requirement of docs/protocol.md,
// switched on by INDEP_FAULT=<name> (several: comma-separated) in the IUT's environment, read once at
// start. Unset: no fault. test/independent/independent.test.ts runs each fault's target cases and
// requires one of them to FAIL. An unknown name stops the IUT at start (a typo never runs clean).

export type Role = 'client' | 'server';

export interface Fault {
  role: Role;
  /** What the bug does. */
  breaks: string;
  /** The rule of docs/protocol.md it breaks, with the words it breaks. */
  rule: string;
  /** The cases (docs/cases.md) that check that requirement: at least one must FAIL. */
  cases: string[];
}

export const FAULTS = {
  // ---- client ----
  'client-drop-last-status': {
    role: 'client',
    breaks: 'the Package#3 leaves out the Status of the last command of the Package#2 (the CONT)',
    rule: 'K-FLOW: "One Status per command of the Package#2, same order"',
    // DMCTS-C-FLOW-013 and -CMD-040 catch it too, each after waiting 10 s for the missing Status.
    cases: ['DMCTS-C-FLOW-008'],
  },
  'client-reverse-status': {
    role: 'client',
    breaks: 'the Package#3 lists the Status entries in reverse order of the commands',
    rule: 'K-FLOW: "One Status per command of the Package#2, same order"',
    cases: ['DMCTS-C-FLOW-008', 'DMCTS-C-FLOW-013'],
  },
  'client-ignore-cont': {
    role: 'client',
    breaks: 'every Package#3 is POSTed to the URL of the Package#1 (the SrvURI), not to the latest CONT',
    rule: 'K-CMD CONT / P-SESSION: Package#3 goes to the ServerURI of the last CONT',
    // DMCTS-C-CMD-040 catches it too, after waiting 10 s for the Package#3 at the CONT URL.
    cases: ['DMCTS-C-FLOW-006'],
  },
  'client-p3-after-end': {
    role: 'client',
    breaks: 'a Package#2 holding END is still answered with a Package#3',
    rule: 'K-FLOW: "no Package#3 after a Package#2 holding END"',
    cases: ['DMCTS-C-FLOW-009', 'DMCTS-C-FLOW-010'],
  },
  'client-end-skips-commands': {
    role: 'client',
    breaks: 'a Package#2 holding END ends the session at once: its other commands are never run',
    rule: 'K-FLOW / K-CMD: the commands of a Package#2 holding END are run (only the Package#3 is left out)',
    cases: ['DMCTS-C-FLOW-010'],
  },
  'client-noti-skip-digest': {
    role: 'client',
    breaks: 'a Package#0 is accepted whatever its SHA256-DIGEST',
    rule: 'K-NOTI: "client ignores wrong digests"',
    cases: ['DMCTS-C-NOTI-002', 'DMCTS-C-NOTI-003', 'DMCTS-C-SEC-013'],
  },
  'client-noti-no-replay-check': {
    role: 'client',
    breaks: 'a Package#0 is accepted whatever its TIMESTAMP and however often its NOTIFICATION-ID was seen',
    rule: 'P-NOTI: "TIMESTAMP outside ±300 s or a NOTIFICATION-ID seen in the last 24 h from that server: ignored"',
    cases: ['DMCTS-C-NOTI-005', 'DMCTS-C-NOTI-006'],
  },
  'client-acl-shared': {
    role: 'client',
    breaks: 'an instance a server created is open (RWE) to every server, not only to its creator',
    rule: 'K-ACL: "the creator of an instance holds exclusive full rights"',
    cases: ['DMCTS-C-ACL-001', 'DMCTS-C-ACL-002', 'DMCTS-C-ACL-003', 'DMCTS-C-MA-002', 'DMCTS-C-MA-003'],
  },
  'client-exec-sync': {
    role: 'client',
    breaks: 'an EXEC with a ServerURI is run synchronously: its Status is the result (200), no ExecResult alert is sent',
    rule: 'K-CMD EXEC / P-DETAIL: "the ExecResult alert for an asynchronous EXEC"',
    cases: ['DMCTS-C-CMD-032', 'DMCTS-C-CMD-033'],
  },
  'client-cv-no-304': {
    role: 'client',
    breaks: 'cv= is parsed but never compared: a GET always answers 200 with the data',
    rule: 'K-ADDR cv= / P-SEL / P-DETAIL: "A 304 Status carries the concrete ClientURI in URI and no Data"',
    cases: ['DMCTS-C-GET-002', 'DMCTS-C-SEL-006'],
  },
  'client-415-no-retry': {
    role: 'client',
    breaks: 'an HPUT/HPOST target\'s 415 is reported as 415: no retry in an OMADM-Accept type, no 406',
    rule: 'K-NEG: "a client that supports none puts 406 in that command\'s Status"; (ours) "retries a 415 once"',
    cases: ['DMCTS-C-CMD-012', 'DMCTS-C-CMD-013'],
  },
  'client-delete-permanent': {
    role: 'client',
    breaks: 'DELETE removes a permanent node when the server holds W',
    rule: 'K-TREE: "Permanent nodes: delete/rename is 405"',
    cases: ['DMCTS-C-CMD-022', 'DMCTS-C-CMD-021'],
  },
  'client-tls-any-cert': {
    role: 'client',
    breaks: 'the server\'s TLS certificate is not verified (any chain, host name, validity)',
    rule: 'K-SEC / P-SEC: the device verifies the server chain against the DMAcc trust anchor',
    cases: ['DMCTS-C-SEC-001', 'DMCTS-C-SEC-002', 'DMCTS-C-SEC-003'],
  },
  // ---- server ----
  'server-no-cont': {
    role: 'server',
    breaks: 'a Package#2 with commands carries no CONT (and no END)',
    rule: 'P-SESSION: "The server ends every Package#2 that is not END with a CONT"',
    cases: ['DMCTS-S-SESSION-001'],
  },
  'server-reuse-token': {
    role: 'server',
    breaks: 'the session token is derived from the DevID: every session of a device gets the same CONT URL',
    rule: 'P-SESSION: "the token 24 random bytes"; a Package#3 to an ended session is 404',
    cases: ['DMCTS-S-SESSION-002', 'DMCTS-S-SESSION-005'],
  },
  'server-p2-wrong-type': {
    role: 'server',
    breaks: 'a Package#2 answering a Package#3 is labelled application/json, not application/vnd.oma.dm.request+json',
    rule: 'K-FLOW: Package#2 media type application/vnd.oma.dm.request+json',
    cases: ['DMCTS-S-FLOW-003'],
  },
  'server-basic-name-only': {
    role: 'server',
    breaks: 'Basic credentials are accepted when the name matches, whatever the password',
    rule: 'K-SEC: the server refuses wrong credentials (401), processing nothing',
    cases: ['DMCTS-S-SEC-002'],
  },
  'server-drop-queued': {
    role: 'server',
    breaks: 'queued commands are sent only in a server-initiated session: a client-initiated one gets END',
    rule: 'K-FLOW / K-CMD: the queued commands go in the Package#2 answering the Package#1',
    cases: ['DMCTS-S-FLOW-001', 'DMCTS-S-FLOW-004'],
  },
  'server-status-off-by-one': {
    role: 'server',
    breaks: 'the CONT is booked first among the pending commands: the n-th Status is recorded for the (n-1)-th command, the CONT\'s for the last one',
    rule: 'K-FLOW: "One Status per command of the Package#2, same order"',
    cases: ['DMCTS-S-FLOW-005', 'DMCTS-S-FLOW-008'],
  },
  'server-p3-any-devid': {
    role: 'server',
    breaks: 'a Package#3 is taken at its session URL whatever its OMADM-DevID (even none)',
    rule: 'P-SESSION (ours): "The OMADM-DevID of a Package#3 must be the session\'s device (else 400)"',
    cases: ['DMCTS-S-SESSION-006', 'DMCTS-S-SESSION-008'],
  },
  'server-noti-digest-no-devid': {
    role: 'server',
    breaks: 'the Package#0 digest is computed over the secret and the notification only, not the DevID',
    rule: 'K-NOTI SHA-256 digest / P-NOTI: "Digest = SHA-256(secret ‖ notification ‖ DevID)"',
    cases: ['DMCTS-S-NOTI-001'],
  },
  'server-any-content-type': {
    role: 'server',
    breaks: 'a Package#1 is read as JSON whatever its Content-Type',
    rule: 'K-NEG: "the server answers ... 415 (cannot read the body)"',
    cases: ['DMCTS-S-NEG-001'],
  },
} as const satisfies Record<string, Fault>;

export type FaultName = keyof typeof FAULTS;

const isFaultName = (n: string): n is FaultName => Object.hasOwn(FAULTS, n);

/** The faults INDEP_FAULT names, read once when this module loads. */
const ACTIVE: ReadonlySet<string> = new Set(
  (process.env.INDEP_FAULT ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== ''),
);

/** Whether a seeded fault is on. */
export function fault(name: FaultName): boolean {
  return ACTIVE.has(name);
}

/** Called once at start by each role: stops on a name that is unknown or of the other role. */
export function checkFaults(role: Role, log: (line: string) => void): void {
  for (const n of ACTIVE) {
    if (!isFaultName(n) || FAULTS[n].role !== role) {
      console.error(`INDEP_FAULT: no ${role} fault named "${n}" (known: ${Object.keys(FAULTS).filter((k) => FAULTS[k as FaultName].role === role).join(', ')})`);
      process.exit(2);
    }
    log(`SEEDED FAULT ${n}: ${FAULTS[n].breaks}`);
  }
}
