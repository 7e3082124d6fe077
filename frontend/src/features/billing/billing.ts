import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';

/** A plan's limits; null is unlimited. `perMonth` is keyed by meter, in the meter's unit. */
export interface PlanLimits {
  perMonth: Record<string, number | null>;
  retentionDays: number;
  seats: number | null;
  services: number | null;
}

export interface Overage {
  meter: string;
  usd: number;
  per: string;
}

export interface Plan {
  id: string;
  name: string;
  version: string;
  monthlyUsd: number;
  seatUsd: number;
  limits: PlanLimits;
  allowsOverage: boolean;
  overage: Overage[];
}

export interface Catalogue {
  version: string;
  currency: string;
  defaultPlan: string;
  plans: Plan[];
}

export type PlanStatus = 'active' | 'past_due' | 'canceled';

export interface WorkspacePlan {
  workspaceId: string;
  plan: Plan;
  status: PlanStatus;
  changedAt: string | null;
  graceUntil: string | null;
  /** The plan whose limits apply now (the default plan once canceled or past its grace). */
  inEffect: string;
}

export interface UsageDay {
  day: string;
  quantity: number;
}

export interface MeterUsage {
  meter: string;
  quantity: number;
  limit: number | null;
  fractionUsed: number | null;
  forecast: number;
  days: UsageDay[];
}

export interface ProjectUsage {
  projectId: string;
  slug: string | null;
  name: string | null;
  totals: Record<string, number>;
}

export interface Usage {
  workspaceId: string;
  period: string;
  from: string;
  to: string;
  complete: boolean;
  asOf: string;
  plan: string;
  meters: MeterUsage[];
  projects: ProjectUsage[];
}

const base = (workspace: string) => `/api/v1/workspaces/${encodeURIComponent(workspace)}`;

export function usePlans() {
  return useQuery({ queryKey: ['plans'], queryFn: () => api.get<Catalogue>('/api/v1/plans'), staleTime: 10 * 60_000 });
}

/** @param staleTime how long an answer is fresh (the shell's banner asks at most once a minute) */
export function useWorkspacePlan(workspace: string, staleTime = 0) {
  return useQuery({
    queryKey: ['workspaces', workspace, 'plan'],
    queryFn: () => api.get<WorkspacePlan>(`${base(workspace)}/plan`),
    staleTime,
  });
}

/** The usage of a month (YYYY-MM), or of the current one when undefined. */
export function useUsage(workspace: string, period: string | undefined, staleTime = 0) {
  const query = period === undefined ? '' : `?period=${encodeURIComponent(period)}`;
  return useQuery({
    queryKey: ['workspaces', workspace, 'usage', period ?? 'current'],
    queryFn: () => api.get<Usage>(`${base(workspace)}/usage${query}`),
    staleTime,
  });
}
