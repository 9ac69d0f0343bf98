/**
 * The mutants: faulty variants of the reference client and server, one fault each, each aimed at a
 * named rule. The mutant check runs each one through its cases and requires a FAIL on a case citing
 * that rule; the self-test requires the same cases to PASS against the correct peers.
 */
import type { StatusEntry } from '../../harness/protocol/packages.ts';
import type { Mutant } from './mutant.ts';

type Pkg2 = { CMD?: unknown[][] };
export type Pkg3 = { Status?: StatusEntry[] };

function editCommands(dm: unknown, fn: (cmd: unknown[]) => unknown[] | undefined): void {
  const p = dm as Pkg2;
  if (!Array.isArray(p?.CMD)) return;
  p.CMD = p.CMD.map((c) => fn(c)).filter((c): c is unknown[] => c !== undefined);
}

const isPackage2 = (headers: Record<string, string>) => /vnd\.oma\.dm\.request\+/.test(headers['content-type'] ?? '');
export const isPackage3 = (headers: Record<string, string>) => /vnd\.oma\.dm\.response\+/.test(headers['content-type'] ?? '');

export const MUTANTS: Mutant[] = [
  // ---- client mutants --------------------------------------------------------------------
  {
    name: 'client-ignores-cv',
    role: 'client',
    rule: 'P-SEL',
    cases: ['DMCTS-C-GET-002', 'DMCTS-C-SEL-002', 'DMCTS-C-SEL-006'],
    fault: 'answers a GET with cv= as if there were no validator (never 304)',
    proxy: {
      response: (r) => {
        if (isPackage2(r.headers))
          editCommands(r.dm, (c) => (c[0] === 'GET' && typeof c[1] === 'string' ? ['GET', c[1].replace(/([?&])cv=[^&]*&?/, '$1').replace(/[?&]$/, '')] : c));
      },
    },
  },
  {
    name: 'client-reverses-status',
    role: 'client',
    rule: 'K-FLOW',
    cases: ['DMCTS-C-FLOW-005', 'DMCTS-C-FLOW-008'],
    fault: 'sends the Status entries of a Package#3 in reverse order',
    proxy: {
      request: (m) => {
        if (isPackage3(m.headers)) (m.dm as Pkg3).Status?.reverse();
      },
    },
  },
  {
    name: 'client-unknown-command-ok',
    role: 'client',
    rule: 'K-CMD',
    cases: ['DMCTS-C-FLOW-008', 'DMCTS-C-CMD-007', 'DMCTS-C-CMD-009'],
    fault: 'reports 200 for a command it does not know instead of 400',
    proxy: {
      request: (m) => {
        if (isPackage3(m.headers)) for (const s of (m.dm as Pkg3).Status ?? []) if (s.sc === 400) s.sc = 200;
      },
    },
  },
  {
    name: 'client-exec-always-sync',
    role: 'client',
    rule: 'P-DETAIL',
    cases: ['DMCTS-C-CMD-032', 'DMCTS-C-CMD-033'],
    fault: 'runs an EXEC with a ServerURI synchronously (200, no ExecResult alert)',
    proxy: {
      response: (r) => {
        if (isPackage2(r.headers)) editCommands(r.dm, (c) => (c[0] === 'EXEC' && c.length === 3 ? c.slice(0, 2) : c));
      },
    },
  },
  {
    name: 'client-star-is-first',
    role: 'client',
    rule: 'K-ADDR',
    cases: ['DMCTS-C-GET-004', 'DMCTS-C-GET-006', 'DMCTS-C-ADDR'],
    fault: 'mis-resolves the * instance as the first instance only',
    proxy: {
      response: (r) => {
        if (isPackage2(r.headers))
          editCommands(r.dm, (c) => (c[0] === 'GET' && typeof c[1] === 'string' ? ['GET', c[1].replace(/^(urn:[^/]+)\/\*(?=\/|\?|$)/, '$1/1')] : c));
      },
    },
  },
  {
    name: 'client-wrong-devid',
    role: 'client',
    rule: 'K-FLOW',
    cases: ['DMCTS-C-FLOW-001'],
    fault: 'sends an OMADM-DevID that is not its DevInfo DevID',
    proxy: {
      request: (m) => {
        if (m.headers['omadm-devid']) m.headers['omadm-devid'] = `${m.headers['omadm-devid']}-x`;
      },
    },
  },
  {
    name: 'client-retries-after-5xx',
    role: 'client',
    rule: 'K-FLOW',
    cases: ['DMCTS-C-FLOW-011', 'DMCTS-C-FLOW-012'],
    fault: 'retries a package the server answered with HTTP 5xx',
    proxy: { retryOn5xx: true },
  },
  {
    name: 'client-package3-after-end',
    role: 'client',
    rule: 'K-FLOW',
    cases: ['DMCTS-C-FLOW-009', 'DMCTS-C-FLOW-010'],
    fault: 'sends a Package#3 after a Package#2 that held END',
    proxy: {
      after: async (m, r, send) => {
        const p = r.dm as Pkg2;
        if (!isPackage2(r.headers) || !p.CMD?.some((c) => c[0] === 'END')) return;
        await send({
          method: 'POST',
          path: m.path,
          headers: { 'content-type': 'application/vnd.oma.dm.response+json', 'omadm-devid': m.headers['omadm-devid'] ?? '' },
          body: Buffer.from('{"Status":[]}'),
        });
      },
    },
  },
  {
    name: 'client-no-cbor',
    role: 'client',
    rule: 'P-CBOR',
    cases: ['DMCTS-C-NEG-001', 'DMCTS-C-NEG-002', 'DMCTS-C-FEAT'],
    fault: 'claims CBOR (features MO, ICS) but speaks only JSON',
    device: (o) => ({ ...o, encodings: ['json'] }),
  },
  {
    name: 'client-drops-sub',
    role: 'client',
    rule: 'K-CMD',
    cases: ['DMCTS-C-CMD-080', 'DMCTS-C-CMD-081'],
    fault: 'accepts SUB but never delivers changes',
    proxy: {
      response: (r) => {
        if (isPackage2(r.headers)) editCommands(r.dm, (c) => (c[0] === 'SUB' ? ['SUB', c[1], 'http://127.0.0.1:9/nowhere'] : c));
      },
    },
  },
  // ---- server mutants --------------------------------------------------------------------
  {
    name: 'server-accepts-wrong-media-type',
    role: 'server',
    rule: 'K-NEG',
    cases: ['DMCTS-S-NEG-001'],
    fault: 'reads a Package#1 whatever its Content-Type says (never 415)',
    proxy: {
      request: (m) => {
        if (m.method === 'POST' && m.path === '/dm') m.headers['content-type'] = 'application/vnd.oma.dm.initiation+json';
      },
    },
  },
  {
    name: 'server-415-without-accept-post',
    role: 'server',
    rule: 'K-NEG',
    cases: ['DMCTS-S-NEG-014'],
    fault: 'answers 415 to a Package#1 it cannot read without an Accept-Post naming the types it reads',
    proxy: {
      response: (r) => {
        if (r.status === 415) delete r.headers['accept-post'];
      },
    },
  },
  {
    name: 'server-ignores-accept',
    role: 'server',
    rule: 'K-NEG',
    cases: ['DMCTS-S-NEG-002', 'DMCTS-S-NEG-003'],
    fault: 'answers JSON whatever Accept says (never 406)',
    proxy: {
      request: (m) => {
        if (m.method === 'POST') m.headers.accept = 'application/vnd.oma.dm.request+json';
      },
    },
  },
  {
    name: 'server-no-cont',
    role: 'server',
    rule: 'P-SESSION',
    cases: ['DMCTS-S-SESSION-001', 'DMCTS-S-SESSION-002'],
    fault: 'ends a Package#2 without the CONT to the session URI',
    proxy: {
      response: (r) => {
        if (isPackage2(r.headers)) editCommands(r.dm, (c) => (c[0] === 'CONT' ? undefined : c));
      },
    },
  },
  {
    name: 'server-guessable-session',
    role: 'server',
    rule: 'P-SESSION',
    cases: ['DMCTS-S-SESSION-002'],
    fault: 'puts a short, guessable session token in the CONT URI',
    proxy: (() => {
      const tokens = new Map<string, string>();
      let next = 1;
      return {
        response: (r) => {
          if (!isPackage2(r.headers)) return;
          editCommands(r.dm, (c) => {
            if (c[0] !== 'CONT' || typeof c[1] !== 'string') return c;
            const m = /^(.*\/dm\/s\/)([A-Za-z0-9_-]+)$/.exec(c[1]);
            if (!m) return c;
            const short = String(next++);
            tokens.set(short, m[2]!);
            return ['CONT', `${m[1]}${short}`];
          });
        },
        request: (m) => {
          const t = /^\/dm\/s\/(\d+)$/.exec(m.path);
          if (t && tokens.has(t[1]!)) m.path = `/dm/s/${tokens.get(t[1]!)!}`;
        },
      };
    })(),
  },
  {
    name: 'server-wrong-package2-type',
    role: 'server',
    rule: 'K-FLOW',
    cases: ['DMCTS-S-FLOW-001', 'DMCTS-S-FLOW-002'],
    fault: 'sends Package#2 as application/json',
    proxy: {
      response: (r) => {
        if (isPackage2(r.headers)) r.headers['content-type'] = 'application/json';
      },
    },
  },
  {
    name: 'server-reorders-commands',
    role: 'server',
    rule: 'K-FLOW',
    cases: ['DMCTS-S-FLOW-006', 'DMCTS-S-FLOW-008'],
    fault: 'sends queued commands in reverse order',
    proxy: {
      response: (r) => {
        const p = r.dm as Pkg2;
        if (!isPackage2(r.headers) || !Array.isArray(p.CMD)) return;
        const cont = p.CMD.filter((c) => c[0] === 'CONT' || c[0] === 'END');
        p.CMD = [...p.CMD.filter((c) => c[0] !== 'CONT' && c[0] !== 'END').reverse(), ...cont];
      },
    },
  },
  {
    name: 'server-records-wrong-status',
    role: 'server',
    rule: 'K-FLOW',
    cases: ['DMCTS-S-CMD-008', 'DMCTS-S-FLOW-006'],
    fault: 'records every Status as 200 whatever the device answered',
    proxy: {
      request: (m) => {
        if (isPackage3(m.headers)) for (const s of (m.dm as Pkg3).Status ?? []) s.sc = 200;
      },
    },
  },
  {
    name: 'server-5xx-on-bad-json',
    role: 'server',
    rule: 'K-NEG',
    cases: ['DMCTS-S-ERR-001', 'DMCTS-S-ERR-008'],
    fault: 'answers a malformed package with 500 instead of 400',
    proxy: {
      response: (r, m) => {
        if (m.method === 'POST' && r.status === 400) r.status = 500;
      },
    },
  },
];

/** Not a fault the suite must catch, but a hang the runner must survive (test/mutants/hung-case.test.ts). */
export const HANG_MUTANT: Mutant = {
  name: 'client-hangs-on-cv',
  role: 'client',
  rule: 'K-FLOW',
  cases: ['DMCTS-C-GET'],
  fault: 'never answers once a GET with cv= is on its way (the session hangs)',
  proxy: {
    hang: (reply) => /"GET","[^"]*\?cv=/.test(reply.body.toString('utf8')),
  },
};
