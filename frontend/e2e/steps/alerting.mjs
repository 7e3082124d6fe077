// The workspace's alerting and approvals: the owner adds a webhook channel and sees its signing
// secret once, sends a test and sees the delivery; creates a silence and expires it; adds an action
// to the catalogue and deletes it; opens the approvals. A viewer finds the channels, silences,
// actions and rules closed to them, and says why.
import { check, until } from '../lib/context.mjs';
import { call, loggedIn, ok, requireEndpoint, workspacePage } from '../lib/incidents.mjs';

export const order = 86;

/** ./dev receiver's port: a test there is delivered when it runs, and waits (retried) when it does not. */
const RECEIVER = 'http://127.0.0.1:9099/e2e';

/** @param {import('../lib/context.mjs').JourneyContext} ctx */
function alertingState(ctx) {
  /** @type {{ channel?: string, name?: string, secret?: string }} */
  const state = /** @type {never} */ (ctx.state.alerting ?? {});
  ctx.state.alerting = state;
  return state;
}

/**
 * Every control of `locator` is disabled, and there is at least one.
 * @param {import('playwright-core').Locator} locator
 * @param {string} what
 */
async function allDisabled(locator, what) {
  const count = await locator.count();
  check(count > 0, `found no ${what} to check`);
  for (let i = 0; i < count; i += 1) {
    check(await locator.nth(i).isDisabled(), `${what} #${i + 1} is enabled, but this role may not use it`);
  }
}

