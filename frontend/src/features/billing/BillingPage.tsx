import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useShell } from '../../app/Shell';
import { ErrorState, Loading } from '../../app/states';
import { type Catalogue, usePlans } from './billing';
import {
  actionProblem,
  billingFacts,
  type BillingView,
  changedPlanId,
  type Confirmation,
  confirmation,
  formatBillingView,
  parseBillingView,
  type PlanAction,
  planActions,
  planNameOf,
  POLL_EVERY_MS,
  pollInterval,
  safeRedirect,
} from './billingView';
import { InvoicesTable } from './InvoicesTable';
import { PlansTable } from './PlansTable';
import { type Billing, useBilling, useChangePlan, useOpenPortal, useRefreshPlan } from './subscription';

/**
 * The workspace's billing: its plan and status, seats, the subscription; the plans with a button
 * each for owners (an upgrade goes through Stripe's checkout), the billing portal, invoices.
 * Back from a paid checkout (?checkout=success) it waits for the new plan, polling.
 */
export default function BillingPage() {
  const { workspaceKey } = useShell();
  const [params, setParams] = useSearchParams();
  const view = parseBillingView(params);
  const apply = (next: BillingView) => setParams(formatBillingView(next), { replace: true });

  const waiting = view.checkout === 'success';
  const [startedAt, setStartedAt] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  const billing = useBilling(
    workspaceKey,
    waiting ? (data) => pollInterval(confirmation(data, startedAt, Date.now())) : undefined,
  );
  const plans = usePlans();
  const state: Confirmation | undefined = waiting ? confirmation(billing.data, startedAt, now) : undefined;
  const refresh = useRefreshPlan(workspaceKey);

  useEffect(() => {
    if (state !== 'waiting') {
      return undefined;
    }
    const timer = window.setInterval(() => setNow(Date.now()), POLL_EVERY_MS);
    return () => window.clearInterval(timer);
  }, [state]);

  useEffect(() => {
    if (state === 'confirmed') {
      void refresh();
      setParams(formatBillingView({ checkout: 'confirmed' }), { replace: true });
    }
    // Once, when the payment arrives: the URL then no longer says success.
  }, [state]);

  const checkAgain = () => {
    setStartedAt(Date.now());
    setNow(Date.now());
    void billing.refetch();
  };

  return (
    <section className="billing-page billing-account" data-testid="billing-page">
      <h2>Billing</h2>
      <p className="quiet">The plan and subscription of the whole workspace; every project shares them.</p>
      <Notices
        view={view}
        state={state}
        planName={billing.data === undefined ? undefined : planNameOf(billing.data.plan, plans.data)}
        changedName={view.changed === undefined ? undefined : planNameOf(view.changed, plans.data)}
        onDismiss={() => apply({})}
        onCheckAgain={checkAgain}
      />
      {billing.isPending && <Loading what="the workspace's billing" />}
      {billing.isError && <ErrorState error={billing.error} onRetry={() => void billing.refetch()} />}
      {billing.data !== undefined && (
        <Account
          workspace={workspaceKey}
          billing={billing.data}
          catalogue={plans.data}
          view={view}
          apply={apply}
          locked={state === 'waiting'}
        />
      )}
      {billing.data !== undefined && plans.isPending && <Loading what="the plans" />}
      {plans.isError && <ErrorState error={plans.error} onRetry={() => void plans.refetch()} />}
    </section>
  );
}

