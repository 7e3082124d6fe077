/**
 * The shell's over-quota banner, decided: a metered ingest limit reached this month, or a plan
 * past due. Pure, so the words and the decision are tested without a browser.
 */
import type { Catalogue, Plan, Usage, WorkspacePlan } from './billing';
import { formatShare, meterLabel } from './meters';

/** The meters ingest is held to (PlanQuotaGate); others are not refused at ingest. */
export const INGEST_METERS: readonly string[] = ['spans', 'log_records', 'ingested_bytes'];

/** How far past its limit a plan without overage still ingests (docs/ingest.md). */
export const GRACE_MARGIN = 0.1;

export interface OverMeter {
  meter: string;
  label: string;
  fraction: number;
}

export interface QuotaBanner {
  /** alert: ingest refused, or a plan past due; status: over a limit, still ingesting. */
  tone: 'alert' | 'status';
  over: OverMeter[];
  pastDue: boolean;
  /** The sentences, in order. */
  lines: string[];
}

const day = (iso: string) => iso.slice(0, 10);

/**
 * @param usage this month's usage (its limits are the plan in effect's)
 * @param plan the workspace's plan (GET …/plan)
 * @param catalogue the plans, to name the plan in effect and know its overage
 * @returns undefined when there is nothing to say
 */
export function quotaBanner(
  usage: Usage | undefined,
  plan: WorkspacePlan | undefined,
  catalogue: Catalogue | undefined,
  now: Date,
): QuotaBanner | undefined {
  const lines: string[] = [];
  const pastDue = plan?.status === 'past_due';
  const nameOf = (id: string) => catalogue?.plans.find((p) => p.id === id)?.name ?? (id === plan?.plan.id ? plan.plan.name : id);
  if (plan !== undefined && pastDue) {
    const defaultName = nameOf(catalogue?.defaultPlan ?? 'free');
    lines.push(
      plan.graceUntil !== null && Date.parse(plan.graceUntil) > now.getTime()
        ? `${plan.plan.name} is past due: its limits hold until ${day(plan.graceUntil)} (UTC), then ${defaultName}'s apply unless the open invoice is paid.`
        : `${plan.plan.name} is past due and its grace ended: ${nameOf(plan.inEffect)}'s limits apply.`,
    );
  }
  const over = overMeters(usage);
  const inEffect = usage?.plan ?? plan?.inEffect;
  let refused = false;
  if (over.length > 0 && inEffect !== undefined) {
    const effective = effectivePlan(inEffect, plan, catalogue);
    const meters = over.map((m) => `${m.label} (${formatShare(m.fraction)})`).join(', ');
    lines.push(`Over ${nameOf(inEffect)}'s monthly limit: ${meters}.`);
    if (effective?.allowsOverage === true) {
      lines.push('Use past the limit goes on and its overage is billed.');
    } else {
      refused = over.some((m) => m.fraction >= 1 + GRACE_MARGIN);
      lines.push(
        refused
          ? `Past the grace margin of ${GRACE_MARGIN * 100}% over the limit, ingest is refused until next month or an upgrade.`
          : `Ingest continues for a grace margin of ${GRACE_MARGIN * 100}% over the limit, then is refused.`,
      );
    }
  }
  if (lines.length === 0) {
    return undefined;
  }
  return { tone: pastDue || refused ? 'alert' : 'status', over, pastDue, lines };
}

/** The ingest meters at or past a limit, in the usage answer's order. */
export function overMeters(usage: Usage | undefined): OverMeter[] {
  if (usage === undefined) {
    return [];
  }
  const over: OverMeter[] = [];
  for (const m of usage.meters) {
    if (!INGEST_METERS.includes(m.meter) || m.limit === null || m.limit <= 0) {
      continue;
    }
    const fraction = m.fractionUsed ?? m.quantity / m.limit;
    if (fraction >= 1) {
      over.push({ meter: m.meter, label: meterLabel(m.meter), fraction });
    }
  }
  return over;
}

function effectivePlan(id: string, plan: WorkspacePlan | undefined, catalogue: Catalogue | undefined): Plan | undefined {
  return catalogue?.plans.find((p) => p.id === id) ?? (plan?.plan.id === id ? plan.plan : undefined);
}
