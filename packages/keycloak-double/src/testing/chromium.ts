// Debian's Chromium for browser tests (playwright-core cannot download browsers here): headless, no sandbox
// (containers), and none of the background traffic that would reach for the internet.
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
