/**
 * The Billing page's pure parts: its state in the URL, the facts in words, what each plan's
 * button does, the wait for a paid checkout, invoices as rows.
 */
import { ApiError } from '../../lib/api';
import type { Catalogue, Plan, WorkspacePlan } from './billing';
import type { Billing, Instant, Invoice, PlanRef } from './subscription';

// ---- the URL ----

/**
 * What the URL holds. `checkout` is what Stripe's checkout came back with (success, canceled),
 * or `confirmed` once the paid plan arrived; `session` the checkout session; `confirm` a plan
 * whose change waits for a second click; `changed` the plan just changed to.
 */
export interface BillingView {
  checkout?: 'success' | 'canceled' | 'confirmed';
  session?: string;
  confirm?: string;
  changed?: string;
}

const CHECKOUT = ['success', 'canceled', 'confirmed'] as const;

export function parseBillingView(params: URLSearchParams): BillingView {
  const view: BillingView = {};
  const checkout = params.get('checkout');
  if (checkout !== null && (CHECKOUT as readonly string[]).includes(checkout)) {
    view.checkout = checkout as BillingView['checkout'];
  }
  for (const key of ['session', 'confirm', 'changed'] as const) {
    const value = params.get(key);
    if (value !== null && value !== '') {
      view[key] = value;
    }
  }
  return view;
}

export function formatBillingView(view: BillingView): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['checkout', 'session', 'confirm', 'changed'] as const) {
    const value = view[key];
    if (value !== undefined) {
      params.set(key, value);
    }
  }
  return params;
}

// ---- instants and plans ----

/** An instant's milliseconds: ISO text, or Unix seconds (Stripe's); undefined when unreadable. */
export function instantMillis(instant: Instant | null | undefined): number | undefined {
  if (instant === null || instant === undefined) {
    return undefined;
  }
  if (typeof instant === 'number') {
    return instant < 1e11 ? instant * 1000 : instant;
  }
  if (/^\d+$/.test(instant)) {
    return instantMillis(Number(instant));
  }
  const millis = Date.parse(instant);
  return Number.isNaN(millis) ? undefined : millis;
}

/** YYYY-MM-DD (UTC), or "—". */
export function dayOf(instant: Instant | null | undefined): string {
  const millis = instantMillis(instant);
  return millis === undefined ? '—' : new Date(millis).toISOString().slice(0, 10);
}

export function planIdOf(plan: PlanRef): string {
  return typeof plan === 'string' ? plan : plan.id;
}

/** The plan a change answered: the plan itself, or a workspace's plan (GET …/plan's shape). */
export function changedPlanId(plan: Plan | WorkspacePlan): string {
  return 'workspaceId' in plan ? plan.plan.id : plan.id;
}

/** A plan's name from the catalogue, else the answer's own, else its id. */
export function planNameOf(plan: PlanRef, catalogue: Catalogue | undefined): string {
  const id = planIdOf(plan);
  return catalogue?.plans.find((p) => p.id === id)?.name ?? (typeof plan === 'string' ? undefined : plan.name) ?? id;
}

function isFree(plan: Plan): boolean {
  return plan.monthlyUsd === 0 && plan.seatUsd === 0;
}

/** A subscription Stripe still bills: not canceled, not an expired first attempt. */
export function hasLiveSubscription(billing: Billing): boolean {
  const status = billing.subscription?.status;
  return status !== undefined && status !== 'canceled' && status !== 'incomplete_expired';
}

// ---- the facts ----

export interface BillingFacts {
  planId: string;
  planName: string;
  inEffectId: string;
  inEffectName: string;
  statusText: string;
  /** Past due or canceled: shown as an alert, in words too. */
  statusAlert: boolean;
  seatsText: string;
  /** More seats in use than the plan in effect allows. */
  seatsOver: boolean;
  subscriptionText: string;
}

export function billingFacts(billing: Billing, catalogue: Catalogue | undefined, now: Date): BillingFacts {
  const planId = planIdOf(billing.plan);
  const inEffectId = planIdOf(billing.inEffect);
  const planName = planNameOf(billing.plan, catalogue);
  const inEffectName = planNameOf(billing.inEffect, catalogue);
  const seatLimit = catalogue?.plans.find((p) => p.id === inEffectId)?.limits.seats;
  return {
    planId,
    planName,
    inEffectId,
    inEffectName,
    statusText: statusText(billing, inEffectName, now),
    statusAlert: billing.status !== 'active',
    seatsText: seatsText(billing, seatLimit),
    seatsOver: seatLimit !== undefined && seatLimit !== null && billing.seatsInUse > seatLimit,
    subscriptionText: subscriptionText(billing, catalogue),
  };
}

