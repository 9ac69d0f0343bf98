/**
 * The HTML report in a real browser (headless Chromium, driven over its DevTools pipe): the page's
 * script runs without an error or a Content-Security-Policy violation, and following a `#case-…`
 * link — to a case on its own or one folded in a group — opens it with its verdict and title in
 * view, below the sticky filter bar. Screenshots go to the test's temp directory (or to
 * $DMCTS_SCREENSHOTS). Skipped, saying so, where no Chromium is installed (Debian: apt-get install
 * chromium; elsewhere set DMCTS_CHROMIUM to the binary).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../harness/report/html-report.ts';
import { ChromiumPage, findChromium } from './chromium-page.ts';
import { withManyNotApplicable } from './sample-results.ts';

const chromium = findChromium();
const NO_CHROMIUM = 'SKIPPED: no Chromium binary (install the Debian package chromium, or set DMCTS_CHROMIUM to one)';
if (!chromium) process.stderr.write(`test/report/html-browser.test.ts: ${NO_CHROMIUM}\n`);

const WIDTH = 1280;
const HEIGHT = 900;

interface Seen {
  scriptRan: boolean;
  open: boolean;
  groupOpen: boolean | null;
  titleTop: number;
  titleBottom: number;
  barBottom: number;
  viewport: number;
  title: string;
  verdict: string;
}

/** Where the case of `id` and the sticky bar are on screen, and what the case's row says. */
function inspect(id: string): string {
  return `(() => {
    const el = document.getElementById(${JSON.stringify(`case-${id}`)});
    const summary = el.querySelector('summary');
    const title = summary.querySelector('.title');
    const bar = document.getElementById('filters');
    const group = el.closest('details.group');
    return {
      scriptRan: !bar.hidden,
      open: el.open,
      groupOpen: group ? group.open : null,
      titleTop: title.getBoundingClientRect().top,
      titleBottom: title.getBoundingClientRect().bottom,
      barBottom: bar.getBoundingClientRect().bottom,
      viewport: innerHeight,
      title: title.textContent,
      verdict: summary.querySelector('.v').textContent,
    };
  })()`;
}

describe.skipIf(!chromium)('HTML report in headless Chromium', () => {
  const dir = process.env.DMCTS_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'dmcts-html-browser-'));
  const page = join(dir, 'report.html');
  let browser: ChromiumPage;

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    // Enough cases that the page scrolls, and 40 N/A cases alike, folded into one group.
    writeFileSync(page, renderHtml(withManyNotApplicable(39)));
    browser = await ChromiumPage.open(chromium!, WIDTH, HEIGHT);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    if (!process.env.DMCTS_SCREENSHOTS) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['DMCTS-C-CMD-003', 'INCONC', false],
    ['DMCTS-C-UI-017', 'N/A', true],
  ])(
    '#case-%s opens the case (%s) with its verdict and title in view below the sticky bar, the script running without error',
    async (id, verdict, grouped) => {
      browser.errors.length = 0;
      await browser.goto(`${pathToFileURL(page).href}#case-${id}`);
      const seen = await browser.evaluate<Seen>(inspect(id));
      const shot = await browser.screenshot();
      writeFileSync(join(dir, `case-${id}.png`), shot);
      expect(browser.errors, 'script errors or CSP violations').toEqual([]);
      expect(seen.scriptRan).toBe(true);
      expect(seen.open).toBe(true);
      expect(seen.groupOpen).toBe(grouped ? true : null);
      expect(seen.verdict).toBe(verdict);
      expect(seen.title).toBe(id === 'DMCTS-C-UI-017' ? 'title of UI case 17' : `title of ${id}`);
      expect(seen.titleTop, `the title (top ${seen.titleTop}) is below the sticky bar (bottom ${seen.barBottom})`).toBeGreaterThanOrEqual(seen.barBottom);
      expect(seen.titleBottom).toBeLessThanOrEqual(seen.viewport);
      // A page that rendered is far from a blank PNG of this size (about 5 kB).
      expect(shot.length).toBeGreaterThan(30_000);
    },
    30_000,
  );

  it('shows the hostile strings of the sample as text: nothing they hold ran or was blocked', async () => {
    browser.errors.length = 0;
    await browser.goto(`${pathToFileURL(page).href}#case-DMCTS-C-GET-002`);
    const text = await browser.evaluate<string>("document.getElementById('case-DMCTS-C-GET-002').textContent");
    expect(text).toContain('<script>alert("reason")</script>');
    expect(await browser.evaluate<number>('document.scripts.length')).toBe(1);
    expect(await browser.evaluate<number>('document.images.length')).toBe(0);
    expect(browser.errors).toEqual([]);
  }, 30_000);
});

if (!chromium) {
  describe('HTML report in headless Chromium', () => {
    it.skip(NO_CHROMIUM, () => {});
  });
}
