import { Empty } from '../../app/states';

/** Placeholder until this page lands (issue 15). */
export default function LogsPage() {
  return (
    <Empty title="Logs">
      <p>search and live tail, each log linked to its trace: this page is coming.</p>
    </Empty>
  );
}
