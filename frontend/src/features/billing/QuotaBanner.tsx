import { Link } from 'react-router';
import { pathOf } from '../../app/paths';
import { usePlans, useUsage, useWorkspacePlan } from './billing';
import { quotaBanner } from './quotaBanner';

/** The banner asks the usage and plan APIs at most once a minute. */
const BANNER_STALE_MS = 60_000;

/**
 * Over a metered ingest limit this month, or the plan past due: says which, what happens to
 * ingest, and links to the Billing page. Nothing while loading, on an error, or when all is well.
 */
export function QuotaBanner({ workspace }: { workspace: string }) {
  const usage = useUsage(workspace, undefined, BANNER_STALE_MS);
  const plan = useWorkspacePlan(workspace, BANNER_STALE_MS);
  const plans = usePlans();
  const banner = quotaBanner(usage.data, plan.data, plans.data, new Date());
  if (banner === undefined) {
    return null;
  }
  return (
    <div
      className={`quota-banner quota-${banner.tone}`}
      role={banner.tone}
      data-testid="quota-banner"
      data-meters={banner.over.map((m) => m.meter).join(',')}
      data-past-due={banner.pastDue ? 'true' : undefined}
    >
      {banner.lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
      <p>
        <Link to={pathOf({ workspace, page: 'billing' })}>Open Billing</Link> to change the plan or pay.
      </p>
    </div>
  );
}