/** Active; past due with its grace ("grace until …") or its end; canceled. */
export function statusText(billing: Billing, inEffectName: string, now: Date): string {
  switch (billing.status) {
    case 'active':
      return 'Active';
    case 'past_due': {
      const grace = instantMillis(billing.graceUntil);
      if (grace === undefined) {
        return 'Past due: pay the open invoice';
      }
      if (grace > now.getTime()) {
        return `Past due: grace until ${dayOf(billing.graceUntil)} (UTC); pay the open invoice before then`;
      }
      return `Past due: the grace ended on ${dayOf(billing.graceUntil)} (UTC); ${inEffectName}'s limits apply`;
    }
    case 'canceled':
      return `Canceled: ${inEffectName}'s limits apply`;
    default:
      return String(billing.status);
  }
}

/** "4 in use, 4 billed; the plan allows 20". */
export function seatsText(billing: Billing, limit: number | null | undefined): string {
  const inUse = `${billing.seatsInUse.toLocaleString('en')} in use`;
  const billed =
    billing.seatsBilled === null ? 'none billed (no subscription)' : `${billing.seatsBilled.toLocaleString('en')} billed`;
  const allowed =
    limit === undefined ? '' : limit === null ? '; the plan has no seat limit' : `; the plan allows ${limit.toLocaleString('en')}`;
  return `${inUse}, ${billed}${allowed}`;
}

/** The subscription's period end and whether it renews; what no subscription means. */
export function subscriptionText(billing: Billing, catalogue: Catalogue | undefined): string {
  const subscription = billing.subscription;
  if (subscription === null) {
    const plan = catalogue?.plans.find((p) => p.id === planIdOf(billing.plan));
    if (billing.status === 'canceled') {
      return 'None: the subscription was canceled';
    }
    if (plan !== undefined && isFree(plan)) {
      return `None: ${plan.name} costs nothing`;
    }
    return billing.customer === true || typeof billing.customer === 'string'
      ? 'None: no checkout was paid'
      : 'None: the plan was set by the service, not bought through Stripe';
  }
  const end = dayOf(subscription.currentPeriodEnd);
  switch (subscription.status) {
    case 'canceled':
    case 'incomplete_expired':
      return 'Canceled';
    case 'incomplete':
      return 'Waiting for the first payment';
    default: {
      const state = subscription.status === 'active' ? '' : ` (Stripe: ${subscription.status.replaceAll('_', ' ')})`;
      return subscription.cancelAtPeriodEnd
        ? `Ends on ${end} (UTC), not renewed${state}`
        : `Renews on ${end} (UTC)${state}`;
    }
  }
}

// ---- the plans' buttons ----

export interface PlanAction {
  plan: string;
  kind: 'current' | 'upgrade' | 'switch';
  /** "Upgrade to Growth", "Switch to Indie"; "Your plan" for the current one. */
  label: string;
  /** The question asked before a change that happens at once (no checkout in between). */
  confirm?: string;
}

/**
 * What each plan of the catalogue offers, smallest first: nothing when billing is off or the
 * caller may not manage it. The current plan is the chosen one, or the one in effect once canceled.
 */
export function planActions(billing: Billing, plans: readonly Plan[]): PlanAction[] {
  if (!billing.enabled || !billing.canManage) {
    return [];
  }
  const current = billing.status === 'canceled' ? planIdOf(billing.inEffect) : planIdOf(billing.plan);
  const at = plans.findIndex((p) => p.id === current);
  const live = hasLiveSubscription(billing);
  return plans.map((plan, index): PlanAction => {
    if (plan.id === current) {
      return { plan: plan.id, kind: 'current', label: 'Your plan' };
    }
    const kind = at >= 0 && index > at ? 'upgrade' : 'switch';
    const label = `${kind === 'upgrade' ? 'Upgrade' : 'Switch'} to ${plan.name}`;
    return { plan: plan.id, kind, label, confirm: confirmText(plan, live) };
  });
}

