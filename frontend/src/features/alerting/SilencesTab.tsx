import { useShell } from '../../app/Shell';
import { Empty, ErrorState, Loading } from '../../app/states';
import { useNow } from '../../lib/useNow';
import { ConfirmButton } from '../admin/ConfirmButton';
import { useMembers } from '../admin/members';
import { actorLabel, relative } from '../incidents/timeline';
import { canWriteAlerts, WHY_NOT_ALERTS } from './access';
import { type AlertingView, SILENCE_FILTERS } from './alertingView';
import { SilenceForm } from './SilenceForm';
import { listedSilences, matchersText, silenceState } from './silenceForm';
import { useExpireSilence, useSilences } from './silences';

const FILTER_LABEL = { active: 'In effect or to come', expired: 'Expired', all: 'All' } as const;

/** The workspace's silences, listed by state (in the URL), a form for a new one, and expiring one now. */
export function SilencesTab({ view, show }: { view: AlertingView; show: (view: AlertingView) => void }) {
  const { me, workspace, workspaceKey } = useShell();
  const silences = useSilences(workspaceKey, view.silences !== 'active');
  const expire = useExpireSilence(workspaceKey);
  const members = useMembers(workspaceKey);
  // Re-drawn every 30 s, and whenever the list changes: the time of the drawing, not of the last tick.
  useNow(30_000);
  const now = Date.now();
  const allowed = canWriteAlerts(workspace.role);
  const emails = new Map((members.data?.members ?? []).map((m) => [m.userId, m.email]));
  const listed = silences.data === undefined ? [] : listedSilences(silences.data, view.silences, now);
  return (
    <div data-testid="silences-tab">
      <SilenceForm
        key={view.matchers.join('&')}
        workspace={workspaceKey}
        pairs={view.matchers}
        why={allowed ? undefined : WHY_NOT_ALERTS.write}
        onCreated={() => show({ ...view, matchers: [], silences: 'active' })}
      />
      <section aria-labelledby="silences-title">
        <h3 id="silences-title">Silences</h3>
        <div className="incident-filters" role="group" aria-label="Which silences">
          {SILENCE_FILTERS.map((filter) => (
            <button key={filter} type="button" aria-pressed={view.silences === filter} onClick={() => show({ ...view, silences: filter })}>
              {FILTER_LABEL[filter]}
            </button>
          ))}
        </div>
        {silences.isPending && <Loading what="the silences" />}
        {silences.isError && <ErrorState error={silences.error} onRetry={() => void silences.refetch()} />}
        {expire.isError && <ErrorState error={expire.error} />}
        {silences.data !== undefined && listed.length === 0 && (
          <Empty title={view.silences === 'expired' ? 'No expired silences' : 'No silences'}>
            <p>{view.silences === 'active' ? 'Every alert notifies as its rule says.' : 'Try another filter above.'}</p>
          </Empty>
        )}
        {listed.length > 0 && (
          <table data-testid="silence-list">
            <thead>
              <tr>
                <th scope="col">Matchers</th>
                <th scope="col">State</th>
                <th scope="col">From</th>
                <th scope="col">Until</th>
                <th scope="col">Why, by whom</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {listed.map((silence) => {
                const state = silenceState(silence, now);
                const text = matchersText(silence.matchers);
                return (
                  <tr key={silence.id} data-testid="silence-row" data-state={state} data-comment={silence.comment}>
                    <td>
                      <code>{text}</code>
                    </td>
                    <td className={`silence-${state}`}>{state}</td>
                    <td title={silence.startsAt}>{new Date(silence.startsAt).toLocaleString()}</td>
                    <td title={silence.endsAt}>
                      {new Date(silence.endsAt).toLocaleString()}
                      {state !== 'expired' && <div className="quiet">{relative(silence.endsAt, now)}</div>}
                    </td>
                    <td>
                      {silence.comment}
                      <div className="quiet">
                        by {actorLabel(silence.createdBy, emails, me.user?.id)}
                        {silence.expiredBy !== null && silence.expiredBy !== undefined && `; ended by ${actorLabel(silence.expiredBy, emails, me.user?.id)}`}
                      </div>
                    </td>
                    <td>
                      {state !== 'expired' && (
                        <ConfirmButton
                          label="Expire"
                          name={`Expire silence ${text}`}
                          question="Its alerts notify again from now."
                          confirmLabel="Expire now"
                          disabled={!allowed || expire.isPending}
                          why={allowed ? undefined : WHY_NOT_ALERTS.write}
                          onConfirm={() => expire.mutate(silence.id)}
                        />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
