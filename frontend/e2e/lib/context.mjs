// What a step gets: the URLs, one logged-in page per person, screenshots, the accessibility
// check, small waiting assertions, and a place to leave things for later steps.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { axeViolations, describeViolation, FAILING } from './axe.mjs';
import { newPerson } from './browser.mjs';
import { DEMO_USERS, logIn } from './login.mjs';

/** Thrown by ctx.skip(): the step does not apply to this build (a page not built yet). */
export class Skip extends Error {}

/**
 * @typedef {keyof typeof DEMO_USERS} Person
 * @typedef {import('./axe.mjs').Violation} Violation
 */

export class JourneyContext {
  /**
   * @param {{ ui: string, service: string, screenshots: string, browser: import('playwright-core').Browser }} options
   */
  constructor({ ui, service, screenshots, browser }) {
    this.ui = ui;
    this.service = service;
    this.screenshotDir = screenshots;
    this.browser = browser;
    /**
     * What steps leave for later ones: the place the UI opened, what they made. Add your own
     * fields (under a name of your area, e.g. state.chat).
     * @type {{ place?: { workspace: string, project: string }, navigation?: string[], seats?: string,
     *   invitation?: { email: string, token: string }, key?: { name: string, secret: string }, [more: string]: unknown }}
     */
    this.state = {};
    /** @type {Map<string, import('playwright-core').Page>} */
    this.pages = new Map();
    /** The page the current person is on. @type {import('playwright-core').Page | undefined} */
    this.page = undefined;
    /** The person the current page belongs to. @type {Person | undefined} */
    this.person = undefined;
    /** Every screenshot taken, in order. @type {string[]} */
    this.screenshots = [];
    /** Violations that did not fail (minor, moderate), by page. @type {{ where: string, violations: Violation[] }[]} */
    this.notes = [];
    /** How many pages the accessibility check ran on, and whether one failed it. */
    this.checked = 0;
    this.failedAxe = false;
    /** Undo work the runner calls at the end, pass or fail, newest first. @type {(() => Promise<void>)[]} */
    this.cleanups = [];
    /** Set by the runner: the current step's number and file-safe name. */
    this.stepIndex = 0;
    this.stepSlug = '';
  }

  /**
   * Switches to a person, logging them in once in their own browser context.
   * @param {Person} person
   * @returns {Promise<import('playwright-core').Page>}
   */
  async as(person) {
    let page = this.pages.get(person);
    if (page === undefined) {
      const context = await newPerson(this.browser, new URL(this.ui).origin);
      page = await context.newPage();
      page.on('dialog', (dialog) => void dialog.dismiss());
      this.pages.set(person, page);
      this.page = page;
      this.person = person;
      await logIn(page, this, DEMO_USERS[person]);
      await this.settled(page);
    }
    this.page = page;
    this.person = person;
    return page;
  }

  /** The current person's page; fails when no one logged in yet. */
  get current() {
    if (this.page === undefined) {
      throw new Error('no one is logged in yet: call ctx.as("owner") first');
    }
    return this.page;
  }

  /** @param {string} path */
  url(path) {
    return new URL(path, this.ui).href;
  }

  /** The current project's page path, e.g. place('members') is /w/demo/p/shop/members. @param {string} [page] */
  place(page) {
    const { workspace, project } = this.state.place ?? {};
    if (workspace === undefined || project === undefined) {
      throw new Error('no place yet: the login step records the workspace and project the UI opened');
    }
    const base = `/w/${encodeURIComponent(workspace)}/p/${encodeURIComponent(project)}`;
    return page === undefined || page === 'home' ? base : `${base}/${page}`;
  }

  /** The admin API path of the current workspace: workspaceApi('/members'). @param {string} path */
  workspaceApi(path) {
    const workspace = this.state.place?.workspace;
    if (workspace === undefined) {
      throw new Error('no place yet: the login step records the workspace the UI opened');
    }
    return `/api/v1/workspaces/${encodeURIComponent(workspace)}${path}`;
  }

  /**
   * Opens a path of the UI and waits until it has drawn.
   * @param {string} path
   */
  async open(path) {
    const page = this.current;
    await page.goto(this.url(path));
    await this.settled(page);
    return page;
  }

