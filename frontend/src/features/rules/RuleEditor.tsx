import { type FormEvent, useState } from 'react';
import { useShell } from '../../app/Shell';
import { ErrorState, Loading } from '../../app/states';
import { ApiError } from '../../lib/api';
import { ConfirmButton } from '../admin/ConfirmButton';
import { canManageIntegrations, canWriteAlerts, WHY_NOT_ALERTS } from '../alerting/access';
import { useChannels } from '../alerting/channels';
import { ConditionFields } from './ConditionFields';
import { DeliveryFields } from './DeliveryFields';
import { PreviewChart } from './PreviewChart';
import { QueryFields } from './QueryFields';
import { bodyOf, draftOf, type FieldErrors, fieldOfProblem, NEW_RULE, type RuleDraft } from './ruleForm';
import { type Rule, type RuleBody, useDeleteRule, useRule, useSaveRule } from './rules';

interface Props {
  project: string;
  /** The rule's id, or undefined for a new one. */
  id: string | undefined;
  onSaved: (rule: Rule) => void;
  onClose: () => void;
}

/** The editor of one rule (`?rule=<id>`) or a new one (`?rule=new`). */
export function RuleEditor({ project, id, onSaved, onClose }: Props) {
  const rule = useRule(project, id);
  if (id !== undefined && rule.isPending) {
    return <Loading what="the rule" />;
  }
  if (id !== undefined && rule.isError) {
    return <ErrorState error={rule.error} onRetry={() => void rule.refetch()} />;
  }
  const initial = rule.data === undefined ? NEW_RULE : draftOf(rule.data);
  return (
    <RuleForm
      key={rule.data === undefined ? 'new' : `${rule.data.id}-${rule.data.updatedAt}`}
      project={project}
      rule={rule.data}
      initial={initial}
      onSaved={onSaved}
      onClose={onClose}
    />
  );
}

interface FormProps {
  project: string;
  rule: Rule | undefined;
  initial: RuleDraft;
  onSaved: (rule: Rule) => void;
  onClose: () => void;
}

function RuleForm({ project, rule, initial, onSaved, onClose }: FormProps) {
  const { workspace, workspaceKey } = useShell();
  const allowed = canWriteAlerts(workspace.role);
  const channels = useChannels(workspaceKey, canManageIntegrations(workspace.role));
  const save = useSaveRule(project);
  const remove = useDeleteRule(project);
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [previewed, setPreviewed] = useState<RuleBody | undefined>(() => {
    const body = bodyOf(initial);
    return rule !== undefined && 'ok' in body ? body.ok : undefined;
  });
  const [saved, setSaved] = useState(false);
  const change = (next: Partial<RuleDraft>) => {
    setDraft((current) => ({ ...current, ...next }));
    setErrors((current) => withoutFields(current, Object.keys(next)));
    setSaved(false);
  };
  const checked = (): RuleBody | undefined => {
    const body = bodyOf(draft);
    if ('errors' in body) {
      setErrors(body.errors);
      return undefined;
    }
    setErrors({});
    return body.ok;
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = checked();
    if (body === undefined) {
      return;
    }
    save.mutate(
      { id: rule?.id, body },
      {
        onSuccess: (stored) => {
          setSaved(true);
          setPreviewed(body);
          onSaved(stored);
        },
        onError: (error) => {
          const field = error instanceof ApiError && error.status === 400 ? fieldOfProblem(error.message) : undefined;
          if (field !== undefined) {
            setErrors({ [field]: error.message });
          }
        },
      },
    );
  };
  // A 400 naming a field is shown by that field; anything else for the form as a whole.
  const byField = save.error instanceof ApiError && save.error.status === 400 && fieldOfProblem(save.error.message) !== undefined;
  const problem = byField ? null : save.error;
  const invalid = Object.keys(errors).length;
  const fields = { draft, errors, change, disabled: !allowed };
  return (
    <section className="rule-editor" aria-labelledby="rule-editor-title" data-testid="rule-editor">
      <h3 id="rule-editor-title">{rule === undefined ? 'New rule' : `Rule “${rule.name}”`}</h3>
      {!allowed && <p className="quiet">{WHY_NOT_ALERTS.write}</p>}
      <form onSubmit={submit} noValidate>
        <QueryFields {...fields} />
        <ConditionFields {...fields} />
        <DeliveryFields {...fields} channels={channels.data} />
        {invalid > 0 && (
          <p className="form-error" role="alert" data-testid="rule-invalid">
            {invalid === 1 ? 'One field needs' : `${invalid} fields need`} fixing: see the message under it.
          </p>
        )}
        {problem !== null && <ErrorState error={problem} />}
        <div className="admin-actions">
          <button type="submit" className="primary" disabled={!allowed || save.isPending} title={allowed ? undefined : WHY_NOT_ALERTS.write}>
            {save.isPending ? 'Saving…' : rule === undefined ? 'Create rule' : 'Save rule'}
          </button>
          <button type="button" onClick={() => setPreviewed(checked())}>
            Preview the last day
          </button>
          {rule !== undefined && (
            <ConfirmButton
              label="Delete"
              name={`Delete rule ${rule.name}`}
              question="Its alerts stop and it is gone; incidents it opened stay."
              confirmLabel="Delete rule"
              disabled={!allowed || remove.isPending}
              why={allowed ? undefined : WHY_NOT_ALERTS.write}
              onConfirm={() => remove.mutate(rule.id, { onSuccess: onClose })}
            />
          )}
          <button type="button" onClick={onClose}>
            Close
          </button>
          {saved && (
            <span role="status" data-testid="rule-saved">
              Saved.
            </span>
          )}
        </div>
        {remove.isError && <ErrorState error={remove.error} />}
      </form>
      <section className="rule-preview-box" aria-labelledby="rule-preview-title">
        <h4 id="rule-preview-title">Preview over the last day</h4>
        <PreviewChart project={project} body={previewed} title={`${draft.measure} over the last day against the condition`} />
      </section>
    </section>
  );
}

function withoutFields(errors: FieldErrors, fields: string[]): FieldErrors {
  return Object.fromEntries(Object.entries(errors).filter(([field]) => !fields.includes(field)));
}
