import { Link } from 'react-router';
import { pathOf } from '../../app/paths';
import { ErrorState, Loading } from '../../app/states';
import { type Catalogue, usePlans, useWorkspacePlan } from './billing';
import { limitText, planStatusText, priceText } from './planStatus';
import { PlansTable } from './PlansTable';

/** The workspace's plan: name, status, price, seats and retention, then every plan with it marked. */
export function PlanSummary({ workspace }: { workspace: string }) {
  const plan = useWorkspacePlan(workspace);
  const plans = usePlans();
  if (plan.isPending) {
    return <Loading what="the workspace's plan" />;
  }
  if (plan.isError) {
    return <ErrorState error={plan.error} onRetry={() => void plan.refetch()} />;
  }
  const current = plan.data;
  const nameOf = (id: string) => nameIn(plans.data, id);
  const status = planStatusText(current, nameOf, new Date(), plans.data?.defaultPlan);
  const { limits } = current.plan;
  return (
    <section className="billing-plan" aria-labelledby="billing-plan-title">
      <h3 id="billing-plan-title">
        Plan: <span data-testid="plan-name">{current.plan.name}</span>
      </h3>
      <dl className="billing-facts">
        <dt>Status</dt>
        <dd data-testid="plan-status" className={current.status === 'active' ? undefined : 'billing-alert'}>
          {status}
        </dd>
        {current.inEffect !== current.plan.id && (
          <>
            <dt>Limits in effect</dt>
            <dd>{nameOf(current.inEffect)}</dd>
          </>
        )}
        <dt>Price</dt>
        <dd>{priceText(current.plan)} (viewers take no seat)</dd>
        <dt>Seats</dt>
        <dd>{limitText(limits.seats)}</dd>
        <dt>Retention</dt>
        <dd>{limits.retentionDays} days</dd>
        {current.changedAt !== null && (
          <>
            <dt>Since</dt>
            <dd>{current.changedAt.slice(0, 10)}</dd>
          </>
        )}
      </dl>
      <p className="quiet">
        Owners change the plan, payment methods and invoices on the{' '}
        <Link to={pathOf({ workspace, page: 'billing' })}>Billing page</Link>.
      </p>
      {plans.isPending && <Loading what="the plans" />}
      {plans.isError && <ErrorState error={plans.error} onRetry={() => void plans.refetch()} />}
      {plans.data !== undefined && <PlansTable plans={plans.data.plans} current={current.plan.id} />}
    </section>
  );
}

function nameIn(catalogue: Catalogue | undefined, id: string): string {
  return catalogue?.plans.find((p) => p.id === id)?.name ?? id;
}
