// Debian's Chromium, headless, kept off the network: Playwright never downloads a browser here.
import { chromium } from 'playwright-core';

/** Where Chromium is: $CHROMIUM, or Debian's package (`./dev e2e` installs it). */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * Flags that keep the browser from calling home (updates, sync, field trials, QUIC probes).
 * No --user-data-dir: Playwright refuses it in launch() (it wants launchPersistentContext) and
 * already starts Chromium on a fresh temporary profile that it deletes on close; each person
 * of the journey gets their own browser context, so their cookies never mix.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-default-apps',
  '--disable-extensions',
  '--metrics-recording-only',
  '--disable-features=Translate,OptimizationHints,MediaRouter',
];

/** @returns {Promise<import('playwright-core').Browser>} */
export async function launchChromium() {
  try {
    return await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`Chromium at ${CHROMIUM} did not start (${message}). Install it with ./dev e2e (apt package chromium), or set CHROMIUM to another Chromium binary.`);
  }
}

/**
 * A fresh, isolated person in the browser: own cookies, a fixed viewport for comparable
 * screenshots, the clipboard allowed (the copy buttons), and CSP bypassed so axe can be injected.
 * @param {import('playwright-core').Browser} browser
 * @param {string} origin the UI's origin, for the clipboard permission
 */
export async function newPerson(browser, origin) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    bypassCSP: true,
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  return context;
}
