/**
 * The adapter and ICS/IXIT docs stay true to the code: the exported JSON Schemas equal the ones the
 * loaders use, the method reference of docs/adapters.md is the generated one and names every method,
 * every example file loads, and the worked example adapter speaks the protocol the hub checks.
 * DMCTS_UPDATE_DOCS=1 rewrites the generated parts instead of failing.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ICS_FEATURES, parseIcs } from '../../harness/conformance/ics.ts';
import { IXIT_SCHEMA, loadIxit, parseIxit } from '../../harness/conformance/ixit.ts';
import { UpperTesterHub, UtError } from '../../harness/conformance/ut-hub.ts';
import { UT_ERROR, UT_METHODS } from '../../harness/protocol/upper-tester.ts';
import { currentSection, methodsSection, schemaDocument } from './doc-sections.ts';
import { EXAMPLES, ROOT } from './support.ts';

const UPDATE = process.env.DMCTS_UPDATE_DOCS === '1';
const docPath = (name: string) => join(ROOT, 'docs', name);
const read = (name: string) => readFileSync(docPath(name), 'utf8');

describe('docs/adapters.md, docs/ics.md and their examples', () => {
  it.each(['ics', 'ixit'] as const)('docs/%s.schema.json is the schema harness/conformance/%s.ts validates with', (kind) => {
    const want = schemaDocument(kind);
    if (UPDATE) writeFileSync(docPath(`${kind}.schema.json`), want);
    expect(read(`${kind}.schema.json`), `docs/${kind}.schema.json is out of date: DMCTS_UPDATE_DOCS=1 npx vitest run test/adapters/docs.test.ts`).toBe(want);
  });

  it('the method reference in docs/adapters.md is generated from harness/protocol/upper-tester.ts', () => {
    const want = methodsSection();
    let doc = read('adapters.md');
    const have = currentSection(doc);
    expect(have, 'docs/adapters.md lost its <!-- methods:begin/end --> markers').toBeDefined();
    if (UPDATE && have !== want) {
      doc = doc.replace(have!, want);
      writeFileSync(docPath('adapters.md'), doc);
    }
    expect(
      currentSection(read('adapters.md')),
      'docs/adapters.md method reference is out of date: DMCTS_UPDATE_DOCS=1 npx vitest run test/adapters/docs.test.ts',
    ).toBe(want);
  });

  it('docs/adapters.md names every upper-tester method, error code, and the subprotocol', () => {
    const doc = read('adapters.md');
    for (const method of Object.keys(UT_METHODS)) expect(doc, method).toContain(`\`${method}\``);
    for (const code of Object.values(UT_ERROR)) expect(doc, String(code)).toContain(String(code));
    expect(doc).toContain('dmcts.ut.1');
    expect(doc).toContain('DMCTS_UT_URL');
    for (const kind of ['process', 'container', 'remote']) expect(doc).toContain(`"kind": "${kind}"`);
  });

  it('docs/ics.md names every ICS feature and every IXIT member', () => {
    const doc = read('ics.md');
    for (const f of ICS_FEATURES) expect(doc, f).toContain(`\`${f}\``);
    const ixitMembers = [
      ...Object.keys(IXIT_SCHEMA.properties),
      ...Object.keys(IXIT_SCHEMA.properties.adapter.properties).map((k) => `adapter.${k}`),
      ...Object.keys(IXIT_SCHEMA.properties.harness.properties).map((k) => `harness.${k}`),
      ...Object.keys(IXIT_SCHEMA.properties.client.properties).map((k) => `client.${k}`),
      ...Object.keys(IXIT_SCHEMA.properties.server.properties).map((k) => `server.${k}`),
      ...Object.keys(IXIT_SCHEMA.properties.timeouts.properties).map((k) => `timeouts.${k}`),
    ].filter((k) => k !== '$schema');
    for (const m of ixitMembers) expect(doc, m).toContain(`\`${m}\``);
  });

  it('every example ICS and IXIT in docs/examples/ loads, and each IXIT kind has a client and a server example', () => {
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));
    const kinds = new Set<string>();
    for (const f of files) {
      const value = JSON.parse(readFileSync(join(EXAMPLES, f), 'utf8')) as unknown;
      if (f.endsWith('.ics.json')) expect(parseIcs(f, value).dmcts).toBe('ics/1');
      else {
        const ixit = parseIxit(f, value);
        kinds.add(`${ixit.role}/${ixit.adapter.kind}`);
        expect(f.startsWith(`${ixit.role}.${ixit.adapter.kind}.`), `${f} is named <role>.<kind>.ixit.json`).toBe(true);
      }
    }
    expect([...kinds].sort()).toEqual(['client/container', 'client/process', 'client/remote', 'server/container', 'server/process', 'server/remote']);
  });

  it("the example IXITs' relative paths are taken from docs/examples/ and name the project's files, wherever a run starts", () => {
    const root = ROOT.replace(/\/$/, '');
    for (const role of ['client', 'server'] as const) {
      const ixit = loadIxit(join(EXAMPLES, `${role}.process.ixit.json`));
      expect(ixit.adapter, role).toMatchObject({ kind: 'process', cwd: root });
    }
    // The CA file each server IXIT names is the one its ut-server writes (--tls-dir, from the adapter's cwd).
    const server = loadIxit(join(EXAMPLES, 'server.process.ixit.json'));
    const command = (server.adapter as { command: string[] }).command;
    expect(server.server?.caFile).toBe(resolve(root, command[command.indexOf('--tls-dir') + 1]!, 'ca.pem'));
    expect(loadIxit(join(EXAMPLES, 'server.remote.ixit.json')).server?.caFile).toBe(join(root, '.dmcts-state/example-remote-server/tls/ca.pem'));
    expect(loadIxit(join(EXAMPLES, 'server.container.ixit.json')).server?.caFile).toBe(join(root, 'docker/build/rootfs/dmcts/tls/ca.pem'));
    // Not loaded: docker/build exists once docker/assemble-context.ts has run.
    const container = parseIxit('client.container.ixit.json', JSON.parse(readFileSync(join(EXAMPLES, 'client.container.ixit.json'), 'utf8')));
    expect(resolve(EXAMPLES, (container.adapter as { build: { context: string } }).build.context)).toBe(join(root, 'docker/build'));
  });

  it("the example ICSs claim what the reference peers they describe claim (the self-test's ICSs), capacities included", () => {
    for (const role of ['client', 'server'] as const) {
      const example = parseIcs(role, JSON.parse(readFileSync(join(EXAMPLES, `${role}.ics.json`), 'utf8')));
      const reference = parseIcs(role, JSON.parse(readFileSync(join(ROOT, `harness/conformance/self-test/reference-${role}.ics.json`), 'utf8')));
      expect({ features: example.features, capacities: example.capacities }, `docs/examples/${role}.ics.json`).toEqual({
        features: reference.features,
        capacities: reference.capacities,
      });
    }
  });

  it('the example server IXITs let the device-authentication cases run: every mode K-SEC makes mandatory', () => {
    for (const kind of ['process', 'container', 'remote']) {
      const ixit = parseIxit(kind, JSON.parse(readFileSync(join(EXAMPLES, `server.${kind}.ixit.json`), 'utf8')));
      expect(ixit.server?.clientAuth, kind).toEqual({ modes: ['basic', 'digest', 'x509'], required: false });
    }
  });

  it("docs/ics.md, docs/adapters.md and the IXIT schema say paths are taken from the IXIT file's directory; the README names dmcts demo", () => {
    for (const doc of ['ics.md', 'adapters.md']) expect(read(doc), doc).toContain("taken from the IXIT file's directory");
    expect(IXIT_SCHEMA.description).toContain("taken from the IXIT file's directory");
    expect(IXIT_SCHEMA.properties.adapter.properties.cwd.description).toContain("the IXIT file's directory");
    expect(read('ics.md')).not.toContain('taken from the\ndirectory `dmcts run` starts in');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const peers = readme.slice(readme.indexOf('## Run the two reference peers against each other'), readme.indexOf('## Layout'));
    expect(peers).toMatch(/`npx dmcts demo`/);
  });

  describe('the worked example adapter (docs/examples/vendor-client-adapter.mjs)', () => {
    const cleanups: Array<() => Promise<void> | void> = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    it('is the file docs/adapters.md shows', () => {
      const file = readFileSync(join(EXAMPLES, 'vendor-client-adapter.mjs'), 'utf8');
      expect(read('adapters.md')).toContain(`\`\`\`js\n${file}\`\`\``);
    });

    it('says hello as a client, answers its methods with results the hub accepts, and exits 0 when the run ends', async () => {
      const hub = await UpperTesterHub.start({ host: '127.0.0.1', port: 0, role: 'client' });
      cleanups.push(() => hub.close());
      const child = spawn(process.execPath, [join(EXAMPLES, 'vendor-client-adapter.mjs')], {
        cwd: ROOT,
        env: { ...process.env, DMCTS_UT_URL: hub.url },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
      cleanups.push(() => {
        if (child.exitCode === null) child.kill('SIGKILL');
      });
      const hello = await hub.waitForAdapter(10_000);
      expect(hello.product).toEqual({ name: 'Acme DM agent', version: '4.2.0', vendor: 'Acme' });
      expect(hello.methods).toEqual(['client.bootstrap', 'client.startSession', 'client.factoryReset', 'client.shown']);
      // Answered at once after the hello (no lost first request).
      const boot = await hub.call(
        'client.bootstrap',
        { servers: [{ srvId: 'srv-1', srvUri: 'https://127.0.0.1:9/dm', perm: [{ moid: 'urn:oma:mo:oma-dm-devinfo:1.0', rights: 'R' }] }] },
        5_000,
      );
      expect(boot).toEqual({ devId: 'ACME-0001' });
      expect(await hub.call('client.startSession', { srvId: 'srv-1' }, 5_000)).toEqual({});
      expect(await hub.call('client.shown', {}, 5_000)).toEqual({ urls: [] });
      const failed = await hub.call('client.startSession', { srvId: 'unknown' }, 5_000).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(UtError);
      expect((failed as UtError).code).toBe('UT_FAILED');
      expect((failed as UtError).message).toContain('no DMAcc account for unknown');
      const unsupported = await hub.call('client.moveNetwork', { localAddress: '127.0.0.2' }, 5_000).catch((e: unknown) => e);
      expect((unsupported as UtError).code).toBe('UT_UNSUPPORTED');
      await hub.close();
      expect(await exited).toBe(0);
      expect(out).toContain('the harness closed the upper tester');
    }, 30_000);
  });
});
