/**
 * The reference device's own diagnostics MO, so EXEC has real work to do: `Run` counts up
 * `RunCount` at once; `Slow` takes a moment (an asynchronous EXEC's natural case) and counts
 * `SlowCount`; `Fail` always fails with 500. A vendor device names its own executable nodes in its IXIT.
 */
import { interior, leaf, READ_ONLY } from '../tree/node-def-builders.ts';
import type { MoDefinition } from '../tree/mo-definition.ts';
import type { DeviceTree } from '../tree/device-tree.ts';
import type { ExecRegistry } from './exec-registry.ts';
import { DIAGNOSTICS_MOID } from '../protocol/moids.ts';

export { DIAGNOSTICS_MOID };

export const DIAGNOSTICS_MO: MoDefinition = {
  moid: DIAGNOSTICS_MOID,
  deviceMade: true,
  root: interior(
    '<x>',
    [
      leaf('Run', 'null', { access: ['Exec'], scope: 'Permanent', description: 'EXEC: count up RunCount' }),
      leaf('RunCount', 'int', { scope: 'Permanent', access: READ_ONLY }),
      leaf('Slow', 'null', { access: ['Exec'], scope: 'Permanent', description: 'EXEC: takes SlowMs, then counts up SlowCount' }),
      leaf('SlowCount', 'int', { scope: 'Permanent', access: READ_ONLY }),
      leaf('SlowMs', 'int', { scope: 'Permanent', access: ['Get', 'Replace'] }),
      leaf('Fail', 'null', { access: ['Exec'], scope: 'Permanent', description: 'EXEC: always fails with 500' }),
      leaf('Label', 'chr', { occurrence: 'ZeroOrOne', description: 'free text a server may write (for SUB and HGET tests)' }),
    ],
    { scope: 'Permanent', access: ['Get'] },
  ),
};

export const DIAGNOSTICS_DATA = { Run: null, RunCount: 0, Slow: null, SlowCount: 0, SlowMs: 200, Fail: null, Label: 'diagnostics' };

function count(tree: DeviceTree, miid: string, name: string): void {
  const inst = tree.instance(DIAGNOSTICS_MOID, miid);
  const node = inst?.root.children.get(name);
  const n = node?.kind === 'leaf' && typeof node.value === 'number' ? node.value : 0;
  tree.deviceWrite(DIAGNOSTICS_MOID, miid, [name], n + 1);
}

export function registerDiagnostics(tree: DeviceTree, exec: ExecRegistry): void {
  exec.register(DIAGNOSTICS_MOID, ['Run'], ({ miid }) => {
    count(tree, miid, 'RunCount');
    return 200;
  });
  exec.register(DIAGNOSTICS_MOID, ['Slow'], async ({ miid }) => {
    const node = tree.instance(DIAGNOSTICS_MOID, miid)?.root.children.get('SlowMs');
    const ms = node?.kind === 'leaf' && typeof node.value === 'number' ? Math.min(Math.max(node.value, 0), 60_000) : 200;
    await new Promise((r) => setTimeout(r, ms));
    count(tree, miid, 'SlowCount');
    return 200;
  });
  exec.register(DIAGNOSTICS_MOID, ['Fail'], () => 500);
}
