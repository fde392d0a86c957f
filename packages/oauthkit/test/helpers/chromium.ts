/**
 * Debian's Chromium driven by playwright-core, for the suites that need a real browser
 * (login pages, cookies, form_post). One place for the path and the launch flags.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const CHROMIUM_HINT = 'apt-get install chromium';

/** Headless, no network beyond 127.0.0.1, `localhost` mapped to 127.0.0.1 (not ::1). */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // The servers listen on 127.0.0.1 only: localhost must not try ::1 first.
      '--host-resolver-rules=MAP localhost 127.0.0.1',
    ],
  });
}