  /**
   * Waits until the page shows no "Loading …" state (the UI's Loading component) and the
   * network is quiet for a moment (capped: a page with a live stream never goes quiet).
   * @param {import('playwright-core').Page} [page]
   */
  async settled(page = this.current) {
    await page.waitForLoadState('domcontentloaded');
    await page
      .waitForFunction(
        () => !Array.from(document.querySelectorAll('[role=status]')).some((e) => (e.textContent ?? '').startsWith('Loading')),
        undefined,
        { timeout: 20_000 },
      )
      .catch(() => {
        throw new Error(`the page ${page.url()} still says "Loading…" after 20 s`);
      });
    await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => undefined);
  }

  /**
   * A full-page screenshot under the screenshots folder: `<NN>-<step>[-<label>].png`.
   * @param {string} [label]
   * @param {import('playwright-core').Page} [page]
   */
  async screenshot(label, page = this.current) {
    await mkdir(this.screenshotDir, { recursive: true });
    const name = [String(this.stepIndex).padStart(2, '0'), this.stepSlug, label].filter(Boolean).join('-');
    const path = join(this.screenshotDir, `${slug(name)}.png`);
    await page.screenshot({ path, fullPage: true });
    this.screenshots.push(path);
    return path;
  }

  /**
   * The accessibility check: throws on serious or critical violations, keeps the others.
   * @param {string} [where] the page's name in the report
   * @param {import('playwright-core').Page} [page]
   */
  async accessible(where, page = this.current) {
    const violations = await axeViolations(page);
    this.checked += 1;
    const label = where ?? new URL(page.url()).pathname;
    const failing = violations.filter((v) => FAILING.has(v.impact));
    const others = violations.filter((v) => !FAILING.has(v.impact));
    if (others.length > 0) {
      this.notes.push({ where: label, violations: others });
    }
    if (failing.length > 0) {
      this.failedAxe = true;
      throw new Error(`axe found ${failing.length} serious or critical accessibility violation(s) on ${label}:\n${failing.map(describeViolation).join('\n')}`);
    }
  }

  /** Screenshot and accessibility check of the page as it is now. @param {string} [label] */
  async look(label) {
    await this.screenshot(label);
    await this.accessible(label === undefined ? this.stepSlug : `${this.stepSlug} (${label})`);
  }

  /**
   * The API as a logged-in person's page calls it: their session cookie, and the XSRF-TOKEN
   * cookie echoed in X-XSRF-TOKEN on changes. Answers the parsed JSON (undefined when empty).
   * @param {Person} person
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   */
  async api(person, method, path, body) {
    const page = this.pages.get(person);
    if (page === undefined) {
      throw new Error(`${person} is not logged in; call ctx.as('${person}') first`);
    }
    const cookies = await page.context().cookies(this.service);
    const xsrf = cookies.find((c) => c.name === 'XSRF-TOKEN')?.value;
    const answer = await page.request.fetch(new URL(path, this.service).href, {
      method,
      headers: { Accept: 'application/json', ...(xsrf === undefined ? {} : { 'X-XSRF-TOKEN': xsrf }) },
      data: body,
    });
    if (!answer.ok()) {
      throw new Error(`${method} ${path} as ${person} answered ${answer.status()}: ${(await answer.text()).slice(0, 500)}`);
    }
    const text = await answer.text();
    return text === '' ? undefined : JSON.parse(text);
  }

  /** Undo work at the end of the journey, whether it passed or not. @param {() => Promise<void>} undo */
  cleanup(undo) {
    this.cleanups.push(undo);
  }

  /**
   * Ends the step as skipped: it does not apply to this build.
   * @param {string} reason
   * @returns {never}
   */
  skip(reason) {
    throw new Skip(reason);
  }

  /** Runs the cleanups, then closes every person's browser context. */
  async close() {
    for (const undo of this.cleanups.reverse()) {
      await undo().catch((error) => console.log(`cleanup failed: ${error instanceof Error ? error.message : error}`));
    }
    for (const page of this.pages.values()) {
      await page.context().close().catch(() => undefined);
    }
  }
}

/**
 * Fails with `message` unless `condition` holds.
 * @param {unknown} condition
 * @param {string} message
 * @returns {asserts condition}
 */
export function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

/**
 * Waits until `probe` returns a truthy value (polling), else fails with `message`.
 * @template T
 * @param {() => Promise<T | undefined | null | false | 0 | ''>} probe
 * @param {string} message
 * @param {number} [timeout]
 * @returns {Promise<T>}
 */
export async function until(probe, message, timeout = 10_000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await probe();
      last = value;
      if (value) {
        return value;
      }
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) {
      throw new Error(`${message} (waited ${timeout / 1000} s${last instanceof Error ? `; last: ${last.message.split('\n')[0]}` : ''})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** @param {string} text */
export function slug(text) {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}
