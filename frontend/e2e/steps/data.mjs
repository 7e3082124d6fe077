// The data pages: the owner searches the logs and follows one to its trace, turns the live tail
// on, reads LLM usage with its costliest calls, and charts a metric grouped by an attribute. The
// demo data covers the last 24 hours, so each page is opened on that range.
import { check, until } from '../lib/context.mjs';

export const order = 40;

const TRACE_LINK = /\/traces\/[0-9a-f]{32}(\?span=[0-9a-f]{16})?$/;

/** @type {import('../journey.mjs').Step[]} */
export const steps = [
  {
    name: 'owner searches the error logs and finds each linked to its trace',
    async run(ctx) {
      const page = await ctx.as('owner');
      await ctx.open(`${ctx.place('logs')}?range=24h&severity=error`);
      const rows = page.getByTestId('log-list').getByTestId('log-row');
      await until(async () => (await rows.count()) > 0, 'the error logs of the last 24 hours should list some records');
      const first = rows.first();
      check((await first.innerText()).includes('ERROR'), `the first row should be an ERROR: ${await first.innerText()}`);
      // Logs sent without a trace have no link; the demo's errors all belong to a trace.
      const href = (await page.getByTestId('log-list').getByTestId('log-trace-link').first().getAttribute('href')) ?? '';
      check(TRACE_LINK.test(href), `a log's trace link should open /traces/<trace id>?span=<span id>, not ${href}`);
      await first.getByRole('button', { name: 'Attributes' }).click();
      await ctx.look();
    },
  },
  {
    name: 'owner turns the live tail on and off',
    async run(ctx) {
      const page = await ctx.as('owner');
      await ctx.open(ctx.place('logs'));
      await page.getByRole('switch', { name: 'Live tail' }).check();
      await until(async () => (await page.getByTestId('live-status').innerText()).startsWith('Live:'), 'the live tail should say it is live');
      check(new URL(page.url()).searchParams.get('live') === '1', `the URL should hold live=1: ${page.url()}`);
      await ctx.look('live');
      await page.getByRole('switch', { name: 'Live tail' }).uncheck();
      await until(async () => new URL(page.url()).searchParams.get('live') === null, 'turning the tail off should drop live=1 from the URL');
    },
  },
  {
    name: 'owner reads LLM usage and finds the costliest call linked to its trace',
    async run(ctx) {
      const page = await ctx.as('owner');
      await ctx.open(`${ctx.place('llm')}?range=24h`);
      const usage = page.getByTestId('llm-usage');
      await until(async () => (await usage.locator('canvas').count()) >= 2, 'cost and tokens over time should be drawn');
      const link = page.getByTestId('llm-calls-costliest').getByRole('link').first();
      const href = (await link.getAttribute('href')) ?? '';
      check(TRACE_LINK.test(href), `the costliest call should link to its trace, not ${href}`);
      await ctx.look();
    },
  },
  {
    name: 'owner charts a metric grouped by an attribute',
    async run(ctx) {
      const page = await ctx.as('owner');
      await ctx.open(`${ctx.place('metrics')}?range=24h`);
      await page.getByRole('navigation', { name: 'Metrics' }).getByRole('button').first().click();
      const groupBy = page.getByLabel('Group by');
      const options = await groupBy.locator('option').evaluateAll((all) => all.map((o) => o.getAttribute('value') ?? ''));
      const grouped = options.find((value) => value.startsWith('record:')) ?? options.find((value) => value !== '');
      if (grouped !== undefined) {
        await groupBy.selectOption(grouped);
      }
      await until(async () => (await page.getByTestId('metric-chart').locator('canvas').count()) === 1, 'the metric should be drawn over time');
      const url = new URL(page.url()).searchParams;
      check(url.get('metric') !== null, `the URL should name the metric: ${page.url()}`);
      await ctx.look();
    },
  },
];
