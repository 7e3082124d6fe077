import { formatCompact } from '../../lib/format';
import { PreviewChart } from '../rules/PreviewChart';
import { bodyOfRule, useRule } from '../rules/rules';
import type { IncidentAlert } from './incidents';
import { alertOrigin, barsOf, departure } from './timeline';

/**
 * The alert's value against its baseline: for a rule, its query over the last day (the rule's
 * preview); for an anomaly detector, which keeps no series, the two numbers side by side.
 */
export function AlertChart({ project, alert }: { project: string; alert: IncidentAlert }) {
  const origin = alertOrigin(alert.source);
  return (
    <section className="incident-chart" aria-labelledby="incident-chart-title">
      <h3 id="incident-chart-title">Value against its baseline</h3>
      <p className="quiet">{alert.summary}</p>
      {origin.kind === 'rule' ? <RuleSeries project={project} rule={origin.rule} /> : <ValueBars alert={alert} />}
    </section>
  );
}

function RuleSeries({ project, rule }: { project: string; rule: string }) {
  const found = useRule(project, rule);
  if (found.isError) {
    return <p className="quiet">The rule that fired is gone (deleted since), so there is no series to draw.</p>;
  }
  return (
    <PreviewChart
      project={project}
      body={found.data === undefined ? undefined : bodyOfRule(found.data)}
      title={`Rule “${found.data?.name ?? rule}” over the last day`}
      testId="incident-series"
    />
  );
}

function ValueBars({ alert }: { alert: IncidentAlert }) {
  if (alert.value === null) {
    return <p className="quiet">The detector gave no value.</p>;
  }
  const bars = barsOf(alert.value, alert.baseline);
  const away = departure(alert.value, alert.baseline);
  return (
    <div className="incident-bars" data-testid="incident-bars">
      <BarRow label="Value" value={alert.value} width={bars.value} kind="value" />
      {alert.baseline !== null && bars.baseline !== null && (
        <BarRow label="Baseline" value={alert.baseline} width={bars.baseline} kind="baseline" />
      )}
      {away !== undefined && <p>{away}</p>}
    </div>
  );
}

function BarRow({ label, value, width, kind }: { label: string; value: number; width: number; kind: string }) {
  return (
    <div className="incident-bar-row">
      <span>{label}</span>
      <span className="incident-bar" aria-hidden="true">
        <span className={`incident-bar-fill incident-bar-${kind}`} style={{ width: `${width}%` }} />
      </span>
      <span className="incident-number">{formatCompact(value)}</span>
    </div>
  );
}
