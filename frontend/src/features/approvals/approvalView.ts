/** The approvals page's pure parts: the countdown to a deadline, the action's name, the lists. */
import type { Approval } from './approvals';

export interface Countdown {
  /** "14:05 left", "1:02:09 left", or "past its deadline". */
  text: string;
  /** Whole seconds left; 0 once past. */
  seconds: number;
  overdue: boolean;
  /** Under two minutes left. */
  urgent: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function countdown(deadline: string, now: number): Countdown {
  const ms = Date.parse(deadline) - now;
  if (Number.isNaN(ms)) {
    return { text: 'no deadline', seconds: 0, overdue: false, urgent: false };
  }
  if (ms <= 0) {
    return { text: 'past its deadline', seconds: 0, overdue: true, urgent: true };
  }
  const seconds = Math.ceil(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const clock = h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
  return { text: `${clock} left`, seconds, overdue: false, urgent: seconds < 120 };
}

export function actionName(approval: Pick<Approval, 'action'>): string {
  return typeof approval.action === 'string' ? approval.action : approval.action.name;
}

/** The action's input as people read it: JSON indented, a text as it is. */
export function inputText(input: unknown): string {
  if (input === null || input === undefined) {
    return '';
  }
  if (typeof input === 'string') {
    try {
      return JSON.stringify(JSON.parse(input), null, 2);
    } catch {
      return input;
    }
  }
  return JSON.stringify(input, null, 2);
}

/** Pending requests, the nearest deadline first; the others, newest first. */
export function splitApprovals(approvals: readonly Approval[]): { pending: Approval[]; history: Approval[] } {
  const pending = approvals.filter((a) => a.status === 'pending').sort((a, b) => a.deadline.localeCompare(b.deadline));
  const history = approvals.filter((a) => a.status !== 'pending').sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
  return { pending, history };
}

/** The project an approval's incident and session are in: named by the service, else the workspace's only one. */
export function projectOf(approval: Pick<Approval, 'projectId'>, projects: readonly { id: string; slug: string }[]): string | undefined {
  const named = projects.find((p) => p.id === approval.projectId);
  if (named !== undefined) {
    return named.slug;
  }
  return projects.length === 1 ? projects[0]?.slug : undefined;
}

/** What became of an action that ran: "HTTP 200", "HTTP 500: …", or the error of a call that got no answer. */
export function resultText(result: Approval['result']): string {
  if (result === null || result === undefined) {
    return '';
  }
  const answer = result.statusCode > 0 ? `HTTP ${result.statusCode}` : 'no answer';
  return result.error === null || result.error === '' ? answer : `${answer}: ${result.error}`;
}

/** "escalated from low", when the request waited past its first tier's deadline. */
export function escalation(approval: Pick<Approval, 'tier' | 'proposedTier'>): string | undefined {
  return approval.proposedTier === undefined || approval.proposedTier === approval.tier ? undefined : `escalated from ${approval.proposedTier}`;
}