/** What came back from Stripe, or what just changed: one line each, dismissable. */
function Notices({ view, state, planName, changedName, onDismiss, onCheckAgain }: {
  view: BillingView;
  state: Confirmation | undefined;
  planName: string | undefined;
  changedName: string | undefined;
  onDismiss: () => void;
  onCheckAgain: () => void;
}) {
  const dismiss = (
    <button type="button" onClick={onDismiss}>
      Dismiss
    </button>
  );
  if (state === 'waiting') {
    return (
      <div className="billing-notice" role="status" data-testid="checkout-waiting">
        <progress aria-label="Confirming your payment" />
        <span>Confirming your payment… The plan changes as soon as Stripe tells Tracehound, usually within seconds.</span>
      </div>
    );
  }
  if (state === 'timed-out') {
    return (
      <div className="billing-notice billing-notice-alert" role="alert" data-testid="checkout-timeout">
        <span>
          The payment is not confirmed after 30 seconds: Stripe may still be telling Tracehound. Check again in a
          moment; if the plan has not changed, see the invoices or ask support before paying a second time.
        </span>
        <button type="button" onClick={onCheckAgain}>
          Check again
        </button>
      </div>
    );
  }
  if (view.checkout === 'confirmed') {
    return (
      <div className="billing-notice billing-notice-ok" role="status" data-testid="checkout-confirmed">
        <span>Payment received: the workspace is on {planName ?? 'its new plan'}.</span>
        {dismiss}
      </div>
    );
  }
  if (view.checkout === 'canceled') {
    return (
      <div className="billing-notice" role="status" data-testid="checkout-canceled">
        <span>Checkout canceled; nothing changed.</span>
        {dismiss}
      </div>
    );
  }
  if (changedName !== undefined) {
    return (
      <div className="billing-notice billing-notice-ok" role="status" data-testid="plan-changed">
        <span>The plan changed to {changedName}.</span>
        {dismiss}
      </div>
    );
  }
  return null;
}

/** @param locked while a paid checkout is being confirmed: no second change meanwhile */
function Account({ workspace, billing, catalogue, view, apply, locked }: {
  workspace: string;
  billing: Billing;
  catalogue: Catalogue | undefined;
  view: BillingView;
  apply: (view: BillingView) => void;
  locked: boolean;
}) {
  const facts = billingFacts(billing, catalogue, new Date());
  const manage = billing.enabled && billing.canManage;
  return (
    <>
      {!billing.enabled && (
        <section className="billing-off" aria-labelledby="billing-off-title" data-testid="billing-off">
          <h3 id="billing-off-title">Billing is off</h3>
          <p>
            {billing.howToEnable ??
              'This service has no Stripe key, so plans are only what the service sets; see docs/billing.md#stripe.'}
          </p>
        </section>
      )}
      <section
        className="billing-plan"
        aria-labelledby="billing-account-title"
        data-testid="billing-plan"
        data-plan={facts.planId}
        data-status={billing.status}
      >
        <h3 id="billing-account-title">
          Plan: <span data-testid="billing-plan-name">{facts.planName}</span>
        </h3>
        <dl className="billing-facts">
          <dt>Status</dt>
          <dd data-testid="billing-status" className={facts.statusAlert ? 'billing-alert' : undefined}>
            {facts.statusText}
          </dd>
          {facts.inEffectId !== facts.planId && (
            <>
              <dt>Limits in effect</dt>
              <dd data-testid="billing-in-effect">{facts.inEffectName}'s</dd>
            </>
          )}
          <dt>Seats</dt>
          <dd data-testid="billing-seats" className={facts.seatsOver ? 'billing-alert' : undefined}>
            {facts.seatsText}
            {facts.seatsOver && ': more than the plan allows'}
          </dd>
          {billing.enabled && (
            <>
              <dt>Subscription</dt>
              <dd data-testid="billing-subscription">{facts.subscriptionText}</dd>
            </>
          )}
        </dl>
        {manage && <Portal workspace={workspace} />}
        {billing.enabled && !billing.canManage && (
          <p className="quiet" data-testid="billing-read-only">
            Only workspace owners change the plan, manage payment methods and see invoices.
          </p>
        )}
      </section>
      {catalogue !== undefined && (
        <PlanChoices workspace={workspace} billing={billing} catalogue={catalogue} view={view} apply={apply} locked={locked} />
      )}
      {manage && <InvoicesTable workspace={workspace} />}
    </>
  );
}

/** Sends the browser to an address the service answered (Stripe's), http(s) only. */
function useLeave() {
  const [leaving, setLeaving] = useState<string>();
  const [refused, setRefused] = useState<string>();
  const leave = (url: unknown, where: string) => {
    const target = safeRedirect(url);
    if (target === undefined) {
      setRefused(`The service answered no usable address for ${where}; nothing changed.`);
      return;
    }
    setRefused(undefined);
    setLeaving(`Opening ${where}…`);
    window.location.assign(target);
  };
  return { leaving, refused, leave };
}

