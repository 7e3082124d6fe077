/**
 * The billing API of a workspace (Stripe behind it): its subscription, invoices, plan changes
 * and the customer portal. docs/billing.md and the service's /v3/api-docs describe it.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { Plan, PlanStatus, WorkspacePlan } from './billing';

/** An instant as the service writes it: ISO-8601 text, or Unix seconds. */
export type Instant = string | number;

/** A plan as the billing answer names it: its id, or the plan itself. */
export type PlanRef = string | { id: string; name?: string };

export interface BillingSubscription {
  id: string;
  /** Stripe's: active, trialing, past_due, unpaid, canceled, incomplete, incomplete_expired. */
  status: string;
  currentPeriodEnd: Instant | null;
  cancelAtPeriodEnd: boolean;
}

export interface Billing {
  /** False when the service has no Stripe key: plans are what the service sets. */
  enabled: boolean;
  /** When off: a sentence on how to turn billing on (docs/billing.md#stripe). */
  howToEnable: string | null;
  plan: PlanRef;
  status: PlanStatus;
  /** The plan whose limits apply now. */
  inEffect: PlanRef;
  graceUntil: Instant | null;
  seatsInUse: number;
  /** The seat quantity on the subscription; null without one. */
  seatsBilled: number | null;
  /** Whether the workspace has a Stripe customer yet. */
  customer: boolean | string | null;
  subscription: BillingSubscription | null;
  /** Whether the caller may change the plan and see invoices (owners). */
  canManage: boolean;
}

export interface Invoice {
  id: string;
  number: string | null;
  /** draft, open, paid, uncollectible or void. */
  status: string;
  totalUsd: number | string;
  currency: string;
  created: Instant | null;
  periodStart: Instant | null;
  periodEnd: Instant | null;
  hostedInvoiceUrl: string | null;
  pdfUrl: string | null;
}

export interface Invoices {
  invoices: Invoice[];
}

/**
 * A plan change: off to Stripe's checkout (no subscription yet), or done at once; `plan` is the
 * plan now (the service sends the plan; a workspace's plan as GET …/plan is read as well).
 */
export type PlanChange = { action: 'checkout'; url: string } | { action: 'changed'; plan: Plan | WorkspacePlan };

export interface PortalSession {
  url: string;
}

const base = (workspace: string) => `/api/v1/workspaces/${encodeURIComponent(workspace)}`;
export const billingKey = (workspace: string) => ['workspaces', workspace, 'billing'];

/**
 * The workspace's billing; `poll` polls it (the wait for a checkout's webhook).
 * @param poll given the latest answer, milliseconds until the next ask, or false to stop
 */
export function useBilling(workspace: string, poll?: (billing: Billing | undefined) => number | false) {
  return useQuery({
    queryKey: billingKey(workspace),
    queryFn: () => api.get<Billing>(`${base(workspace)}/billing`),
    refetchInterval: poll === undefined ? false : (query) => poll(query.state.data),
  });
}

/** Only for those who may manage billing: the query waits for `enabled`. */
export function useInvoices(workspace: string, enabled: boolean) {
  return useQuery({
    queryKey: [...billingKey(workspace), 'invoices'],
    queryFn: () => api.get<Invoices>(`${base(workspace)}/billing/invoices`),
    enabled,
  });
}

/** Everything a plan change touches: billing, the plan, usage (its limits), the banner. */
export function useRefreshPlan(workspace: string) {
  const queries = useQueryClient();
  return () =>
    Promise.all([
      queries.invalidateQueries({ queryKey: billingKey(workspace) }),
      queries.invalidateQueries({ queryKey: ['workspaces', workspace, 'plan'] }),
      queries.invalidateQueries({ queryKey: ['workspaces', workspace, 'usage'] }),
    ]);
}

export function useChangePlan(workspace: string) {
  const refresh = useRefreshPlan(workspace);
  return useMutation({
    mutationFn: (plan: string) => api.post<PlanChange>(`${base(workspace)}/billing/plan`, { plan }),
    onSuccess: (change) => (change.action === 'changed' ? refresh() : undefined),
  });
}

export function useOpenPortal(workspace: string) {
  return useMutation({
    mutationFn: () => api.post<PortalSession>(`${base(workspace)}/billing/portal`),
  });
}
