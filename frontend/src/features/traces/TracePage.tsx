import { Empty } from '../../app/states';

/** Placeholder until this page lands (issue 15). */
export default function TracePage() {
  return (
    <Empty title="Trace view">
      <p>the waterfall with its critical path, span details and logs: this page is coming.</p>
    </Empty>
  );
}
