/**
 * The hostile IUTs (issue 7, item 6): each a standalone program under test/hostile/iut/ that speaks
 * enough of the upper tester to be driven and then misbehaves in one way, the few cases that reach
 * the misbehaviour, and what a FAIL/INCONC reason of the run must say (it names the behaviour).
 */
export interface HostileScenario {
  /** The program test/hostile/iut/<name>.ts. */
  name: string;
  role: 'client' | 'server';
  /** What it does wrong. */
  misbehaviour: string;
  /** Cases selected (dmcts run --case), few, so the run stays short. */
  cases: string[];
  /** A reason in the results (a case's, the run's note) or the run's stderr matching this names the behaviour. */
  reason: RegExp;
}

const CLIENT_CASES = ['DMCTS-C-GET-001', 'DMCTS-C-GET-003'];
const SERVER_CASES = ['DMCTS-S-FLOW-001', 'DMCTS-S-FLOW-002'];

export const HOSTILE_SCENARIOS: HostileScenario[] = [
  {
    name: 'client-slowloris-headers',
    role: 'client',
    misbehaviour: 'sends its request headers a byte every 200 ms',
    cases: CLIENT_CASES,
    reason: /request headers were not complete within 1000 ms/,
  },
  {
    name: 'client-trickle-body',
    role: 'client',
    misbehaviour: 'trickles its Package#1 body, a byte every 300 ms',
    cases: CLIENT_CASES,
    reason: /request was not complete within 2500 ms \(\d+ bytes of its body received\)/,
  },
  {
    name: 'client-endless-body',
    role: 'client',
    misbehaviour: 'sends an endless chunked Package#1',
    cases: CLIENT_CASES,
    reason: /request body exceeded 1 MiB \([\d.]+ MiB received\)/,
  },
  { name: 'client-garbage', role: 'client', misbehaviour: 'sends random bytes instead of HTTP', cases: CLIENT_CASES, reason: /the request is not HTTP/ },
  {
    name: 'client-reset-mid-body',
    role: 'client',
    misbehaviour: 'resets the connection in the middle of its Package#1',
    cases: CLIENT_CASES,
    reason: /request broke off mid-body/,
  },
  {
    name: 'client-connection-flood',
    role: 'client',
    misbehaviour: 'opens 700 connections at once and holds them',
    cases: CLIENT_CASES,
    reason: /request headers were not complete within 1000 ms/,
  },
  {
    name: 'client-ignores-cont',
    role: 'client',
    misbehaviour: 'answers each Package#2 with a new Package#1, never at the CONT URI',
    cases: ['DMCTS-C-GET-001', 'DMCTS-C-FLOW-010'],
    reason: /did not answer the Package#2 at its CONT URI/,
  },
  {
    name: 'client-ut-silent',
    role: 'client',
    misbehaviour: 'its adapter never answers a call',
    cases: CLIENT_CASES,
    reason: /did not answer client\.bootstrap within 2500 ms/,
  },
  {
    name: 'client-ut-no-hello',
    role: 'client',
    misbehaviour: 'its adapter connects and never says hello',
    cases: CLIENT_CASES,
    reason: /did not say ut\.hello within 5000 ms/,
  },
  {
    name: 'client-ut-oversize',
    role: 'client',
    misbehaviour: 'its adapter answers with a 5 MiB message',
    cases: CLIENT_CASES,
    reason: /message over the harness's limit of 1 MiB/,
  },
  {
    name: 'client-ut-wrong-types',
    role: 'client',
    misbehaviour: 'its adapter answers with the wrong JSON types',
    cases: CLIENT_CASES,
    reason: /the adapter's result/,
  },
  {
    name: 'client-log-flood',
    role: 'client',
    misbehaviour: 'floods its stdout without newlines and fails every call',
    cases: CLIENT_CASES,
    reason: /busy printing/,
  },
  {
    name: 'server-hang',
    role: 'server',
    misbehaviour: 'never answers a Package#1',
    cases: SERVER_CASES,
    reason: /sent no answer \(no response headers\) within 1000 ms/,
  },
  {
    name: 'server-trickle',
    role: 'server',
    misbehaviour: 'trickles its Package#2, a byte every 300 ms',
    cases: SERVER_CASES,
    reason: /Package#2 was not complete within 2500 ms/,
  },
  {
    name: 'server-endless-package2',
    role: 'server',
    misbehaviour: 'sends an endless chunked Package#2',
    cases: SERVER_CASES,
    reason: /Package#2 exceeded 1 MiB \([\d.]+ MiB received\)/,
  },
  {
    name: 'server-gzip-bomb',
    role: 'server',
    misbehaviour: 'sends 64 KiB of gzip inflating to 64 MiB',
    cases: SERVER_CASES,
    reason: /Package#2 decodes to more than 1 MiB/,
  },
  { name: 'server-garbage', role: 'server', misbehaviour: 'answers with random bytes typed as a Package#2', cases: SERVER_CASES, reason: /invalid Package#2/ },
  {
    name: 'server-reset-mid-body',
    role: 'server',
    misbehaviour: 'resets the connection in the middle of its Package#2',
    cases: SERVER_CASES,
    reason: /Package#2 broke off: the connection closed after 500 bytes/,
  },
  {
    name: 'server-redirect-loop',
    role: 'server',
    misbehaviour: 'redirects every request to itself',
    cases: SERVER_CASES,
    reason: /HTTP 302 \(a redirect to http:\/\/127\.0\.0\.1:\d+\/dm\)/,
  },
  {
    name: 'server-endless-headers',
    role: 'server',
    misbehaviour: 'sends response header lines without end',
    cases: SERVER_CASES,
    reason: /response headers from .* exceeded the HTTP client's limit/,
  },
  {
    name: 'server-ut-oversize-hello',
    role: 'server',
    misbehaviour: 'its adapter says hello in a 2 MiB message',
    cases: SERVER_CASES,
    reason: /message over the harness's limit of 1 MiB/,
  },
];

/** The IXIT timeouts of every hostile run: short, so each misbehaviour costs seconds (docs/ics.md). */
export const HOSTILE_TIMEOUTS = { caseMs: 10_000, readyMs: 5_000, utCallMs: 2_500, sessionMs: 4_000, headersMs: 1_000, bodyIdleMs: 1_000, exchangeMs: 2_500 };
