import type { ReactNode } from 'react';
import type { Plan } from './billing';
import { formatLimitShort } from './meters';
import { limitText, priceText } from './planStatus';

const LIMITED = ['spans', 'log_records', 'ingested_bytes', 'agent_tokens'] as const;

/**
 * Every plan of the catalogue, smallest first, the workspace's marked; `action` draws a last
 * column (the Billing page's buttons) when given.
 */
export function PlansTable({ plans, current, action }: {
  plans: Plan[];
  current: string;
  action?: (plan: Plan) => ReactNode;
}) {
  return (
    <table className="billing-plans" data-testid="plans">
      <caption>All plans (monthly limits; a paid plan bills use past a limit as overage, Free stops at it)</caption>
      <thead>
        <tr>
          <th scope="col">Plan</th>
          <th scope="col">Price</th>
          <th scope="col">Seats</th>
          <th scope="col">Retention</th>
          <th scope="col">Spans</th>
          <th scope="col">Log records</th>
          <th scope="col">Data ingested</th>
          <th scope="col">Agent tokens</th>
          {action !== undefined && <th scope="col">Change</th>}
        </tr>
      </thead>
      <tbody>
        {plans.map((plan) => {
          const isCurrent = plan.id === current;
          return (
            <tr key={plan.id} data-plan={plan.id} className={isCurrent ? 'billing-current' : undefined} aria-current={isCurrent ? 'true' : undefined}>
              <th scope="row">
                {plan.name}
                {isCurrent && <span className="billing-badge"> (your plan)</span>}
              </th>
              <td className="billing-price">{priceText(plan)}</td>
              <td>{limitText(plan.limits.seats)}</td>
              <td>{plan.limits.retentionDays} days</td>
              {LIMITED.map((meter) => (
                <td key={meter}>{formatLimitShort(meter, plan.limits.perMonth[meter] ?? null)}</td>
              ))}
              {action !== undefined && <td className="billing-action">{action(plan)}</td>}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
