// Billing: the owner reads the plan, upgrades through Stripe's checkout (the dev-stripe stub's
// page, Pay) after Stripe not answering once (the stub's outage), comes back to a page that waits
// for the new plan; opens the billing portal and returns; a member sees the plan but no button to
// change it. The plan goes back at the end. The stub's controls (/_stub/) cancel a subscription an
// earlier run left, so every run goes through checkout.
import { readFile } from 'node:fs/promises';
import { check, until } from '../lib/context.mjs';

export const order = 75;

/** @typedef {{ enabled: boolean, plan: string | { id: string }, status: string, canManage: boolean,
 *   subscription: { id: string, status: string } | null }} Billing */

/** @param {import('../lib/context.mjs').JourneyContext} ctx */
function billingPath(ctx) {
  const workspace = ctx.state.place?.workspace;
  if (workspace === undefined) {
    throw new Error('no place yet: the login step records the workspace the UI opened');
  }
  return `/w/${encodeURIComponent(workspace)}/billing`;
}

/** @param {string | { id: string }} plan */
const planId = (plan) => (typeof plan === 'string' ? plan : plan.id);

/**
 * Whether the browser is on the UI's Billing page (not Stripe's).
 * @param {import('../lib/context.mjs').JourneyContext} ctx
 * @param {URL} url
 */
const onBilling = (ctx, url) => url.origin === new URL(ctx.ui).origin && url.pathname === billingPath(ctx);

/** A subscription Stripe still bills. @param {Billing} billing */
const live = (billing) => billing.subscription !== null && !['canceled', 'incomplete_expired'].includes(billing.subscription.status);

/**
 * The development Stripe stub's URL (./dev up writes it to .dev/dev-stripe.url), or
 * $TRACEHOUND_STRIPE_STUB_URL; undefined against a stack without it (then its controls are not used).
 * @returns {Promise<string | undefined>}
 */
