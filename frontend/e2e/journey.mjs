#!/usr/bin/env node
// The end-to-end journey in a real browser: Debian's Chromium driven by playwright-core, with
// axe-core's accessibility check and a screenshot of every page. Steps live in steps/*.mjs,
// one file per area; this runner finds them, so adding an area touches no code here.
//
//   node e2e/journey.mjs [UI_URL] [--service URL] [--only login,admin] [--screenshots DIR]
//
// UI_URL defaults to the stack's .dev/app.url (./dev up). --service is where the login runs and
// the API answers, the UI's URL unless given: point UI_URL at the Vite dev server
// (http://localhost:5173) and --service at the service (http://localhost:8080) to check a branch's
// pages before they are built into the service. Screenshots go to .dev/screenshots/ (cleared first).
import { readdir, readFile, rm, mkdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { launchChromium } from './lib/browser.mjs';
import { JourneyContext, Skip, slug } from './lib/context.mjs';

/**
 * One step: a name that says what a person does or sees, and what it does in the browser.
 * @typedef {{ name: string, run: (ctx: JourneyContext) => Promise<void>, timeout?: number }} Step
 * @typedef {{ area: string, order: number, steps: Step[] }} Area
 */

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const STEP_TIMEOUT = 120_000;

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    service: { type: 'string' },
    only: { type: 'string' },
    screenshots: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (options.help) {
  const text = await readFile(fileURLToPath(import.meta.url), 'utf8');
  console.log(text.split('\n').slice(1, 12).map((line) => line.replace(/^\/\/ ?/, '')).join('\n'));
  process.exit(0);
}

const ui = trimSlash(positionals[0] ?? (await stackUrl()));
const service = trimSlash(options.service ?? ui);
const screenshots = resolve(options.screenshots ?? join(repo, '.dev', 'screenshots'));

await reachable(service);
const areas = await loadAreas(options.only?.split(',').map((a) => a.trim()));
await rm(screenshots, { recursive: true, force: true });
await mkdir(screenshots, { recursive: true });

console.log(`journey: ${ui}${service === ui ? '' : ` (service ${service})`}, ${areas.length} areas: ${areas.map((a) => a.area).join(', ')}`);
const browser = await launchChromium();
const ctx = new JourneyContext({ ui, service, screenshots, browser });
const counts = { ok: 0, failed: 0, skipped: 0 };
const total = areas.reduce((sum, area) => sum + area.steps.length, 0);
let index = 0;
try {
  journey: for (const area of areas) {
    for (const step of area.steps) {
      index += 1;
      ctx.stepIndex = index;
      ctx.stepSlug = slug(`${area.area}-${step.name}`);
      const started = performance.now();
      const ms = () => Math.round(performance.now() - started);
      try {
        await withTimeout(step.run(ctx), step.timeout ?? STEP_TIMEOUT, step.name);
        counts.ok += 1;
        console.log(`ok ${step.name} (${ms()} ms)`);
      } catch (error) {
        if (error instanceof Skip) {
          counts.skipped += 1;
          console.log(`skip ${step.name}: ${error.message}`);
          continue;
        }
        counts.failed += 1;
        // Playwright's call logs carry terminal colours; a CI log wants plain text.
        const message = (error instanceof Error ? error.message : String(error)).replace(/\x1b\[[0-9;]*m/g, '');
        console.log(`FAIL ${step.name} (${ms()} ms)\n  ${message.replace(/\n/g, '\n  ')}`);
        if (ctx.page !== undefined) {
          const shot = await ctx.screenshot('failed').catch(() => undefined);
          console.log(`  on ${ctx.page.url()}${shot === undefined ? '' : `, screenshot ${shown(shot)}`}`);
        }
        break journey;
      }
    }
  }
} finally {
  await ctx.close();
  await browser.close();
}

console.log(`\nscreenshots (${ctx.screenshots.length}):`);
for (const path of ctx.screenshots) {
  console.log(`  ${shown(path)}`);
}
printAccessibility(ctx);
const notRun = total - counts.ok - counts.failed - counts.skipped;
console.log(`\njourney: ${counts.ok} steps ok, ${counts.failed} failed, ${counts.skipped} skipped${notRun > 0 ? `, ${notRun} not run after the failure` : ''}`);
process.exit(counts.failed > 0 ? 1 : 0);

/**
 * The accessibility summary: failing violations already failed their step; the others are
 * listed once per rule with the pages they were found on.
 * @param {JourneyContext} ctx
 */
function printAccessibility(ctx) {
  /** @type {Map<string, { violation: import('./lib/axe.mjs').Violation, pages: string[] }>} */
  const rules = new Map();
  for (const note of ctx.notes) {
    for (const violation of note.violations) {
      const seen = rules.get(violation.id) ?? { violation, pages: [] };
      seen.pages.push(note.where);
      rules.set(violation.id, seen);
    }
  }
  console.log(`\naccessibility (axe-core, ${ctx.checked} pages checked): ${ctx.failedAxe ? 'serious or critical violations, see the failed step' : 'no serious or critical violations'}`);
  if (rules.size === 0) {
    console.log('  no minor or moderate findings either');
  }
  for (const { violation, pages } of rules.values()) {
    console.log(`  [${violation.impact}] ${violation.id}: ${violation.help}, on ${pages.length} page(s) (${violation.helpUrl})`);
    console.log(`    e.g. at ${violation.nodes.map((n) => n.target).slice(0, 3).join(', ')} on ${pages[0]}`);
  }
}

async function stackUrl() {
  try {
    return (await readFile(join(repo, '.dev', 'app.url'), 'utf8')).trim();
  } catch {
    console.error('no URL given and no .dev/app.url: start the stack with ./dev up, or pass the UI URL: node e2e/journey.mjs http://localhost:8080');
    process.exit(2);
  }
}

/** @param {string} url */
async function reachable(url) {
  try {
    await fetch(`${url}/api/v1/me`, { redirect: 'manual' });
  } catch (error) {
    console.error(`no answer from the service at ${url} (${error instanceof Error ? error.message : error}); is the stack up? ./dev status shows it, ./dev up starts it`);
    process.exit(2);
  }
}

/**
 * Every steps/*.mjs: `export const order` (its place: login 10, pages 20, …) and
 * `export const steps` (the named steps, in order).
 * @param {string[] | undefined} only
 * @returns {Promise<Area[]>}
 */
async function loadAreas(only) {
  const dir = join(here, 'steps');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.mjs')).sort();
  /** @type {Area[]} */
  const areas = [];
  for (const file of files) {
    const area = file.replace(/\.mjs$/, '');
    const module = await import(pathToFileURL(join(dir, file)).href);
    if (typeof module.order !== 'number' || !Array.isArray(module.steps)) {
      throw new Error(`e2e/steps/${file} must export const order (a number) and const steps (an array of { name, run })`);
    }
    for (const step of module.steps) {
      if (typeof step?.name !== 'string' || typeof step?.run !== 'function') {
        throw new Error(`e2e/steps/${file}: every step needs a name (string) and run (async function of ctx)`);
      }
    }
    if (only === undefined || only.includes(area)) {
      areas.push({ area, order: module.order, steps: module.steps });
    }
  }
  return areas.sort((a, b) => a.order - b.order || a.area.localeCompare(b.area));
}

/**
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @param {string} name
 */
async function withTimeout(promise, ms, name) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`"${name}" took longer than ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** @param {string} url */
function trimSlash(url) {
  return url.replace(/\/+$/, '');
}

/** A path as short as it is clear: relative to the working folder when inside it. @param {string} path */
function shown(path) {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}
