import { Empty } from '../../app/states';

/** Placeholder until this page lands (issue 15). */
export default function AuditPage() {
  return (
    <Empty title="Audit log">
      <p>who did what in this workspace, with filters: this page is coming.</p>
    </Empty>
  );
}
