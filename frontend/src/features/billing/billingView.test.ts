import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api';
import type { Catalogue, Plan } from './billing';
import {
  actionProblem,
  billingFacts,
  changedPlanId,
  CONFIRM_TIMEOUT_MS,
  confirmation,
  dayOf,
  formatBillingView,
  instantMillis,
  invoiceRow,
  parseBillingView,
  paymentArrived,
  planActions,
  planNameOf,
  POLL_EVERY_MS,
  pollInterval,
  safeRedirect,
} from './billingView';
import type { Billing, Invoice } from './subscription';

function plan(id: string, name: string, monthlyUsd: number, seats: number | null): Plan {
  return {
    id,
    name,
    version: 'v1',
    monthlyUsd,
    seatUsd: monthlyUsd === 0 ? 0 : 12,
    limits: { perMonth: { spans: 1_000_000 }, retentionDays: 7, seats, services: null },
    allowsOverage: monthlyUsd > 0,
    overage: [],
  };
}

const catalogue: Catalogue = {
  version: 'v1',
  currency: 'USD',
  defaultPlan: 'free',
  plans: [plan('free', 'Free', 0, 3), plan('indie', 'Indie', 29, 5), plan('startup', 'Startup', 149, 20), plan('growth', 'Growth', 599, 75), plan('scale', 'Scale', 2499, null)],
};

function billing(overrides: Partial<Billing> = {}): Billing {
  return {
    enabled: true,
    howToEnable: null,
    plan: 'startup',
    status: 'active',
    inEffect: 'startup',
    graceUntil: null,
    seatsInUse: 4,
    seatsBilled: null,
    customer: false,
    subscription: null,
    canManage: true,
    ...overrides,
  };
}

const subscribed = (status = 'active', extra: Partial<NonNullable<Billing['subscription']>> = {}) => ({
  subscription: { id: 'sub_1', status, currentPeriodEnd: '2026-08-01T00:00:00Z', cancelAtPeriodEnd: false, ...extra },
  customer: true,
  seatsBilled: 4,
});

const NOW = new Date('2026-07-15T12:00:00Z');

describe('the billing page in the URL', () => {
  it('reads back what it wrote', () => {
    const views = [{}, { checkout: 'success' as const, session: 'cs_123' }, { checkout: 'canceled' as const }, { confirm: 'free' }, { changed: 'indie' }];
    for (const view of views) {
      expect(parseBillingView(formatBillingView(view))).toEqual(view);
    }
  });

  it('reads what Stripe comes back with', () => {
    expect(parseBillingView(new URLSearchParams('checkout=success&session=cs_test_1'))).toEqual({ checkout: 'success', session: 'cs_test_1' });
    expect(parseBillingView(new URLSearchParams('checkout=canceled'))).toEqual({ checkout: 'canceled' });
  });

  it('ignores what it does not know', () => {
    expect(parseBillingView(new URLSearchParams('checkout=maybe&confirm=&x=1'))).toEqual({});
  });
});

describe('instants', () => {
  it('reads ISO text and Unix seconds alike', () => {
    expect(instantMillis('2026-08-01T00:00:00Z')).toBe(Date.UTC(2026, 7, 1));
    expect(instantMillis(1_785_542_400)).toBe(1_785_542_400_000);
    expect(instantMillis('1785542400')).toBe(1_785_542_400_000);
    expect(instantMillis(null)).toBeUndefined();
    expect(instantMillis('soon')).toBeUndefined();
    expect(dayOf(1_785_542_400)).toBe('2026-08-01');
    expect(dayOf(null)).toBe('—');
  });

  it('reads the plan a change answered, as a plan or a workspace plan', () => {
    const growth = catalogue.plans[3] as Plan;
    expect(changedPlanId(growth)).toBe('growth');
    expect(changedPlanId({ workspaceId: 'w', plan: growth, status: 'active', changedAt: null, graceUntil: null, inEffect: 'growth' })).toBe('growth');
  });

  it('names a plan given by id or as an object', () => {
    expect(planNameOf('growth', catalogue)).toBe('Growth');
    expect(planNameOf({ id: 'team', name: 'Team' }, catalogue)).toBe('Team');
    expect(planNameOf('team', undefined)).toBe('team');
  });
});

