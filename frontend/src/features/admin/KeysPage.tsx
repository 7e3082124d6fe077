import { Empty } from '../../app/states';

/** Placeholder until this page lands (issue 15). */
export default function KeysPage() {
  return (
    <Empty title="API keys">
      <p>create, rotate and revoke the project's API keys: this page is coming.</p>
    </Empty>
  );
}
