// Checks run on every page of the console: axe-core's accessibility rules (serious and critical violations
// must be none) and a screenshot kept as a test artifact (test-artifacts/ is gitignored).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import type { AxeResults } from 'axe-core';
import type { Locator, Page } from 'playwright-core';

export const SCREENSHOT_DIR = fileURLToPath(
  new URL('../../../../test-artifacts/screenshots', import.meta.url),
);

export interface AxeCounts {
  page: string;
  critical: number;
  serious: number;
  moderate: number;
  minor: number;
  /** "<rule>: <selector>" for every serious or critical violation, to make a failure readable. */
  blocking: string[];
}

/**
 * Waits until the page is still: web fonts loaded, no tooltip opening or closing, and no finite CSS animation
 * or transition running (a popover fading out, a modal sliding in). axe measures colour contrast on what is
 * painted, so a half-faded calendar or tooltip reads as contrast violations; a screenshot would catch a frame
 * in between. Endless animations (spinners) are left out: they never finish and carry no text.
 *
 * The pointer is parked in the window's top-left corner first. Playwright leaves it where the last click was,
 * and when the page lays out again a copy button can slide under it: its tooltip then opens after a 300 ms
 * delay, which no animation shows while it is pending. Parked, the only tooltip that may stay is the focused
 * copy button's, and that one is waited for until fully shown.
 */
export async function settle(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  await page.evaluate(async () => {
    await document.fonts.ready;
  });
  await page.waitForFunction(() => {
    const tooltips = [...document.querySelectorAll('.pf-v6-c-tooltip')];
    const focusedCopyButton = document.activeElement?.matches('.credman-copy-button') === true;
    const tooltipsStill = focusedCopyButton
      ? tooltips.length === 1 && tooltips.every((tooltip) => getComputedStyle(tooltip).opacity === '1')
      : tooltips.length === 0;
    return (
      tooltipsStill &&
      document.getAnimations().every((animation) => {
        const timing = animation.effect?.getComputedTiming();
        if (timing?.iterations === Infinity) return true;
        return animation.playState === 'finished' || animation.playState === 'idle';
      })
    );
  });
}

export async function runAxe(page: Page, name: string): Promise<AxeCounts> {
  await settle(page);
  // Evaluated through the driver, not added as a <script>: the console's CSP rightly forbids inline scripts.
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(axe.source);
  const results = await page.evaluate(async () => {
    const runner = (window as unknown as { axe: { run: (context: Document) => Promise<AxeResults> } }).axe;
    const { violations } = await runner.run(document);
    return violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? 'minor',
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  });
  const counts: AxeCounts = { page: name, critical: 0, serious: 0, moderate: 0, minor: 0, blocking: [] };
  for (const violation of results) {
    counts[violation.impact] += violation.targets.length;
    if (violation.impact === 'serious' || violation.impact === 'critical') {
      counts.blocking.push(...violation.targets.map((target) => `${violation.id}: ${target}`));
    }
  }
  return counts;
}

/** A full-page PNG named after the page state; `mask` covers what must not land in an artifact. */
export async function screenshot(page: Page, name: string, mask: Locator[] = []): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await settle(page);
  await page.screenshot({ path: file, fullPage: true, mask, animations: 'disabled' });
  return file;
}

/**
 * How far the page, or the console's main area (PatternFly scrolls it on its own), is wider than the window:
 * 0 or less means no sideways scrolling.
 */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const main = document.getElementById('credman-main');
    const mainOverflow = main === null ? 0 : main.scrollWidth - main.clientWidth;
    return Math.max(document.documentElement.scrollWidth - window.innerWidth, mainOverflow);
  });
}

/**
 * Why the element is not where a user can see and hit it: '' when its centre is inside the window and nothing
 * covers it, else what is wrong (outside the window, or the element found at its centre instead).
 */
export async function offScreenReason(target: Locator): Promise<string> {
  return target.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    if (box.width === 0 || x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight)
      return `outside the window at (${String(Math.round(x))}, ${String(Math.round(y))})`;
    const hit = document.elementFromPoint(x, y);
    if (hit !== null && (element === hit || element.contains(hit) || hit.contains(element))) return '';
    return `covered by ${hit === null ? 'nothing' : hit.outerHTML.slice(0, 120)}`;
  });
}