describe('the facts', () => {
  it('an active plan set by the service, without a subscription', () => {
    const facts = billingFacts(billing(), catalogue, NOW);
    expect(facts).toMatchObject({
      planId: 'startup',
      planName: 'Startup',
      statusText: 'Active',
      statusAlert: false,
      seatsText: '4 in use, none billed (no subscription); the plan allows 20',
      seatsOver: false,
      subscriptionText: 'None: the plan was set by the service, not bought through Stripe',
    });
  });

  it('a paid subscription: seats billed and the period end', () => {
    const facts = billingFacts(billing(subscribed()), catalogue, NOW);
    expect(facts.seatsText).toBe('4 in use, 4 billed; the plan allows 20');
    expect(facts.subscriptionText).toBe('Renews on 2026-08-01 (UTC)');
    expect(billingFacts(billing(subscribed('active', { cancelAtPeriodEnd: true })), catalogue, NOW).subscriptionText).toBe(
      'Ends on 2026-08-01 (UTC), not renewed',
    );
  });

  it('past due: grace until a day, then the grace ended and the default plan in effect', () => {
    const inGrace = billingFacts(billing({ ...subscribed('past_due'), status: 'past_due', graceUntil: '2026-07-20T00:00:00Z' }), catalogue, NOW);
    expect(inGrace.statusText).toBe('Past due: grace until 2026-07-20 (UTC); pay the open invoice before then');
    expect(inGrace.statusAlert).toBe(true);
    expect(inGrace.subscriptionText).toBe('Renews on 2026-08-01 (UTC) (Stripe: past due)');
    const ended = billingFacts(billing({ status: 'past_due', graceUntil: '2026-07-10T00:00:00Z', inEffect: 'free' }), catalogue, NOW);
    expect(ended.statusText).toBe("Past due: the grace ended on 2026-07-10 (UTC); Free's limits apply");
    expect(ended.inEffectName).toBe('Free');
  });

  it('canceled: the default plan in effect, its seat limit', () => {
    const facts = billingFacts(billing({ ...subscribed('canceled'), status: 'canceled', inEffect: 'free' }), catalogue, NOW);
    expect(facts.statusText).toBe("Canceled: Free's limits apply");
    expect(facts.subscriptionText).toBe('Canceled');
    expect(facts.seatsText).toBe('4 in use, 4 billed; the plan allows 3');
    expect(facts.seatsOver).toBe(true);
  });

  it('no subscription: canceled, never paid, or set by the service', () => {
    expect(billingFacts(billing({ status: 'canceled', inEffect: 'free', customer: true }), catalogue, NOW).subscriptionText).toBe(
      'None: the subscription was canceled',
    );
    expect(billingFacts(billing({ customer: true }), catalogue, NOW).subscriptionText).toBe('None: no checkout was paid');
    expect(billingFacts(billing({ customer: false }), catalogue, NOW).subscriptionText).toBe(
      'None: the plan was set by the service, not bought through Stripe',
    );
  });

  it('free costs nothing; a plan without a seat limit says so', () => {
    expect(billingFacts(billing({ plan: 'free', inEffect: 'free', seatsInUse: 1 }), catalogue, NOW).subscriptionText).toBe('None: Free costs nothing');
    expect(billingFacts(billing({ plan: 'scale', inEffect: 'scale' }), catalogue, NOW).seatsText).toBe(
      '4 in use, none billed (no subscription); the plan has no seat limit',
    );
  });
});

describe("the plans' buttons", () => {
  it('offers nothing when billing is off or to those who may not manage it', () => {
    expect(planActions(billing({ enabled: false }), catalogue.plans)).toEqual([]);
    expect(planActions(billing({ canManage: false }), catalogue.plans)).toEqual([]);
  });

  it('upgrades above the current plan, switches below; checkout needs no question', () => {
    const actions = planActions(billing(), catalogue.plans);
    expect(actions.map((a) => [a.plan, a.kind, a.label])).toEqual([
      ['free', 'switch', 'Switch to Free'],
      ['indie', 'switch', 'Switch to Indie'],
      ['startup', 'current', 'Your plan'],
      ['growth', 'upgrade', 'Upgrade to Growth'],
      ['scale', 'upgrade', 'Upgrade to Scale'],
    ]);
    expect(actions.find((a) => a.plan === 'growth')?.confirm).toBeUndefined();
    expect(actions.find((a) => a.plan === 'free')?.confirm).toBe("Move to Free now? Its limits apply at once.");
  });

  it('asks before changing a live subscription at once', () => {
    const actions = planActions(billing(subscribed()), catalogue.plans);
    expect(actions.find((a) => a.plan === 'growth')?.confirm).toBe(
      'Switch to Growth now? Stripe changes the subscription at once and prorates the difference on the next invoice.',
    );
    expect(actions.find((a) => a.plan === 'free')?.confirm).toBe(
      "Move to Free now? The subscription is canceled at once and Free's limits apply.",
    );
  });

  it('after a cancellation the plan in effect is the current one, and the old plan can be bought again', () => {
    const actions = planActions(billing({ ...subscribed('canceled'), status: 'canceled', inEffect: 'free' }), catalogue.plans);
    expect(actions.find((a) => a.plan === 'free')?.kind).toBe('current');
    const startup = actions.find((a) => a.plan === 'startup');
    expect(startup).toMatchObject({ kind: 'upgrade', label: 'Upgrade to Startup' });
    expect(startup?.confirm).toBeUndefined();
  });
});

