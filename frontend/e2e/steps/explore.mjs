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
      // The last 6 hours: the demo's deploy is 6 hours before its data ends, so every checkout span
      // here is 2.3.1 and BubbleUp's baseline is too. Over 24 hours the version stood out as much as
      // the provider, and which came first depended on the hour of the day the data was loaded at.
      await ctx.open(`${ctx.place('explore')}?range=6h&service=checkout`);
      const canvas = page.getByTestId('heatmap').locator('canvas');
      await canvas.waitFor({ timeout: 30_000 });
      await ctx.settled();
      const box = await canvas.boundingBox();
      check(box !== null, 'the heatmap has no size');
      const width = box.width - PLOT.left - PLOT.right;
      const height = box.height - PLOT.top - PLOT.bottom;
      // From the start of the range (just after the deploy) to now, from the slowest spans down to
      // `low` of the plot's height.
      /** @param {number} low */
      const brush = async (low) => {
        const before = page.url();
        await page.mouse.move(box.x + PLOT.left + width * 0.02, box.y + PLOT.top + 1);
        await page.mouse.down();
        await page.mouse.move(box.x + PLOT.left + width * 0.6, box.y + PLOT.top + height * low * 0.7, { steps: 5 });
        await page.mouse.move(box.x + box.width - 2, box.y + PLOT.top + height * low, { steps: 5 });
        await page.mouse.up();
        await until(async () => page.url() !== before && new URL(page.url()).searchParams.has('selMin'),
          `the brushed region should go into the URL: ${page.url()}`);
        await ctx.settled();
        const url = new URL(page.url()).searchParams;
        return { min: Number(url.get('selMin')), max: Number(url.get('selMax')) };
      };
      // The duration axis is logarithmic and its range follows the data: a first brush shows
      // where durations lie, the second starts at the slow ones, about 600 ms and up, as a person
      // would after reading the axis.
      const first = await brush(0.15);
      const perHeight = (Math.log(first.min) - Math.log(first.max)) / 0.15;
      const low = Math.min(0.95, Math.max(0.02, (Math.log(600) - Math.log(first.max)) / perHeight));
      const second = await brush(low);
      check(second.min >= 300 && second.min <= 1200, `the brush should start at the slow spans; it selected ${second.min} to ${second.max} ms`);
      const top = page.getByTestId('bubbleup-dimension').first();
      await top.waitFor({ timeout: 30_000 });
      await ctx.settled();
      const key = await top.getAttribute('data-key');
      const value = await top.locator('[data-value]').first().getAttribute('data-value');
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
