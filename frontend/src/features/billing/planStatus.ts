/** A workspace plan's status in words: active, past due with its grace, canceled. */
import type { WorkspacePlan } from './billing';

const day = (iso: string) => iso.slice(0, 10);

/**
 * @param plan the workspace's plan
 * @param nameOf a plan id's name (the catalogue's), for the plan in effect
 * @param now for whether a grace has ended
 * @param defaultPlan the catalogue's default plan, whose limits apply once a grace ends
 */
export function planStatusText(plan: WorkspacePlan, nameOf: (id: string) => string, now: Date, defaultPlan = 'free'): string {
  const inEffect = nameOf(plan.inEffect);
  switch (plan.status) {
    case 'active':
      return 'Active';
    case 'past_due':
      if (plan.graceUntil !== null && Date.parse(plan.graceUntil) > now.getTime()) {
        return `Past due: ${plan.plan.name}'s limits hold until ${day(plan.graceUntil)} (UTC), then ${nameOf(defaultPlan)}'s apply unless it is paid`;
      }
      return `Past due, its grace ended${plan.graceUntil === null ? '' : ` on ${day(plan.graceUntil)}`}: ${inEffect}'s limits apply`;
    case 'canceled':
      return `Canceled: ${inEffect}'s limits apply`;
    default:
      return String(plan.status);
  }
}

/** "$149 a month + $12 a seat", "Free". */
export function priceText(plan: { monthlyUsd: number; seatUsd: number }): string {
  if (plan.monthlyUsd === 0 && plan.seatUsd === 0) {
    return 'Free';
  }
  const seat = plan.seatUsd === 0 ? '' : ` + $${plan.seatUsd} a seat`;
  return `$${plan.monthlyUsd.toLocaleString('en')} a month${seat}`;
}

export function limitText(value: number | null, unit = ''): string {
  return value === null ? 'no limit' : `${value.toLocaleString('en')}${unit}`;
}
