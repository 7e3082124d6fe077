import { useSearchParams } from 'react-router';
import { useShell } from '../../app/Shell';
import { Empty, ErrorState, Loading } from '../../app/states';
import { canReadAudit, WHY_NOT } from './access';
import { auditCsvHref, useAudit } from './audit';
import { type AuditFilters, changeFilters, formatAuditFilters, parseAuditFilters } from './auditFilters';
import { AuditFiltersForm } from './AuditFiltersForm';
import { AuditTable } from './AuditTable';
import { useMembers } from './members';

/** Who did what in the workspace: filtered by actor, action and time, paged; all of it in the URL. */
export default function AuditPage() {
  const { workspace } = useShell();
  return (
    <section data-testid="audit-page">
      <h2>Audit log</h2>
      {canReadAudit(workspace.role) ? (
        <AuditLog />
      ) : (
        <Empty title="The audit log is for owners and admins">
          <p>{WHY_NOT.audit} Every change to members, invitations, projects and keys is recorded there; ask one of them.</p>
        </Empty>
      )}
    </section>
  );
}

function AuditLog() {
  const { workspaceKey } = useShell();
  const [params, setParams] = useSearchParams();
  const filters = parseAuditFilters(params);
  const audit = useAudit(workspaceKey, filters, true);
  const members = useMembers(workspaceKey);
  const show = (next: AuditFilters) => setParams(formatAuditFilters(next));
  const emails = new Map((members.data?.members ?? []).map((m) => [m.userId, m.email]));
  const filtered = Object.keys(changeFilters(filters, {})).length > 0;
  return (
    <>
      <p>
        Every change to members, invitations, projects and keys, newest first.{' '}
        <a href={auditCsvHref(workspaceKey, filters)} download>
          Download these entries as CSV
        </a>
      </p>
      <AuditFiltersForm
        filters={filters}
        members={members.data?.members ?? []}
        onChange={(change) => show(changeFilters(filters, change))}
      />
      {audit.isPending && <Loading what="the audit log" />}
      {audit.isError && <ErrorState error={audit.error} onRetry={() => void audit.refetch()} />}
      {audit.data !== undefined && audit.data.entries.length === 0 && (
        <Empty title={filtered ? 'No entries match these filters' : 'No entries yet'}>
          <p>
            {filtered
              ? 'Widen the time range, or choose "anyone" and "any action".'
              : 'The log fills as people change members, invitations, projects and keys.'}
          </p>
          {filters.cursor !== undefined && (
            <button type="button" onClick={() => show({ ...filters, cursor: undefined })}>
              Back to the newest entries
            </button>
          )}
        </Empty>
      )}
      {audit.data !== undefined && audit.data.entries.length > 0 && (
        <>
          <AuditTable entries={audit.data.entries} emails={emails} />
          <div className="admin-actions admin-pager" role="group" aria-label="Audit pages">
            <button type="button" disabled={filters.cursor === undefined} onClick={() => show({ ...filters, cursor: undefined })}>
              Newest entries
            </button>
            <button
              type="button"
              disabled={audit.data.nextCursor === null || audit.isPlaceholderData}
              onClick={() => show({ ...filters, cursor: audit.data.nextCursor ?? undefined })}
            >
              Older entries
            </button>
          </div>
        </>
      )}
    </>
  );
}
