/**
 * The HTML report's script, run in a VM against a small DOM stub built from the rendered page: the
 * filters, the hash links of the matrix and totals, and the text search do what the page says.
 */
import { runInNewContext } from 'node:vm';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderHtml } from '../../harness/report/html-report.ts';
import { unescapeXml } from './markup.ts';
import { sampleResults, withManyNotApplicable } from './sample-results.ts';

type Listener = (event: unknown) => void;

class Stub {
  hidden = false;
  open = false;
  textContent = '';
  private readonly listeners = new Map<string, Listener[]>();
  constructor(readonly attrs: Record<string, string> = {}) {}
  get id(): string {
    return this.attrs.id ?? '';
  }
  getAttribute(name: string): string | null {
    return this.attrs[name] ?? null;
  }
  setAttribute(name: string, value: string): void {
    this.attrs[name] = value;
  }
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  dispatch(type: string, event: unknown = {}): void {
    for (const l of this.listeners.get(type) ?? []) l(event);
  }
  scrollIntoView(): void {}
}

class Select extends Stub {
  private current = '';
  constructor(private readonly options: string[]) {
    super();
  }
  get value(): string {
    return this.current;
  }
  set value(v: string) {
    this.current = this.options.includes(v) ? v : '';
  }
}

function attrsOf(tag: string): Record<string, string> {
  return Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, unescapeXml(m[2]!)]));
}