function Portal({ workspace }: { workspace: string }) {
  const portal = useOpenPortal(workspace);
  const { leaving, refused, leave } = useLeave();
  const open = () => portal.mutate(undefined, { onSuccess: (session) => leave(session.url, "Stripe's billing portal") });
  return (
    <div className="billing-portal">
      <button type="button" data-testid="portal" disabled={portal.isPending || leaving !== undefined} onClick={open}>
        Manage payment methods and invoices
      </button>
      {(portal.isPending || leaving !== undefined) && (
        <span role="status" className="quiet">
          {leaving ?? 'Asking Stripe for the portal…'}
        </span>
      )}
      {portal.isError && <ActionError error={portal.error} onRetry={open} />}
      {refused !== undefined && <p className="billing-alert" role="alert">{refused}</p>}
    </div>
  );
}

/** The plans with a button each for owners; a change without checkout asks first. */
function PlanChoices({ workspace, billing, catalogue, view, apply, locked }: {
  workspace: string;
  billing: Billing;
  catalogue: Catalogue;
  view: BillingView;
  apply: (view: BillingView) => void;
  locked: boolean;
}) {
  const change = useChangePlan(workspace);
  const { leaving, refused, leave } = useLeave();
  const { plans } = catalogue;
  const actions = planActions(billing, plans);
  const facts = billingFacts(billing, catalogue, new Date());
  const canceled = billing.status === 'canceled';
  const current = canceled ? facts.inEffectId : facts.planId;
  const busy = change.isPending || leaving !== undefined;
  const asked = actions.find((a) => a.plan === view.confirm && a.confirm !== undefined);

  const changeTo = (plan: string) =>
    change.mutate(plan, {
      onSuccess: (answer) => {
        if (answer.action === 'checkout') {
          leave(answer.url, "Stripe's checkout");
        } else {
          apply({ changed: changedPlanId(answer.plan) });
        }
      },
    });
  const choose = (action: PlanAction) => {
    if (action.confirm !== undefined) {
      apply({ confirm: action.plan });
    } else {
      changeTo(action.plan);
    }
  };

  return (
    <section className="billing-catalogue" aria-labelledby="billing-plans-title">
      <h3 id="billing-plans-title">Plans</h3>
      {asked !== undefined && (
        <div className="billing-confirm" role="group" aria-labelledby="billing-confirm-text" data-testid="plan-confirm">
          <p id="billing-confirm-text">{asked.confirm}</p>
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              apply({});
              changeTo(asked.plan);
            }}
          >
            Yes, {asked.label.charAt(0).toLowerCase() + asked.label.slice(1)}
          </button>
          <button type="button" onClick={() => apply({})}>
            Keep {canceled ? facts.inEffectName : facts.planName}
          </button>
        </div>
      )}
      {busy && (
        <p role="status" className="quiet" data-testid="plan-change-pending">
          {leaving ?? 'Asking Stripe to change the plan…'}
        </p>
      )}
      {change.isError && (
        <ActionError
          error={change.error}
          onRetry={change.variables === undefined ? undefined : () => changeTo(change.variables)}
        />
      )}
      {refused !== undefined && <p className="billing-alert" role="alert">{refused}</p>}
      <PlansTable
        plans={plans}
        current={current}
        action={
          actions.length === 0
            ? undefined
            : (plan) => {
                const action = actions.find((a) => a.plan === plan.id);
                if (action === undefined || action.kind === 'current') {
                  return <span className="quiet">Your plan</span>;
                }
                return (
                  <button
                    type="button"
                    data-testid="plan-action"
                    data-plan={action.plan}
                    data-kind={action.kind}
                    disabled={busy || locked}
                    title={locked ? 'Wait until the payment is confirmed' : undefined}
                    onClick={() => choose(action)}
                  >
                    {action.label}
                  </button>
                );
              }
        }
      />
    </section>
  );
}

/** A failed change: the problem's own words, and a retry when it may help (Stripe did not answer). */
function ActionError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const problem = actionProblem(error);
  return (
    <div className="state error" role="alert" data-testid="billing-error">
      <strong>{problem.title}</strong>
      <p>{problem.detail}</p>
      {problem.retry && onRetry !== undefined && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
