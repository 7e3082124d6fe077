// Billing and usage: the workspace's plan named as GET …/plan names it, the spans meter counting what the usage API says,
// a progress bar for every limited meter, and the page accessible.
import { check, until } from '../lib/context.mjs';

export const order = 70;

/** @type {import('../journey.mjs').Step[]} */
export const steps = [
  {
    name: 'owner reads the plan and this month\'s usage, the spans as the usage API counts them',
    async run(ctx) {
      const page = await ctx.as('owner');
      await ctx.open(ctx.place('usage'));
      const name = (await page.getByTestId('plan-name').innerText()).trim();
      // The demo starts on Startup; an earlier run on the same database may have changed it (billing).
      /** @type {{ plan: { name: string } }} */
      const plan = await ctx.api('owner', 'GET', ctx.workspaceApi('/plan'));
      check(name === plan.plan.name, `GET …/plan names ${plan.plan.name}; the page names "${name}"`);
      const spans = page.locator('[data-testid=meter][data-meter=spans]');
      await spans.waitFor({ timeout: 30_000 });
      // The roll-up may count again between the page's read and ours: compare until both agree.
      /** @type {{ meters: { meter: string, quantity: number, limit: number | null }[] }} */
      let usage = await ctx.api('owner', 'GET', ctx.workspaceApi('/usage'));
      let shown = -1;
      await until(async () => {
        const fromApi = usage.meters.find((m) => m.meter === 'spans')?.quantity ?? -1;
        shown = Number(await spans.getAttribute('data-quantity'));
        if (shown === fromApi) {
          return true;
        }
        usage = await ctx.api('owner', 'GET', ctx.workspaceApi('/usage'));
        await page.reload();
        await ctx.settled();
        return false;
      }, 'the spans meter should show what GET …/usage counts', 30_000);
      check(shown > 0, `the spans meter shows ${shown}; the demo data should have stored spans this month`);
      const text = await spans.getByTestId('meter-text').innerText();
      check(text.includes(shown.toLocaleString('en')), `the spans meter's text "${text}" should say ${shown.toLocaleString('en')}`);
      const limited = usage.meters.filter((m) => m.limit !== null && m.limit > 0);
      const bars = await page.getByRole('progressbar').count();
      check(bars === limited.length,
        `one progress bar per limited meter: ${limited.map((m) => m.meter).join(', ')}; the page has ${bars}`);
      for (const meter of limited) {
        const bar = page.locator(`[data-testid=meter][data-meter=${meter.meter}]`).getByRole('progressbar');
        check(await bar.isVisible(), `the ${meter.meter} meter has no visible progress bar`);
      }
      await page.getByTestId('usage-chart').waitFor({ timeout: 10_000 });
      await ctx.look();
    },
  },
  {
    name: 'a past month picked goes into the URL',
    async run(ctx) {
      const page = await ctx.as('owner');
      const select = page.getByRole('combobox', { name: 'Month' });
      const options = await select.locator('option').evaluateAll((all) => all.map((o) => o.getAttribute('value') ?? ''));
      const previous = options.find((v) => v !== '');
      check(previous !== undefined, 'the month picker offers no previous month');
      await select.selectOption(previous);
      await until(async () => new URL(page.url()).searchParams.get('period') === previous,
        `the URL should hold period=${previous}: ${page.url()}`);
      await ctx.settled();
      const errors = await page.locator('main [role=alert]').allInnerTexts();
      check(errors.length === 0, `the previous month shows an error:\n${errors.join('\n')}`);
      await ctx.look('previous month');
    },
  },
  {
    name: 'a month not begun says so (the usage API refuses it)',
    async run(ctx) {
      const page = await ctx.as('owner');
      await ctx.open(`${ctx.place('usage')}?period=2099-01`);
      const alert = page.locator('main [role=alert]');
      await alert.first().waitFor({ timeout: 10_000 });
      check(await page.getByTestId('plan-name').isVisible(), 'the plan should still show beside the usage error');
      await ctx.look('future month');
    },
  },
];
