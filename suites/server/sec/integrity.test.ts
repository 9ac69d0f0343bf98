/**
 * Integrity of Package#3 (K-FLOW, P-SEC, P-SESSION; DM-DI-001, DM-SECACATE-001): one that does not
 * parse, or that comes with another device's credentials or DevID, is refused and records nothing.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { basicAuthorization } from '../../../harness/conformance/fixtures/server/device-auth.ts';
import { credentialsOf, needMode, PROBE, setCredentials } from '../../../harness/conformance/fixtures/server/enrolment.ts';
import { queueFor, resultOf } from '../../../harness/conformance/fixtures/server/operator.ts';
import { RawDm, samplePackage1 } from '../../../harness/conformance/fixtures/server/raw-dm.ts';
import { show } from '../../../harness/conformance/fixtures/verify.ts';
import { DIAGNOSTICS_MOID as DIAG } from '../../../harness/protocol/moids.ts';
import type { Package2 } from '../../../harness/protocol/packages.ts';

/**
 * Authorization headers that let a raw device in (Basic when the server offers it, set for this
 * device); none when the server takes anonymous devices; INCONC when it needs a mode the raw client
 * cannot use.
 */
async function rawCredentials(t: CaseContext, devId: string, what: string): Promise<Record<string, string>> {
  const auth = t.session.server?.clientAuth;
  if (auth?.modes.includes('basic')) {
    const c = credentialsOf(t, what);
    await setCredentials(t, devId, { basic: c });
    return { authorization: basicAuthorization(c.name, c.password) };
  }
  if (auth?.required)
    t.inconclusive(`the server requires credentials of every device and offers no Basic (modes ${auth.modes.join(', ')}): the raw client cannot authenticate`);
  return {};
}

/** Opens a session as a raw device with a queued GET; returns the session URL and the Package#2. */
async function rawSession(
  t: CaseContext,
  raw: RawDm,
  devId: string,
  headers: Record<string, string>,
): Promise<{ cont: string; p2: Package2; commandId: string }> {
  const commandId = await queueFor(t, devId, PROBE);
  t.step(`Package#1 of ${devId}`);
  const reply = await raw.package1(devId, samplePackage1(), { headers });
  const p2 = RawDm.package2(reply);
  if (!p2) t.inconclusive(`precondition: the Package#1 of ${devId} was answered ${reply.status}, not a Package#2`);
  const cont = RawDm.contOf(p2);
  if (!cont) t.inconclusive(`precondition: the Package#2 ${show(p2)} does not end with CONT`);
  if (!p2.CMD.some((c) => c[0] === 'GET')) t.inconclusive(`precondition: the Package#2 ${show(p2)} does not carry the queued GET`);
  return { cont, p2, commandId };
}

/** A well-formed Package#3 answering every command of the Package#2 (the GET with its data). */
function package3For(p2: Package2): Buffer {
  const Status = p2.CMD.map((c) =>
    c[0] === 'GET' ? { sc: 200, URI: [`${DIAG}/1/Label`], Data: [{ ClientURI: `${DIAG}/1/Label`, MOData: 'diagnostics' }] } : { sc: 200, URI: [] as string[] },
  );
  return Buffer.from(JSON.stringify({ Status }));
}

defineCase(
  {
    id: 'DMCTS-S-SEC-011',
    title: 'A Package#3 whose body was altered (does not parse) is refused and nothing of it recorded',
    requirement:
      'A server MUST refuse with a 4xx a Package#3 whose body does not parse, and MUST NOT record any Status from it (K-FLOW, P-SESSION; DM-DI-001).',
    labels: ['DM-DI-001'],
    rules: ['K-FLOW', 'P-SESSION'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const devId = t.uniqueName('dmcts-dev');
    const headers = await rawCredentials(t, devId, 'p3');
    const raw = RawDm.start(t);
    const { cont, p2, commandId } = await rawSession(t, raw, devId, headers);
    const good = package3For(p2);
    const bad = Buffer.from(good);
    // The Status entries stay intact; the end of the JSON (the closing brackets) does not parse.
    for (const at of [bad.length - 1, bad.length - 2]) bad.writeUInt8(bad.readUInt8(at) ^ 0x80, at);
    t.step('the altered Package#3');
    const reply = await raw.package3(cont, devId, bad, { headers });
    // Catches a server that reads Status entries out of a body that does not parse (K: a body it cannot read is refused, a client error).
    t.check(reply.status >= 400 && reply.status < 500, `a Package#3 that does not parse was answered ${reply.status}, not 4xx`, 'K');
    const r = await resultOf(t, commandId);
    t.check(r.status === undefined, `the IUT recorded the Status ${show(r.status)} from a Package#3 that does not parse`, 'K');
    t.step('control: the intact Package#3');
    const after = await raw.package3(cont, devId, good, { headers });
    t.note(`the intact Package#3 after the altered one was answered ${after.status}`);
    const r2 = await resultOf(t, commandId);
    if (after.status === 200) t.check(r2.status?.sc === 200, `the intact Package#3 was answered 200 but the GET is ${r2.state} with ${show(r2.status)}`, 'K');
    else t.check(r2.status === undefined, `the session was refused after the altered Package#3, yet the GET holds ${show(r2.status)}`, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-S-SEC-012',
    title: "A Package#3 with another device's credentials or DevID is refused at the session URL",
    requirement:
      'A server MUST refuse a Package#3 at a session URL that authenticates as another device (its credentials, or its OMADM-DevID with valid credentials of its own), and MUST NOT record any Status from it (P-SEC, P-SESSION; DM-DI-001, DM-SECACATE-001).',
    labels: ['DM-DI-001', 'DM-SECACATE-001', 'DM-SECARIZE-001'],
    rules: ['P-SEC', 'P-SESSION'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    needMode(t, 'basic');
    const devA = t.uniqueName('dmcts-dev');
    const devB = t.uniqueName('dmcts-dev');
    const a = await rawCredentials(t, devA, 'devA');
    const b = await rawCredentials(t, devB, 'devB');
    const raw = RawDm.start(t);
    const { cont, p2, commandId } = await rawSession(t, raw, devA, a);
    const body = package3For(p2);
    t.step(`Package#3 as ${devA} with ${devB}'s credentials`);
    const foreign = await raw.package3(cont, devA, body, { headers: b });
    // Catches a server that checks credentials against whichever device they name, not the session's.
    t.check(foreign.status >= 400 && foreign.status < 500, `a Package#3 naming ${devA} with ${devB}'s credentials was answered ${foreign.status}, not 4xx`);
    t.step(`Package#3 as ${devB} (its own credentials) at ${devA}'s session URL`);
    const other = await raw.package3(cont, devB, body, { headers: b });
    // Catches a server that matches a Package#3 by its session URL only, whoever sends it.
    t.check(
      other.status >= 400 && other.status < 500,
      `${devB}'s Package#3 (its own valid credentials) at ${devA}'s session URL was answered ${other.status}, not 4xx`,
    );
    const r = await resultOf(t, commandId);
    t.check(r.status === undefined, `the IUT recorded ${show(r.status)} for ${devA}'s GET from another device's Package#3`);
    t.step(`control: ${devA}'s own Package#3`);
    const own = await raw.package3(cont, devA, body, { headers: a });
    if (own.status !== 200) t.inconclusive(`${devA}'s own Package#3 was answered ${own.status} after the refused ones: the session did not survive them`);
    const r2 = await resultOf(t, commandId);
    t.check(r2.status?.sc === 200, `${devA}'s own Package#3 was answered 200 but the GET is ${r2.state} with ${show(r2.status)}`);
  },
);