function confirmText(plan: Plan, live: boolean): string | undefined {
  if (isFree(plan)) {
    return live
      ? `Move to ${plan.name} now? The subscription is canceled at once and ${plan.name}'s limits apply.`
      : `Move to ${plan.name} now? Its limits apply at once.`;
  }
  return live
    ? `Switch to ${plan.name} now? Stripe changes the subscription at once and prorates the difference on the next invoice.`
    : undefined;
}

/** Only http(s) addresses leave the page (a checkout or portal URL from the service). */
export function safeRedirect(url: unknown): string | undefined {
  if (typeof url !== 'string') {
    return undefined;
  }
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

// ---- after checkout ----

/** How long the page waits for a paid checkout's plan, and how often it asks. */
export const CONFIRM_TIMEOUT_MS = 30_000;
export const POLL_EVERY_MS = 1_000;

export type Confirmation = 'waiting' | 'confirmed' | 'timed-out';

/**
 * Whether a checkout's payment arrived: the webhook gave the workspace an active subscription
 * and an active plan. The UI cannot know the plan bought (the service builds the success URL).
 */
export function paymentArrived(billing: Billing): boolean {
  const status = billing.subscription?.status;
  return (status === 'active' || status === 'trialing') && billing.status === 'active';
}

export function confirmation(billing: Billing | undefined, startedAt: number, now: number): Confirmation {
  if (billing !== undefined && paymentArrived(billing)) {
    return 'confirmed';
  }
  return now - startedAt >= CONFIRM_TIMEOUT_MS ? 'timed-out' : 'waiting';
}

/** TanStack Query's refetchInterval while waiting; false once confirmed or given up. */
export function pollInterval(state: Confirmation): number | false {
  return state === 'waiting' ? POLL_EVERY_MS : false;
}

// ---- invoices ----

export interface InvoiceRow {
  id: string;
  number: string;
  period: string;
  total: string;
  status: string;
  /** Open or uncollectible: to be paid. */
  due: boolean;
  hostedUrl?: string;
  pdfUrl?: string;
}

const INVOICE_STATUS: Record<string, string> = {
  draft: 'Draft',
  open: 'Open (to be paid)',
  paid: 'Paid',
  uncollectible: 'Uncollectible',
  void: 'Void',
};

export function invoiceRow(invoice: Invoice): InvoiceRow {
  const total = Number(invoice.totalUsd);
  const currency = invoice.currency.toUpperCase();
  return {
    id: invoice.id,
    number: invoice.number ?? invoice.id,
    period: `${dayOf(invoice.periodStart)} – ${dayOf(invoice.periodEnd)}`,
    total: Number.isFinite(total)
      ? currency === 'USD'
        ? `$${total.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
        : `${total.toFixed(2)} ${currency}`
      : String(invoice.totalUsd),
    status: INVOICE_STATUS[invoice.status] ?? invoice.status,
    due: invoice.status === 'open' || invoice.status === 'uncollectible',
    hostedUrl: safeRedirect(invoice.hostedInvoiceUrl),
    pdfUrl: safeRedirect(invoice.pdfUrl),
  };
}

// ---- errors of a change ----

export interface ActionProblem {
  title: string;
  detail: string;
  /** Whether trying again may help (Stripe or the service did not answer). */
  retry: boolean;
}

/**
 * A failed plan change or portal call in words: the problem's own detail, and whether to offer a
 * retry. Stripe not answering (503 stripe-unavailable) changed nothing, so trying again is safe.
 */
export function actionProblem(error: unknown): ActionProblem {
  if (!(error instanceof ApiError)) {
    return { title: 'Something went wrong', detail: error instanceof Error ? error.message : String(error), retry: true };
  }
  const { problem } = error;
  const type = problem.type ?? '';
  if (problem.status === 503 || type.endsWith('stripe-unavailable')) {
    return {
      title: 'Stripe did not answer',
      detail: problem.detail ?? 'Stripe did not answer; nothing changed; try again.',
      retry: true,
    };
  }
  if (problem.status === 0 || problem.status >= 500) {
    return { title: problem.title, detail: problem.detail ?? 'The service did not answer; try again in a moment.', retry: true };
  }
  const advice =
    problem.status === 403
      ? ' Only workspace owners change the plan and open the billing portal.'
      : type.endsWith('billing-not-configured')
        ? ' Billing is off on this service.'
        : '';
  return { title: problem.title, detail: `${problem.detail ?? `${problem.title}.`}${advice}`, retry: false };
}
