import { type FormEvent, useState } from 'react';
import { useShell } from '../../app/Shell';
import { ErrorState, Loading } from '../../app/states';
import { ApiError } from '../../lib/api';
import { ConfirmButton } from '../admin/ConfirmButton';
import { canManageIntegrations, canWriteAlerts, WHY_NOT_ALERTS } from '../alerting/access';
import { useChannels } from '../alerting/channels';
import { ChannelPicker } from './ChannelPicker';
import { FormField } from './FormField';
import { NEW_SLO, type SloDraft, type SloErrors, sloBodyOf, sloDraftOf, sloFieldOfProblem } from './sloForm';
import { SloPreviewChart } from './SloPreviewChart';
import { type Slo, type SloBody, useDeleteSlo, useSaveSlo, useSlo } from './slos';

interface Props {
  project: string;
  id: string | undefined;
  onSaved: (slo: Slo) => void;
  onClose: () => void;
}

/** The editor of one SLO (`?slo=<id>`) or a new one (`?slo=new`), with its burn rate over the last day. */
export function SloEditor({ project, id, onSaved, onClose }: Props) {
  const slo = useSlo(project, id);
  if (id !== undefined && slo.isPending) {
    return <Loading what="the SLO" />;
  }
  if (id !== undefined && slo.isError) {
    return <ErrorState error={slo.error} onRetry={() => void slo.refetch()} />;
  }
  return (
    <SloForm
      key={slo.data === undefined ? 'new' : `${slo.data.id}-${slo.data.updatedAt}`}
      project={project}
      slo={slo.data}
      initial={slo.data === undefined ? NEW_SLO : sloDraftOf(slo.data)}
      onSaved={onSaved}
      onClose={onClose}
    />
  );
}

function SloForm({ project, slo, initial, onSaved, onClose }: Omit<Props, 'id'> & { slo: Slo | undefined; initial: SloDraft }) {
  const { workspace, workspaceKey } = useShell();
  const allowed = canWriteAlerts(workspace.role);
  const channels = useChannels(workspaceKey, canManageIntegrations(workspace.role));
  const save = useSaveSlo(project);
  const remove = useDeleteSlo(project);
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<SloErrors>({});
  const [previewed, setPreviewed] = useState<SloBody | undefined>(() => slo?.slo);
  const change = (next: Partial<SloDraft>) => {
    setDraft((d) => ({ ...d, ...next }));
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([field]) => !(field in next))));
  };
  const checked = (): SloBody | undefined => {
    const body = sloBodyOf(draft);
    setErrors('errors' in body ? body.errors : {});
    return 'ok' in body ? body.ok : undefined;
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = checked();
    if (body === undefined) {
      return;
    }
    save.mutate(
      { id: slo?.id, body },
      {
        onSuccess: onSaved,
        onError: (error) => {
          const field = error instanceof ApiError && error.status === 400 ? sloFieldOfProblem(error.message) : undefined;
          if (field !== undefined) {
            setErrors({ [field]: error.message });
          }
        },
      },
    );
  };
  const byField = save.error instanceof ApiError && save.error.status === 400 && sloFieldOfProblem(save.error.message) !== undefined;
  const text = (field: 'name' | 'service' | 'spanName' | 'latencyThresholdMs' | 'objective' | 'periodDays', label: string, hint?: string) => (
    <FormField label={label} error={errors[field]} hint={hint}>
      <input value={draft[field]} onChange={(e) => change({ [field]: e.target.value })} />
    </FormField>
  );
  return (
    <section className="rule-editor" aria-labelledby="slo-editor-title" data-testid="slo-editor">
      <h3 id="slo-editor-title">{slo === undefined ? 'New SLO' : `SLO “${slo.slo.name}”`}</h3>
      <p className="quiet">
        Good spans over valid ones across the period; every SLO alerts when its budget burns fast (over 1 h and 5 min, 14.4×)
        or steadily (over 6 h and 30 min, 6×).
      </p>
      {!allowed && <p className="quiet">{WHY_NOT_ALERTS.write}</p>}
      <form onSubmit={submit} noValidate>
        <fieldset className="rule-fieldset" disabled={!allowed}>
          <legend>The objective</legend>
          {text('name', 'Name')}
          {text('service', 'Service', 'empty: every service')}
          {text('spanName', 'Span name', 'empty: every span')}
          <FormField label="Attribute filters" error={errors.filters} hint="key=value, one per line" className="form-field-wide">
            <textarea rows={2} value={draft.filters} onChange={(e) => change({ filters: e.target.value })} />
          </FormField>
          {text('latencyThresholdMs', 'Latency threshold (ms)', 'slower is bad too; empty: only failed spans are bad')}
          {text('objective', 'Objective (%)', 'e.g. 99.9')}
          {text('periodDays', 'Period (days)', '1 to 90')}
          <ChannelPicker chosen={draft.channelIds} onChange={(channelIds) => change({ channelIds })} channels={channels.data} error={errors.channelIds} />
          <label className="admin-toggle">
            <input type="checkbox" checked={draft.investigate} onChange={(e) => change({ investigate: e.target.checked })} />
            The agent investigates when it fires
          </label>
          <label className="admin-toggle">
            <input type="checkbox" checked={draft.enabled} onChange={(e) => change({ enabled: e.target.checked })} />
            Enabled
          </label>
        </fieldset>
        {Object.keys(errors).length > 0 && (
          <p className="form-error" role="alert">
            Some fields need fixing: see the message under each.
          </p>
        )}
        {!byField && save.error !== null && <ErrorState error={save.error} />}
        <div className="admin-actions">
          <button type="submit" className="primary" disabled={!allowed || save.isPending} title={allowed ? undefined : WHY_NOT_ALERTS.write}>
            {save.isPending ? 'Saving…' : slo === undefined ? 'Create SLO' : 'Save SLO'}
          </button>
          <button type="button" onClick={() => setPreviewed(checked())}>
            Preview the last day
          </button>
          {slo !== undefined && (
            <ConfirmButton
              label="Delete"
              name={`Delete SLO ${slo.slo.name}`}
              question="Its alerts resolve and it is gone."
              confirmLabel="Delete SLO"
              disabled={!allowed || remove.isPending}
              why={allowed ? undefined : WHY_NOT_ALERTS.write}
              onConfirm={() => remove.mutate(slo.id, { onSuccess: onClose })}
            />
          )}
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
        {remove.isError && <ErrorState error={remove.error} />}
      </form>
      <section className="rule-preview-box" aria-labelledby="slo-preview-title">
        <h4 id="slo-preview-title">Burn rate over the last day</h4>
        <SloPreviewChart project={project} body={previewed} />
      </section>
    </section>
  );
}
