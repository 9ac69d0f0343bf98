/** `dmcts list`: the cases and what they check, as a table or JSON. */
import { collectCases } from '../../conformance/run/collect-cases.ts';
import { parseOptions } from '../parse-options.ts';
import { casesMarkdown } from '../../conformance/cases-markdown.ts';

export const LIST_HELP = `dmcts list — the conformance cases and the requirements they check

Usage: dmcts list [--role client|server] [--requirement L] [--json | --markdown]

--markdown prints the catalogue of cases by requirement label and by rule (docs/cases.md is this).
`;

export async function listCommand(args: string[]): Promise<number> {
  const { values } = parseOptions('list', args, {
    role: { type: 'string' },
    requirement: { type: 'string', multiple: true },
    json: { type: 'boolean', default: false },
    markdown: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(LIST_HELP);
    return 0;
  }
  const { cases } = await collectCases();
  const shown = cases.filter(
    (c) =>
      (!values.role || c.role === values.role) && (!values.requirement?.length || values.requirement.some((r) => c.labels.includes(r) || c.rules.includes(r))),
  );
  if (values.markdown) {
    process.stdout.write(casesMarkdown(shown));
    return shown.length > 0 ? 0 : 1;
  }
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify(
        shown.map(({ file: _file, ...meta }) => meta),
        null,
        2,
      )}\n`,
    );
    return shown.length > 0 ? 0 : 1;
  }
  for (const c of shown) {
    process.stdout.write(
      `${c.id.padEnd(19)} ${c.level.padEnd(6)} ${[...c.labels, ...c.rules].join(',').padEnd(34)} ${c.title}${c.features?.length || c.needs ? `  [needs ${[...(c.features ?? []), ...Object.entries(c.needs ?? {}).map(([k, v]) => `${k} >= ${v}`)].join(', ')}]` : ''}\n`,
    );
  }
  process.stdout.write(`${shown.length} cases\n`);
  return shown.length > 0 ? 0 : 1;
}