function load(html: string) {
  const location = { hash: '' };
  const caseTags = [...html.matchAll(/<details id="case-[^>]*>/g)];
  const cases = caseTags.map((m, i) => {
    const el = new Stub(attrsOf(m[0]));
    const end = caseTags[i + 1]?.index ?? html.indexOf('</section>', m.index);
    el.textContent = unescapeXml(html.slice(m.index, end).replace(/<[^>]+>/g, ''));
    return el;
  });
  const boxes = [...html.matchAll(/<input type="checkbox" name="verdict"[^>]*>/g)].map((m) => {
    const b = Object.assign(new Stub(attrsOf(m[0])), { value: '', checked: false, defaultChecked: false });
    b.value = b.attrs.value!;
    b.checked = b.defaultChecked = / checked\b/.test(m[0]);
    return b;
  });
  const selects = Object.fromEntries(
    [...html.matchAll(/<select name="(\w+)">([\s\S]*?)<\/select>/g)].map((m) => [
      m[1]!,
      new Select([...m[2]!.matchAll(/<option value="([^"]*)"/g)].map((o) => unescapeXml(o[1]!))),
    ]),
  );
  const q = Object.assign(new Stub(), { value: '' });
  const fields: Record<string, unknown> = { ...selects, q };
  const groups = [...html.matchAll(/<details id="group-[^>]*>/g)].map((m) => new Stub(attrsOf(m[0])));
  const counts = groups.map((g) => Object.assign(new Stub({ id: `${g.attrs.id}-n` }), { textContent: g.attrs['data-size']! }));
  const form = Object.assign(new Stub(), {
    hidden: true,
    offsetHeight: 90,
    elements: { namedItem: (name: string) => fields[name] ?? null },
    querySelectorAll: (sel: string) => (sel === 'input[name=verdict]' ? boxes : []),
  });
  const shown = new Stub();
  const section = new Stub();
  const matrix = new Stub({ id: 'requirements' });
  const byId = new Map<string, unknown>([
    ['filters', form],
    ['shown', shown],
    ['cases', section],
    ['requirements', matrix],
    ...[...cases, ...groups, ...counts].map((c): [string, unknown] => [c.attrs.id!, c]),
  ]);
  const cssVars = new Map<string, string>();
  const document = Object.assign(new Stub(), {
    documentElement: { style: { setProperty: (name: string, value: string) => void cssVars.set(name, value) } },
    getElementById: (id: string) => byId.get(id) ?? null,
    querySelectorAll: (sel: string) => (sel === 'details.case' ? cases : sel === 'details.group' ? groups : []),
  });
  const window = new Stub();
  const history = { replaceState: (_s: unknown, _t: string, url: string) => void (location.hash = url) };
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
  runInNewContext(script, {
    document,
    window,
    location,
    history,
    URLSearchParams,
    Map,
    Set,
    JSON,
    Array,
    String,
    setTimeout: (f: () => void) => {
      f();
      return 0;
    },
    clearTimeout: () => {},
  });
  const visible = () => cases.filter((c) => !c.hidden).map((c) => c.attrs.id!.replace(/^case-/, ''));
  const go = (hash: string) => {
    location.hash = hash;
    window.dispatch('hashchange');
  };
  return { form, boxes, selects, q, shown, cases, groups, counts, cssVars, matrix, visible, go, location };
}

const html = renderHtml(sampleResults());
let page: ReturnType<typeof load>;

beforeEach(() => {
  page = load(html);
});

describe('HTML report script', () => {
  it('shows its filter form and, at first, every case that has a verdict', () => {
    expect(page.form.hidden).toBe(false);
    expect(page.visible().sort()).toEqual([
      'DMCTS-C-CMD-003',
      'DMCTS-C-GET-001',
      'DMCTS-C-GET-002',
      'DMCTS-C-UI-001',
      'DMCTS-S-FLOW-002',
      'DMCTS-S-SESSION-001',
    ]);
    expect(page.shown.textContent).toBe('6');
  });

  it('each matrix count, followed, shows exactly the cases it counts', () => {
    const cells = [...html.matchAll(/<td><a href="([^"]+)" title="([^"]+)">(\d+)<\/a><\/td>/g)];
    expect(cells.length).toBeGreaterThan(10);
    for (const [, href, title, n] of cells) {
      page.go(unescapeXml(href!));
      expect(page.visible().sort(), href).toEqual(unescapeXml(title!).split(', ').sort());
      expect(page.shown.textContent).toBe(n);
    }
  });

  it('filters by role and level together, and shows the cases not run only when asked', () => {
    page.go('#f?role=server&level=SHOULD');
    expect(page.visible()).toEqual(['DMCTS-S-FLOW-002']);
    page.go('#f?verdict=none');
    expect(page.visible()).toEqual(['DMCTS-S-FLOW-009']);
    page.go('#f?verdict=FAIL,ERROR');
    expect(page.visible().sort()).toEqual(['DMCTS-C-GET-002', 'DMCTS-S-SESSION-001']);
  });

  it('searches free text in reasons and in traces, case-insensitively, and keeps the filter in the address', () => {
    page.q.value = 'CONTENT-LENGTH';
    page.form.dispatch('input');
    expect(page.visible()).toEqual(['DMCTS-S-FLOW-002']);
    expect(page.location.hash).toBe('#f?q=CONTENT-LENGTH');
    page.q.value = 'client.startSession';
    page.form.dispatch('input');
    expect(page.visible().sort()).toEqual(['DMCTS-C-GET-001', 'DMCTS-C-GET-002', 'DMCTS-S-FLOW-002']);
  });

  it('ignores a requirement the page does not know instead of hiding everything', () => {
    page.go('#f?req=NO-SUCH-REQ');
    expect(page.visible()).toHaveLength(6);
  });

  it('opens a case named by its permalink, even one the filters hide', () => {
    page.go('#f?verdict=PASS');
    page.go('#case-DMCTS-C-GET-002');
    const c = page.cases.find((x) => x.attrs.id === 'case-DMCTS-C-GET-002')!;
    expect(c.open).toBe(true);
    expect(c.hidden).toBe(false);
  });
});

describe('HTML report script, with cases folded into groups', () => {
  const grouped = renderHtml(withManyNotApplicable(39));
  let g: ReturnType<typeof load>;
  const one = (id: string) => g.cases.find((x) => x.attrs.id === `case-${id}`)!;

  beforeEach(() => {
    g = load(grouped);
  });

  it('opens the group a linked case is folded in, and the case, even when the filters hid them', () => {
    expect(g.groups).toHaveLength(1);
    g.go('#f?verdict=PASS');
    expect(g.groups[0]!.hidden).toBe(true);
    g.go('#case-DMCTS-C-UI-017');
    expect(g.groups[0]!.hidden).toBe(false);
    expect(g.groups[0]!.open).toBe(true);
    expect(one('DMCTS-C-UI-017').open).toBe(true);
    expect(one('DMCTS-C-UI-017').hidden).toBe(false);
    expect(one('DMCTS-C-UI-018').open).toBe(false);
    expect(g.counts[0]!.textContent).toBe('1 of 40');
  });

  it("keeps the group's count to the cases shown, and hides a group none of whose cases is shown", () => {
    expect(g.counts[0]!.textContent).toBe('40');
    g.q.value = 'title of UI case 1';
    g.form.dispatch('input');
    expect(g.visible()).toEqual([
      'DMCTS-C-UI-010',
      'DMCTS-C-UI-011',
      'DMCTS-C-UI-012',
      'DMCTS-C-UI-013',
      'DMCTS-C-UI-014',
      'DMCTS-C-UI-015',
      'DMCTS-C-UI-016',
      'DMCTS-C-UI-017',
      'DMCTS-C-UI-018',
      'DMCTS-C-UI-019',
    ]);
    expect(g.groups[0]!.hidden).toBe(false);
    expect(g.counts[0]!.textContent).toBe('10 of 40');
    g.go('#f?verdict=FAIL');
    expect(g.groups[0]!.hidden).toBe(true);
    g.go('#f?verdict=N/A');
    expect(g.counts[0]!.textContent).toBe('40');
  });

  it('gives the page the height of its sticky filter bar, which a linked case keeps as its scroll margin', () => {
    g.go('#case-DMCTS-C-UI-002');
    expect(g.cssVars.get('--bar')).toBe('98px');
  });

  it('opens the folded requirement matrix when a link names it', () => {
    expect(g.matrix.open).toBe(false);
    g.go('#requirements');
    expect(g.matrix.open).toBe(true);
  });
});
