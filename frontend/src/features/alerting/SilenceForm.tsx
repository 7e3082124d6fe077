import { type FormEvent, useState } from 'react';
import { ErrorState } from '../../app/states';
import { FormField } from '../rules/FormField';
import { DURATIONS, newSilenceDraft, type SilenceDraft, type SilenceErrors, silenceBodyOf } from './silenceForm';
import { type Matcher, useCreateSilence } from './silences';

interface Props {
  workspace: string;
  /** `label=value` pairs to start with (from the URL). */
  pairs: string[];
  /** Why the form is closed to this role; undefined when it is open. */
  why?: string;
  onCreated: () => void;
}

/** A new silence: label matchers, when it starts and ends, and why. */
export function SilenceForm({ workspace, pairs, why, onCreated }: Props) {
  const create = useCreateSilence(workspace);
  const [draft, setDraft] = useState<SilenceDraft>(() => newSilenceDraft(pairs));
  const [errors, setErrors] = useState<SilenceErrors>({});
  const closed = why !== undefined;
  const change = (next: Partial<SilenceDraft>) => setDraft((d) => ({ ...d, ...next }));
  const setMatcher = (index: number, next: Partial<Matcher>) =>
    change({ matchers: draft.matchers.map((m, i) => (i === index ? { ...m, ...next } : m)) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = silenceBodyOf(draft, Date.now());
    if ('errors' in body) {
      setErrors(body.errors);
      return;
    }
    setErrors({});
    create.mutate(body.ok, {
      onSuccess: () => {
        setDraft(newSilenceDraft([]));
        onCreated();
      },
    });
  };
  return (
    <section className="admin-create silence-create" aria-labelledby="silence-create-title">
      <h3 id="silence-create-title">Silence alerts</h3>
      <p className="quiet">
        While a silence is in effect, alerts whose labels match all its matchers still fire and show, but notify nobody and
        start no investigation.
      </p>
      <form onSubmit={submit} noValidate>
        <fieldset className="silence-matchers" disabled={closed}>
          <legend>Matchers</legend>
          {draft.matchers.map((matcher, index) => (
            <div key={index} className="silence-matcher" role="group" aria-label={`Matcher ${index + 1}`}>
              <label>
                Label
                <input value={matcher.label} placeholder="service" onChange={(e) => setMatcher(index, { label: e.target.value })} />
              </label>
              <label>
                Value
                <input value={matcher.value} placeholder="checkout" onChange={(e) => setMatcher(index, { value: e.target.value })} />
              </label>
              <label className="admin-toggle">
                <input type="checkbox" checked={matcher.regex} onChange={(e) => setMatcher(index, { regex: e.target.checked })} />
                regular expression
              </label>
              {draft.matchers.length > 1 && (
                <button
                  type="button"
                  aria-label={`Remove matcher ${index + 1}`}
                  onClick={() => change({ matchers: draft.matchers.filter((_, i) => i !== index) })}
                >
                  Remove
                </button>
              )}
            </div>
          ))}
          <button type="button" onClick={() => change({ matchers: [...draft.matchers, { label: '', value: '', regex: false }] })}>
            Add a matcher
          </button>
          {errors.matchers !== undefined && (
            <p className="form-error" data-testid="field-error">
              {errors.matchers}
            </p>
          )}
        </fieldset>
        <fieldset className="silence-times" disabled={closed}>
          <legend>When</legend>
          <FormField label="Starts" error={errors.startsAt} hint="empty: now">
            <input type="datetime-local" value={draft.startsAt} onChange={(e) => change({ startsAt: e.target.value })} />
          </FormField>
          <FormField label="For">
            <select value={draft.duration} onChange={(e) => change({ duration: e.target.value })}>
              {DURATIONS.map(([key, label]) => (
                <option key={key} value={key}>
                  {label}
                </option>
              ))}
              <option value="until">until…</option>
            </select>
          </FormField>
          {draft.duration === 'until' ? (
            <FormField label="Ends" error={errors.endsAt}>
              <input type="datetime-local" value={draft.endsAt} onChange={(e) => change({ endsAt: e.target.value })} />
            </FormField>
          ) : (
            errors.endsAt !== undefined && <p className="form-error">{errors.endsAt}</p>
          )}
          <FormField label="Why" error={errors.comment} className="form-field-wide">
            <input value={draft.comment} maxLength={1000} placeholder="e.g. deploying the fix, ticket OPS-123" onChange={(e) => change({ comment: e.target.value })} />
          </FormField>
        </fieldset>
        <button type="submit" className="primary" disabled={closed || create.isPending} title={why}>
          {create.isPending ? 'Creating…' : 'Create silence'}
        </button>
      </form>
      {closed && <p className="quiet">{why}</p>}
      {create.isError && <ErrorState error={create.error} />}
    </section>
  );
}
