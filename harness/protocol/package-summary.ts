/** One readable line per package, for the reference peers' logs and for traces. */
import type { RawCommand } from './commands.ts';
import type { GenericAlert, Package1, Package2, Package3 } from './packages.ts';

const SHORT_ALERT = /^urn:oma:at:dm:2\.0:/;

function alertName(alert: GenericAlert): string {
  return alert.AlertType.replace(SHORT_ALERT, '');
}

function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

export function summarizeCommand(cmd: RawCommand): string {
  const [name, ...params] = cmd;
  return clip([name, ...params.map((p) => (typeof p === 'string' ? p : JSON.stringify(p)))].join(' '), 100);
}

export function summarizePackage1(p: Package1): string {
  const alerts = p.Alert.map(alertName).join(',') || 'no alert';
  const instances = p.MOS.reduce((n, m) => n + m.MIID.length, 0);
  return `Package#1 [${alerts}] ${p.MOS.length} MOs, ${instances} instances`;
}

export function summarizePackage2(p: Package2): string {
  return `Package#2 ${p.CMD.length} command${p.CMD.length === 1 ? '' : 's'}: ${p.CMD.map((c) => String(c[0])).join(', ')}`;
}

export function summarizePackage3(p: Package3): string {
  const codes = p.Status.map((s) => s.sc).join(', ');
  const alerts = p.Alert?.length ? ` + ${p.Alert.map(alertName).join(',')}` : '';
  return `Package#3 status [${codes}]${alerts}`;
}
