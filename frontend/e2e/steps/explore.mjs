// Honeycomb's move, in the explorer: the slow checkout spans since the deploy, brushed on the
// duration heatmap, and BubbleUp names what sets them apart: payment.provider = stripe_v3.
import { check, until } from '../lib/context.mjs';

export const order = 40;

/** The heatmap's plot area inside its canvas (lib/charts/heatmapScale.ts). */
const PLOT = { left: 64, right: 12, top: 8, bottom: 28 };

/** @type {import('../journey.mjs').Step[]} */
export const steps = [
  {
    name: 'in the explorer, brushing the slow checkout spans on the heatmap makes BubbleUp name payment.provider = stripe_v3',
    async run(ctx) {
      const page = await ctx.as('owner');
      await ctx.open(`${ctx.place('explore')}?range=24h&service=checkout`);
      const canvas = page.getByTestId('heatmap').locator('canvas');
      await canvas.waitFor({ timeout: 30_000 });
      await ctx.settled();
      const box = await canvas.boundingBox();
      check(box !== null, 'the heatmap has no size');
      const width = box.width - PLOT.left - PLOT.right;
      const height = box.height - PLOT.top - PLOT.bottom;
      // From just after the deploy (three quarters into the day) to now, the slowest durations.
      await page.mouse.move(box.x + PLOT.left + width * 0.76, box.y + PLOT.top + 1);
      await page.mouse.down();
      await page.mouse.move(box.x + PLOT.left + width * 0.9, box.y + PLOT.top + height * 0.1, { steps: 5 });
      await page.mouse.move(box.x + box.width - 2, box.y + PLOT.top + height * 0.15, { steps: 5 });
      await page.mouse.up();
      await until(async () => new URL(page.url()).searchParams.has('selFrom'), `the brushed region should go into the URL: ${page.url()}`);
      const first = page.getByTestId('bubbleup-dimension').first();
      await first.waitFor({ timeout: 30_000 });
      const key = await first.getAttribute('data-key');
      const value = await first.locator('[data-value]').first().getAttribute('data-value');
      check(key === 'payment.provider' && value === 'stripe_v3',
        `BubbleUp's top value is ${key} = ${value}, not payment.provider = stripe_v3 (selection ${page.url()})`);
      await ctx.look('heatmap brushed and BubbleUp');
    },
  },
  {
    name: 'a BubbleUp value clicked becomes a filter of the query',
    async run(ctx) {
      const page = await ctx.as('owner');
      await page.getByTestId('bubbleup-dimension').first().locator('[data-value=stripe_v3] button').first().click();
      await until(async () => new URL(page.url()).searchParams.getAll('attr').includes('payment.provider=stripe_v3'),
        `the URL should filter on payment.provider=stripe_v3: ${page.url()}`);
      await page.getByTestId('trace-results').waitFor({ timeout: 30_000 });
      await ctx.look('filtered by stripe_v3');
    },
  },
];
