import { Empty } from '../../app/states';

/** Placeholder until this page lands (issue 15). */
export default function MetricsPage() {
  return (
    <Empty title="Metrics">
      <p>a metric over time, grouped by an attribute: this page is coming.</p>
    </Empty>
  );
}
