import { formatCost, formatTokens } from './format';
import type { RunUsage, SessionUsage } from './transcript';

function marks(estimated: boolean, unpriced: boolean): string {
  return [estimated ? 'tokens estimated' : '', unpriced ? 'some calls unpriced' : ''].filter((m) => m !== '').join(', ');
}

/** What one question's run cost: its model calls' tokens and cost. */
export function RunUsageLine({ usage }: { usage: RunUsage }) {
  const note = marks(usage.estimated, usage.unpriced);
  return (
    <p className="chat-usage" data-testid="run-usage">
      {formatTokens(usage.tokens)} · {formatCost(usage.costMicros)} · {usage.modelCalls} model {usage.modelCalls === 1 ? 'call' : 'calls'}
      {note !== '' && ` (${note})`}
    </p>
  );
}

/** The session's totals so far. */
export function SessionUsageLine({ usage }: { usage: SessionUsage | undefined }) {
  if (usage === undefined) {
    return null;
  }
  const note = marks(usage.estimated, usage.unpriced);
  return (
    <span className="chat-usage" data-testid="session-usage">
      Session: {formatTokens(usage.tokens)} · {formatCost(usage.costMicros)}
      {note !== '' && ` (${note})`}
    </span>
  );
}