/** @type {import('../journey.mjs').Step[]} */
export const steps = [
  {
    name: 'owner adds a webhook channel, its secret shown once',
    async run(ctx) {
      const page = await ctx.as('owner');
      const channels = ctx.workspaceApi('/notification-channels');
      await requireEndpoint(ctx, channels);
      const name = `e2e-hook-${Date.now()}`;
      ctx.cleanup(async () => {
        /** @type {{ id: string, name: string }[]} */
        const listed = await ok(ctx, 'owner', 'GET', channels);
        for (const channel of listed.filter((c) => c.name === name)) {
          await call(ctx, 'owner', 'DELETE', `${channels}/${channel.id}`);
        }
      });
      await ctx.open(workspacePage(ctx, 'alerting'));
      await page.getByRole('combobox', { name: 'Kind' }).selectOption('webhook');
      await page.getByRole('textbox', { name: 'Channel name' }).fill(name);
      await page.getByRole('textbox', { name: 'URL to POST to' }).fill(RECEIVER);
      await page.getByRole('button', { name: 'Add channel' }).click();
      const box = page.getByTestId('channel-secret');
      await box.waitFor();
      check((await box.innerText()).includes('you will not see it again'), 'the secret\'s box does not warn that it is shown once');
      const secret = (await box.getByTestId('secret-value').innerText()).trim();
      check(secret.startsWith('whsec_') && secret.length > 20, `the secret shown is "${secret}", not a webhook signing secret`);
      const row = page.locator(`[data-testid=channel-row][data-channel="${name}"]`);
      await row.waitFor();
      await ctx.look('secret shown');
      await box.getByRole('button', { name: 'I have copied it, hide it' }).click();
      await page.reload();
      await ctx.settled();
      check(!(await page.locator('main').innerText()).includes(secret), 'the secret is shown again after a reload');
      /** @type {{ id: string, name: string }[]} */
      const listed = await ok(ctx, 'owner', 'GET', channels);
      check(!JSON.stringify(listed).includes(secret), 'GET …/notification-channels answers the secret');
      const state = alertingState(ctx);
      state.channel = listed.find((c) => c.name === name)?.id;
      state.name = name;
      state.secret = secret;
    },
  },
  {
    name: 'owner tests the channel, sees the delivery, switches it off and on',
    async run(ctx) {
      const page = await ctx.as('owner');
      const { channel, name } = alertingState(ctx);
      if (channel === undefined || name === undefined) {
        ctx.skip('no channel was added by the step before');
      }
      const row = page.locator(`[data-testid=channel-row][data-channel="${name}"]`);
      await row.getByRole('button', { name: `Send test through ${name}` }).click();
      await row.getByRole('button', { name: `Test queued through ${name}` }).waitFor();
      await row.getByRole('link', { name: `Deliveries of ${name}` }).click();
      await until(async () => new URL(page.url()).searchParams.get('channel') === channel, `opening the deliveries should put channel=${channel} in the URL`);
      const delivery = page.getByTestId('channel-deliveries').getByTestId('delivery-row').first();
      await delivery.waitFor({ timeout: 20_000 });
      const status = await delivery.getAttribute('data-status');
      check(['pending', 'sent', 'failed'].includes(status ?? ''), `the test's delivery is "${status}"`);
      await ctx.look(`delivery ${status}`);
      await row.getByRole('button', { name: `Switch off ${name}` }).click();
      await row.getByRole('button', { name: `Switch on ${name}` }).click();
      await row.getByRole('button', { name: `Switch off ${name}` }).waitFor();
    },
  },
  {
    name: 'owner silences a service and expires the silence',
    async run(ctx) {
      const page = await ctx.as('owner');
      const silences = ctx.workspaceApi('/silences');
      await requireEndpoint(ctx, silences);
      const service = `e2e-${Date.now()}`;
      const comment = `journey ${service}`;
      ctx.cleanup(async () => {
        /** @type {{ id: string, comment: string, status?: string }[]} */
        const listed = await ok(ctx, 'owner', 'GET', silences);
        for (const silence of listed.filter((s) => s.comment === comment)) {
          await call(ctx, 'owner', 'DELETE', `${silences}/${silence.id}`);
        }
      });
      // The incidents page links here with the service's matcher filled in, as this URL does.
      await ctx.open(workspacePage(ctx, 'alerting', `tab=silences&matcher=${encodeURIComponent(`service=${service}`)}`));
      const form = page.getByRole('group', { name: 'Matcher 1' });
      check((await form.getByRole('textbox', { name: 'Value' }).inputValue()) === service, 'the matcher from the URL is not filled in');
      await page.getByRole('textbox', { name: 'Why' }).fill(comment);
      await page.getByRole('combobox', { name: 'For' }).selectOption('1h');
      await page.getByRole('button', { name: 'Create silence' }).click();
      const row = page.locator(`[data-testid=silence-row][data-comment="${comment}"]`);
      await row.waitFor();
      check((await row.getAttribute('data-state')) === 'active', `the new silence is "${await row.getAttribute('data-state')}", not active`);
      check(new URL(page.url()).searchParams.get('matcher') === null, 'the matcher stays in the URL after the silence is made');
      await ctx.look('active silence');
      await row.getByRole('button', { name: `Expire silence service=${service}` }).click();
      await page.getByRole('group', { name: `Confirm: Expire silence service=${service}` }).getByRole('button', { name: 'Expire now' }).click();
      await until(async () => (await row.count()) === 0, 'the expired silence is still listed as in effect');
      await page.getByRole('button', { name: 'Expired', exact: true }).click();
      await until(async () => new URL(page.url()).searchParams.get('silences') === 'expired', 'the "Expired" filter should put silences=expired in the URL');
      await until(async () => (await row.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')))).includes('expired'),
        'the silence is not listed as expired');
      await ctx.look('expired silence');
    },
  },
  {
    name: 'owner adds an action to the catalogue and deletes it',
    async run(ctx) {
      const page = await ctx.as('owner');
      const actions = ctx.workspaceApi('/actions');
      await requireEndpoint(ctx, actions);
      const name = `e2e_rollback_${Date.now()}`;
      ctx.cleanup(async () => {
        /** @type {{ id: string, name: string }[]} */
        const listed = await ok(ctx, 'owner', 'GET', actions);
        for (const action of listed.filter((a) => a.name === name)) {
          await call(ctx, 'owner', 'DELETE', `${actions}/${action.id}`);
        }
      });
      await ctx.open(workspacePage(ctx, 'alerting', 'tab=actions'));
      await page.getByRole('textbox', { name: 'Action name' }).fill(name);
      await page.getByRole('textbox', { name: 'What it does' }).fill('Rolls checkout back to its previous version (journey test)');
      await page.getByRole('textbox', { name: 'Webhook URL' }).fill(RECEIVER);
      await page.getByRole('combobox', { name: 'Risk tier' }).selectOption('medium');
      await page.getByRole('button', { name: 'Add action' }).click();
      const row = page.locator(`[data-testid=action-row][data-action="${name}"]`);
      await row.waitFor();
      check((await row.innerText()).includes('an admin or owner'), 'the action does not say who approves its tier');
      await ctx.look();
      await row.getByRole('button', { name: `Delete action ${name}` }).click();
      await page.getByRole('group', { name: `Confirm: Delete action ${name}` }).getByRole('button', { name: 'Delete action' }).click();
      await until(async () => (await row.count()) === 0, `the action ${name} is still listed after its deletion`);
    },
  },
  {
    name: 'owner opens the approvals',
    async run(ctx) {
      const page = await ctx.as('owner');
      await requireEndpoint(ctx, ctx.workspaceApi('/approvals'));
      await ctx.open(workspacePage(ctx, 'approvals'));
      await page.getByRole('heading', { name: /^Waiting for a decision/ }).waitFor();
      // No way yet to make a request from outside (only the agent's propose_action tool does):
      // a pending one is approved when there is one, and the step says so when there is none.
      const card = page.getByTestId('approval-card').filter({ has: page.getByRole('button', { name: /^Approve / }) }).first();
      if ((await card.count()) > 0 && (await card.getByRole('button', { name: /^Approve / }).isEnabled())) {
        const id = await card.getAttribute('data-approval');
        await card.getByRole('button', { name: /^Approve / }).click();
        await until(async () => (await page.locator(`[data-testid=approval-card][data-approval="${id}"]`).count()) === 0,
          `the approval ${id} is still pending after one click on Approve`);
      }
      await ctx.look();
    },
  },
  {
    name: 'a viewer cannot add a channel, silence, action or rule',
    async run(ctx) {
      const page = await loggedIn(ctx, 'viewer');
      await ctx.open(workspacePage(ctx, 'alerting'));
      await page.getByText('Admins manage notification channels').waitFor();
      check((await page.getByRole('button', { name: 'Add channel' }).count()) === 0, 'a viewer is offered "Add channel"');
      check((await page.getByTestId('channel-row').count()) === 0, 'the channels (with their targets) are listed to a viewer');
      const refused = await call(ctx, 'viewer', 'POST', ctx.workspaceApi('/notification-channels'), { kind: 'webhook', name: 'nope', target: RECEIVER });
      check(refused.status === 403, `a viewer's POST …/notification-channels answered ${refused.status}, not 403`);
      await ctx.look('channels');
      await ctx.open(workspacePage(ctx, 'alerting', 'tab=silences'));
      await allDisabled(page.getByRole('button', { name: 'Create silence' }), '"Create silence" button');
      await ctx.look('silences');
      await ctx.open(workspacePage(ctx, 'alerting', 'tab=actions'));
      await page.getByTestId('actions-read-only').waitFor();
      check((await page.getByRole('button', { name: 'Add action' }).count()) === 0, 'a viewer is offered "Add action"');
      await ctx.look('actions');
      await ctx.open(ctx.place('rules'));
      check((await page.getByRole('link', { name: 'New rule' }).count()) === 0, 'a viewer is offered "New rule"');
      await ctx.look('rules');
    },
  },
];