async function stubUrl() {
  const given = process.env.TRACEHOUND_STRIPE_STUB_URL;
  if (given !== undefined && given !== '') {
    return given.replace(/\/+$/, '');
  }
  try {
    return (await readFile(new URL('../../../.dev/dev-stripe.url', import.meta.url), 'utf8')).trim().replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

/** One of the stub's control endpoints (/_stub/…). @param {string} stub @param {string} path */
async function stubPost(stub, path) {
  const answer = await fetch(`${stub}${path}`, { method: 'POST' });
  if (!answer.ok) {
    throw new Error(`the Stripe stub answered ${answer.status} to POST ${path}: ${(await answer.text()).slice(0, 300)}`);
  }
}

/** @param {import('../lib/context.mjs').JourneyContext} ctx */
function billingState(ctx) {
  /** @type {{ enabled?: boolean, before?: string, target?: string, paid?: boolean }} */
  const state = /** @type {never} */ (ctx.state.billing ?? {});
  ctx.state.billing = state;
  return state;
}

/** @type {import('../journey.mjs').Step[]} */
export const steps = [
  {
    name: 'owner opens Billing and sees the plan the billing API names',
    async run(ctx) {
      const page = await ctx.as('owner');
      /** @type {Billing} */
      const billing = await ctx.api('owner', 'GET', ctx.workspaceApi('/billing'));
      await ctx.open(billingPath(ctx));
      const shown = page.getByTestId('billing-plan');
      await shown.waitFor({ timeout: 15_000 });
      const plan = await shown.getAttribute('data-plan');
      check(plan === planId(billing.plan), `the page shows plan ${plan}; GET …/billing says ${planId(billing.plan)}`);
      const state = billingState(ctx);
      state.enabled = billing.enabled;
      state.before = planId(billing.plan);
      await page.getByTestId('plans').waitFor({ timeout: 10_000 });
      const buttons = await page.getByTestId('plan-action').count();
      if (!billing.enabled) {
        check(await page.getByTestId('billing-off').isVisible(), 'billing is off (no Stripe key) but the page does not say so');
        check(buttons === 0, `billing is off, yet the page offers ${buttons} plan button(s)`);
        await ctx.look('billing off');
        return;
      }
      check(billing.canManage, 'GET …/billing says the owner may not manage billing');
      check(buttons > 0, 'the owner sees no Upgrade or Switch button on the plans');
      await ctx.look();
    },
  },
  {
    name: 'a canceled checkout says nothing changed',
    async run(ctx) {
      const page = await ctx.as('owner');
      await ctx.open(`${billingPath(ctx)}?checkout=canceled`);
      const notice = page.getByTestId('checkout-canceled');
      await notice.waitFor({ timeout: 10_000 });
      const text = await notice.innerText();
      check(text.includes('Checkout canceled; nothing changed'), `the notice says "${text}"`);
      await notice.getByRole('button', { name: 'Dismiss' }).click();
      await until(async () => new URL(page.url()).search === '', `Dismiss should clear the URL's checkout: ${page.url()}`);
    },
  },
  {
    name: 'owner upgrades via checkout after one Stripe outage',
    timeout: 180_000,
    async run(ctx) {
      const state = billingState(ctx);
      if (state.enabled !== true || state.before === undefined) {
        ctx.skip(state.enabled === false ? 'billing is off on this stack (no Stripe key)' : 'the billing page did not open');
      }
      const page = await ctx.as('owner');
      const before = state.before;
      const stub = await stubUrl();
      /** @type {{ plans: { id: string, name: string }[] }} */
      const catalogue = await ctx.api('owner', 'GET', '/api/v1/plans');
      const at = catalogue.plans.findIndex((p) => p.id === before);
      const target = catalogue.plans[at + 1];
      check(at >= 0 && target !== undefined, `no plan above ${before} in the catalogue: ${catalogue.plans.map((p) => p.id).join(', ')}`);
      state.target = target.id;

      // The next run of the journey expects the demo plan with a subscription Stripe bills
      // (usage.mjs names the plan): put it back at the end, paying the stub again if need be.
      ctx.cleanup(async () => {
        /** @type {Billing} */
        const after = await ctx.api('owner', 'GET', ctx.workspaceApi('/billing'));
        if (planId(after.plan) === before && (after.subscription === null || live(after))) {
          return;
        }
        /** @type {{ action: string, url?: string }} */
        const answer = await ctx.api('owner', 'POST', ctx.workspaceApi('/billing/plan'), { plan: before });
        if (answer.action === 'checkout' && answer.url !== undefined) {
          const owner = await ctx.as('owner');
          await owner.goto(answer.url);
          await Promise.all([owner.waitForURL((url) => onBilling(ctx, url), { timeout: 30_000 }), owner.getByTestId('pay').click()]);
        }
      });

      // A subscription from an earlier run would change at once; the stub cancels it, so the
      // upgrade goes through checkout as it does for a workspace that never paid.
      /** @type {Billing} */
      let billing = await ctx.api('owner', 'GET', ctx.workspaceApi('/billing'));
      if (live(billing) && billing.subscription !== null && stub !== undefined) {
        const path = `/_stub/subscriptions/${billing.subscription.id}/cancel`;
        const canceled = await fetch(`${stub}${path}`, { method: 'POST' });
        if (canceled.status === 404) {
          // A stub started afresh (a new ./dev up on the same database) never had it, like a Stripe
          // account switched: the service finds its customer gone and starts over with checkout.
          billing = { ...billing, subscription: null };
        } else if (!canceled.ok) {
          throw new Error(`the Stripe stub answered ${canceled.status} to POST ${path}: ${(await canceled.text()).slice(0, 300)}`);
        } else {
          billing = await until(async () => {
            /** @type {Billing} */
            const now = await ctx.api('owner', 'GET', ctx.workspaceApi('/billing'));
            return !live(now) && now;
          }, 'after the stub canceled the subscription, GET …/billing should say so', 20_000);
        }
      }

      await ctx.open(billingPath(ctx));
      const button = page.locator(`[data-testid=plan-action][data-plan="${target.id}"]`);
      const label = (await button.innerText()).trim();
      check(label === `Upgrade to ${target.name}`, `the button of ${target.name} says "${label}"`);
      if (stub !== undefined && !live(billing)) {
        // Stripe does not answer: the page says nothing changed and offers a retry.
        ctx.cleanup(() => stubPost(stub, '/_stub/outage?on=false'));
        await stubPost(stub, '/_stub/outage?on=true');
        try {
          await button.click();
          const error = page.getByTestId('billing-error');
          await error.waitFor({ timeout: 20_000 });
          const text = await error.innerText();
          check(/nothing changed/i.test(text), `with Stripe down the page should say nothing changed; it says "${text}"`);
          await ctx.look('stripe down');
        } finally {
          await stubPost(stub, '/_stub/outage?on=false');
        }
        await page.getByTestId('billing-error').getByRole('button', { name: 'Try again' }).click();
      } else {
        await button.click();
      }
      // No live subscription: off to Stripe's checkout. One (no stub to cancel it): asked, then changed.
      const confirm = page.getByTestId('plan-confirm');
      const where = await until(async () => {
        if (new URL(page.url()).origin !== new URL(ctx.ui).origin) {
          return 'checkout';
        }
        if (await confirm.isVisible()) {
          return 'confirm';
        }
        return (await page.getByTestId('plan-changed').isVisible()) ? 'changed' : undefined;
      }, `clicking "${label}" should open Stripe's checkout (or ask to change the subscription); the browser is on ${page.url()}`, 20_000);
      check(where !== 'changed',
        'GET …/billing showed no live subscription, yet POST …/billing/plan changed the plan at once instead of answering a checkout: Stripe has a subscription the service does not show');

      if (where === 'checkout') {
        const pay = page.getByTestId('pay');
        await pay.waitFor({ timeout: 15_000 });
        await ctx.look('stripe checkout');
        await Promise.all([
          page.waitForURL((url) => onBilling(ctx, url), { timeout: 30_000 }),
          pay.click(),
        ]);
        const search = new URL(page.url()).searchParams;
        check(['success', 'confirmed'].includes(search.get('checkout') ?? ''), `back from checkout the URL should say checkout=success: ${page.url()}`);
        state.paid = true;
      } else {
        await confirm.getByRole('button', { name: `Yes, upgrade to ${target.name}` }).click();
      }
      await page.locator(`[data-testid=billing-plan][data-plan="${target.id}"]`).waitFor({ timeout: 40_000 });
      if (where === 'checkout') {
        await page.getByTestId('checkout-confirmed').waitFor({ timeout: 10_000 });
        check(!(await page.getByTestId('checkout-timeout').isVisible()), 'the page gave up waiting for the payment');
      }
      /** @type {{ plan: { id: string }, status: string }} */
      const now = await ctx.api('owner', 'GET', ctx.workspaceApi('/plan'));
      check(now.plan.id === target.id, `GET …/plan says ${now.plan.id} after the upgrade, not ${target.id}`);
      check(now.status === 'active', `GET …/plan says ${now.status} after the upgrade`);
      await ctx.settled();
      const name = (await page.getByTestId('billing-plan-name').innerText()).trim();
      check(name === target.name, `the page names the plan "${name}", not ${target.name}`);
      if (state.paid) {
        await page.getByTestId('invoice').first().waitFor({ timeout: 15_000 });
      }
      await ctx.look();
    },
  },
  {
    name: "owner opens Stripe's billing portal and comes back",
    async run(ctx) {
      const state = billingState(ctx);
      if (state.enabled !== true) {
        ctx.skip('billing is off on this stack (no Stripe key)');
      }
      const page = await ctx.as('owner');
      if (!onBilling(ctx, new URL(page.url()))) {
        await ctx.open(billingPath(ctx));
      }
      await Promise.all([
        page.waitForURL((url) => url.origin !== new URL(ctx.ui).origin, { timeout: 20_000 }),
        page.getByTestId('portal').click(),
      ]);
      const back = page.getByTestId('portal-return');
      await back.waitFor({ timeout: 15_000 });
      await ctx.screenshot('stripe portal');
      await Promise.all([page.waitForURL((url) => onBilling(ctx, url), { timeout: 20_000 }), back.click()]);
      await ctx.settled();
      await page.getByTestId('billing-plan').waitFor({ timeout: 15_000 });
    },
  },
  {
    name: 'a member sees the plan but no button to change it, and no invoices',
    async run(ctx) {
      const page = await ctx.as('member');
      await ctx.open(billingPath(ctx));
      await page.getByTestId('billing-plan').waitFor({ timeout: 15_000 });
      await page.getByTestId('plans').waitFor({ timeout: 10_000 });
      const buttons = await page.getByTestId('plan-action').count();
      check(buttons === 0, `a member sees ${buttons} plan button(s)`);
      check((await page.getByTestId('portal').count()) === 0, 'a member sees the billing portal button');
      check((await page.getByTestId('invoices').count()) === 0, 'a member sees the invoices');
      if (billingState(ctx).enabled === true) {
        check(await page.getByTestId('billing-read-only').isVisible(), 'the page does not say only owners change the plan');
      }
      await ctx.look();
    },
  },
];
