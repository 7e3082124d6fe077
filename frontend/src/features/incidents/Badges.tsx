import type { InvestigationStatus, Severity } from './incidents';

/** A severity as a word with its colour; the word carries the meaning, the colour only helps. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`incident-badge incident-sev-${severity}`}>{severity}</span>;
}

const INVESTIGATION_WORDS: Record<InvestigationStatus, string> = {
  queued: 'queued',
  running: 'investigating…',
  done: 'report ready',
  failed: 'failed',
};

export function InvestigationBadge({ status }: { status: InvestigationStatus | undefined }) {
  if (status === undefined) {
    return <span className="quiet">none</span>;
  }
  return <span className={`incident-badge incident-inv-${status}`}>{INVESTIGATION_WORDS[status]}</span>;
}
