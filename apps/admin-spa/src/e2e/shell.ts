// Page actions and checks on the console's frame (the masthead's user menu, toasts) and on how an element fits
// the window: added for the scenarios of stale pages, confirmations and narrow screens.
import type { Locator, Page } from 'playwright-core';

/** The user's menu in the masthead, its toggle named after the user. */
export function userMenuToggle(page: Page): Locator {
  return page.getByRole('button', { name: /^User menu of / });
}

/** Logs out through the user's menu and waits for the logged-out page. */
export async function logOutThroughMenu(page: Page): Promise<void> {
  await userMenuToggle(page).click();
  await page.getByRole('menuitem', { name: 'Log out', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'You have logged out' }).waitFor();
}

/** A toast (PatternFly's toast AlertGroup) saying `text`. */
export function toast(page: Page, text: string | RegExp): Locator {
  return page.getByRole('list', { name: 'Notifications' }).getByText(text);
}

/**
 * What of an element's own content is hidden (cut off or scrolled away) or outside the window once scrolled to:
 * '' when it all shows.
 */
export async function hiddenContent(target: Locator): Promise<string> {
  await target.scrollIntoViewIfNeeded();
  return target.evaluate((element) => {
    const box = element.getBoundingClientRect();
    if (box.left < 0 || box.right > window.innerWidth + 0.5)
      return `spans ${String(Math.round(box.left))}–${String(Math.round(box.right))} in a window ${String(window.innerWidth)} wide`;
    if (element.scrollWidth > element.clientWidth + 1)
      return `cut off: ${String(element.scrollWidth)} wide in ${String(element.clientWidth)}`;
    if (element.scrollHeight > element.clientHeight + 1)
      return `cut off: ${String(element.scrollHeight)} high in ${String(element.clientHeight)}`;
    return '';
  });
}

/** Whether `inner` lies within `outer`'s box horizontally (e.g. a row's actions inside the table's card). */
export async function horizontallyInside(inner: Locator, outer: Locator): Promise<boolean> {
  await inner.scrollIntoViewIfNeeded();
  const [a, b] = await Promise.all([inner.boundingBox(), outer.boundingBox()]);
  return a !== null && b !== null && a.x >= b.x - 0.5 && a.x + a.width <= b.x + b.width + 0.5;
}

/** Whether the page's focus is on `target`. */
export function hasFocus(target: Locator): Promise<boolean> {
  return target.evaluate((element) => element === document.activeElement);
}

/**
 * The deepest elements reaching past the right edge of the window or of the console's main area (with its sideways
 * scroll undone), to say what makes a page scroll sideways.
 */
export function elementsPastTheRightEdge(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const main = document.getElementById('credman-main');
    if (main !== null) main.scrollLeft = 0;
    const edge = Math.min(
      window.innerWidth,
      main === null ? window.innerWidth : main.getBoundingClientRect().left + main.clientWidth,
    );
    const past = (element: Element) => element.getBoundingClientRect().right > edge + 0.5;
    const elements = [...document.querySelectorAll('body *')]
      .filter((element) => past(element) && ![...element.children].some(past))
      .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')}`);
    // Text spills out of a box that does not grow with it (white-space: nowrap, a fixed width).
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      if (range.getBoundingClientRect().right > edge + 0.5)
        texts.push(
          `text in ${node.parentElement?.className ?? '?'}: "${(node.textContent ?? '').slice(0, 40)}"`,
        );
    }
    return [...elements, ...texts].slice(0, 10);
  });
}

/** Closes every toast, so a page is photographed without one that may or may not have timed out yet. */
export async function closeToasts(page: Page): Promise<void> {
  const close = page.getByRole('list', { name: 'Notifications' }).getByRole('button', { name: /^Close / });
  while ((await close.count()) > 0) await close.first().click();
}
