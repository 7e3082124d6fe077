// Every page of the navigation opens for the owner: a screenshot and the accessibility check of
// each. Pages still to be built show their placeholder, which passes.
import { check, until } from '../lib/context.mjs';

export const order = 20;

/** The navigation as the shell draws it: label and the path after /w/{w}/p/{p}. */
const PAGES = [
  ['Home', ''],
  ['Chat', '/chat'],
  ['Explore', '/explore'],
  ['Logs', '/logs'],
  ['LLM usage', '/llm'],
  ['Metrics', '/metrics'],
  ['Incidents', '/incidents'],
  ['Alert rules', '/rules'],
  ['Usage', '/usage'],
  ['Members', '/members'],
  ['API keys', '/keys'],
  ['Audit log', '/audit'],
];

/**
 * Clicks a link of the navigation and checks the page drew without an error.
 * @param {import('../lib/context.mjs').JourneyContext} ctx
 * @param {string} label
 * @param {string} path
 */
async function openFromNav(ctx, label, path) {
  const page = ctx.current;
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: label, exact: true }).click();
  const want = ctx.place() + path;
  await until(async () => new URL(page.url()).pathname === want, `"${label}" should open ${want}; the browser is on ${page.url()}`);
  await ctx.settled();
  const errors = await page.locator('main [role=alert]').allInnerTexts();
  check(errors.length === 0, `"${label}" shows an error:\n${errors.join('\n')}`);
  const text = (await page.locator('main').innerText()).trim();
  check(text.length > 0, `"${label}" drew nothing in its main area`);
  await ctx.look();
}

/** @type {import('../journey.mjs').Step[]} */
export const steps = [
  {
    name: 'the navigation lists every page',
    async run(ctx) {
      await ctx.as('owner');
      await ctx.open(ctx.place());
      const links = await ctx.current.getByRole('navigation', { name: 'Pages' }).getByRole('link').allInnerTexts();
      const missing = PAGES.map(([label]) => label).filter((label) => !links.includes(label));
      check(missing.length === 0, `the navigation lacks ${missing.join(', ')}; it has ${links.join(', ')}`);
      ctx.state.navigation = links;
    },
  },
  ...PAGES.map(([label, path]) => ({
    name: `owner opens ${label}`,
    /** @param {import('../lib/context.mjs').JourneyContext} ctx */
    async run(ctx) {
      await ctx.as('owner');
      await openFromNav(ctx, label, path);
    },
  })),
  {
    name: 'owner opens every other page of the navigation',
    async run(ctx) {
      const page = await ctx.as('owner');
      const known = new Set(PAGES.map(([label]) => label));
      /** @type {string[]} */
      const others = (ctx.state.navigation ?? []).filter((/** @type {string} */ label) => !known.has(label));
      for (const label of others) {
        await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: label, exact: true }).click();
        await ctx.settled();
        await ctx.screenshot(label);
        await ctx.accessible(label);
      }
    },
  },
];