describe('waiting for a paid checkout', () => {
  const start = 1_000_000;

  it('waits until an active subscription and an active plan arrive', () => {
    expect(confirmation(undefined, start, start)).toBe('waiting');
    expect(confirmation(billing(), start, start + 5_000)).toBe('waiting');
    expect(confirmation(billing({ ...subscribed('incomplete') }), start, start + 5_000)).toBe('waiting');
    expect(confirmation(billing({ ...subscribed(), plan: 'growth', inEffect: 'growth' }), start, start + 5_000)).toBe('confirmed');
  });

  it('a past-due plan is not a payment', () => {
    expect(paymentArrived(billing({ ...subscribed('active'), status: 'past_due' }))).toBe(false);
    expect(paymentArrived(billing({ ...subscribed('trialing') }))).toBe(true);
  });

  it('gives up after 30 s, unless the plan arrived', () => {
    expect(confirmation(billing(), start, start + CONFIRM_TIMEOUT_MS - 1)).toBe('waiting');
    expect(confirmation(billing(), start, start + CONFIRM_TIMEOUT_MS)).toBe('timed-out');
    expect(confirmation(billing(subscribed()), start, start + CONFIRM_TIMEOUT_MS * 2)).toBe('confirmed');
  });

  it('polls only while waiting', () => {
    expect(pollInterval('waiting')).toBe(POLL_EVERY_MS);
    expect(pollInterval('confirmed')).toBe(false);
    expect(pollInterval('timed-out')).toBe(false);
  });
});

describe('leaving for Stripe', () => {
  it('follows only http(s) addresses', () => {
    expect(safeRedirect('http://localhost:12111/checkout/cs_1')).toBe('http://localhost:12111/checkout/cs_1');
    expect(safeRedirect('https://checkout.stripe.com/c/pay/cs_1')).toBe('https://checkout.stripe.com/c/pay/cs_1');
    expect(safeRedirect('javascript:alert(1)')).toBeUndefined();
    expect(safeRedirect('/relative')).toBeUndefined();
    expect(safeRedirect(undefined)).toBeUndefined();
  });
});

describe('invoices', () => {
  const invoice: Invoice = {
    id: 'in_1',
    number: 'TH-0001',
    status: 'paid',
    totalUsd: 1496,
    currency: 'usd',
    created: '2026-07-01T00:00:00Z',
    periodStart: '2026-07-01T00:00:00Z',
    periodEnd: 1_785_542_400,
    hostedInvoiceUrl: 'http://localhost:12111/invoices/in_1',
    pdfUrl: null,
  };

  it('is a row of words', () => {
    expect(invoiceRow(invoice)).toEqual({
      id: 'in_1',
      number: 'TH-0001',
      period: '2026-07-01 – 2026-08-01',
      total: '$1,496.00',
      status: 'Paid',
      due: false,
      hostedUrl: 'http://localhost:12111/invoices/in_1',
      pdfUrl: undefined,
    });
  });

  it('marks what is to be paid, and names an invoice without a number by its id', () => {
    const row = invoiceRow({ ...invoice, status: 'open', number: null, totalUsd: '161.5' });
    expect(row).toMatchObject({ number: 'in_1', status: 'Open (to be paid)', due: true, total: '$161.50' });
  });
});

describe('a failed change', () => {
  it('Stripe not answering: its detail, and a retry', () => {
    const error = new ApiError({
      type: 'https://tracehound.dev/problems/stripe-unavailable',
      title: 'Stripe unavailable',
      status: 503,
      detail: 'Stripe did not answer; nothing changed; try again.',
    });
    expect(actionProblem(error)).toEqual({ title: 'Stripe did not answer', detail: 'Stripe did not answer; nothing changed; try again.', retry: true });
  });

  it('refusals: no retry, and why', () => {
    expect(actionProblem(new ApiError({ title: 'Forbidden', status: 403, detail: 'Not allowed.' }))).toEqual({
      title: 'Forbidden',
      detail: 'Not allowed. Only workspace owners change the plan and open the billing portal.',
      retry: false,
    });
    expect(actionProblem(new ApiError({ type: '/problems/billing-not-configured', title: 'Billing not configured', status: 409 }))).toEqual({
      title: 'Billing not configured',
      detail: 'Billing not configured. Billing is off on this service.',
      retry: false,
    });
    expect(actionProblem(new ApiError({ type: '/problems/unknown-plan', title: 'Unknown plan', status: 400, detail: 'No plan "team".' })).retry).toBe(false);
  });

  it('no answer at all: a retry', () => {
    expect(actionProblem(new ApiError({ title: 'No answer from the service', status: 0, detail: 'down' })).retry).toBe(true);
    expect(actionProblem(new Error('boom'))).toEqual({ title: 'Something went wrong', detail: 'boom', retry: true });
  });
});
