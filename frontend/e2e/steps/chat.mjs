// The heart of the product: the owner asks the agent the demo question, watches its tool cards
// stream in, and opens a trace the answer cites beside the chat, where the waterfall marks the
// critical path.
import { check, until } from '../lib/context.mjs';

export const order = 30;

const QUESTION = 'Why is checkout slow since this morning?';

/**
 * The id of the project the journey is in, for API paths (the UI's URL names it by slug).
 * @param {import('../lib/context.mjs').JourneyContext} ctx
 */
async function projectId(ctx) {
  if (ctx.state.projectId === undefined) {
    /** @type {{ id: string, slug: string }[]} */
    const projects = await ctx.api('owner', 'GET', ctx.workspaceApi('/projects'));
    const project = projects.find((p) => p.slug === ctx.state.place.project || p.id === ctx.state.place.project);
    check(project !== undefined, `no project ${ctx.state.place.project} among ${projects.map((p) => p.slug).join(', ')}`);
    ctx.state.projectId = project.id;
  }
  return ctx.state.projectId;
}

/** @type {import('../journey.mjs').Step[]} */
export const steps = [
  {
    name: 'owner asks the agent why checkout is slow and watches the tool cards stream',
    async run(ctx) {
      const page = await ctx.as('owner');
      await ctx.open(ctx.place('chat'));
      await page.getByTestId('chat-composer').fill(QUESTION);
      await page.getByTestId('chat-send').click();
      // Cards appear while the run goes on, before the answer is final.
      await page.getByTestId('tool-card').first().waitFor({ timeout: 60_000 });
      const streaming = await page.getByTestId('chat-cancel').isVisible();
      const cardsEarly = await page.getByTestId('tool-card').count();
      const session = new URL(page.url()).pathname.split('/chat/')[1];
      if (session !== undefined && session !== '') {
        const project = await projectId(ctx);
        ctx.cleanup(() => ctx.api('owner', 'DELETE', `/api/v1/projects/${project}/agent/sessions/${session}`));
      }
      // The run is over when its Cancel button goes; its last answer is the investigator's report.
      await until(async () => !(await page.getByTestId('chat-cancel').isVisible()), 'the run should end', 180_000);
      const answer = page.locator('[data-testid=chat-answer][data-streaming=false]').last();
      const text = await answer.innerText();
      for (const needed of ['checkout', '2.3.1', 'payment.provider', 'stripe_v3']) {
        check(text.includes(needed), `the answer does not name ${needed}:\n${text.slice(0, 1500)}`);
      }
      const tools = await page.getByTestId('tool-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-tool')));
      for (const tool of ['aggregate', 'bubbleup', 'trace_search']) {
        check(tools.includes(tool), `no ${tool} card among ${tools.join(', ')}`);
      }
      check(streaming || cardsEarly < tools.length,
        `the cards should stream: the first showed with ${cardsEarly} of ${tools.length} and no run going on`);
      ctx.state.chatPath = new URL(page.url()).pathname;
      await ctx.look('answer and its tool cards');
    },
  },
  {
    name: 'a tool card opens to its input and its result drawn',
    async run(ctx) {
      const page = await ctx.as('owner');
      const card = page.locator('[data-testid=tool-card][data-tool=bubbleup]').first();
      await card.locator('summary').click();
      await until(async () => (await card.innerText()).includes('stripe_v3'), 'the open BubbleUp card should show stripe_v3');
      await ctx.look('bubbleup card open');
    },
  },
  {
    name: 'a trace the answer cites opens beside the chat with its critical path marked',
    async run(ctx) {
      const page = await ctx.as('owner');
      const link = page.locator('[data-testid=chat-answer][data-streaming=false] [data-testid=trace-link]').first();
      const trace = await link.getAttribute('data-trace');
      await link.click();
      await until(async () => new URL(page.url()).searchParams.get('trace') === trace,
        `the URL should name trace ${trace}: ${page.url()}`);
      const beside = page.getByTestId('trace-beside');
      await beside.waitFor();
      const rows = beside.getByTestId('span-row');
      await rows.first().waitFor({ timeout: 30_000 });
      const critical = await beside.locator('[data-testid=span-row][data-critical=true]').count();
      check(critical > 0, `the waterfall of ${trace} marks no span on the critical path`);
      await ctx.look('trace beside the chat');
    },
  },
];
