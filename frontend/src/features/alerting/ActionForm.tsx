import { type FormEvent, useState } from 'react';
import { ErrorState } from '../../app/states';
import { FormField } from '../rules/FormField';
import { ACTION_NAME, type CreatedAction, type Tier, TIER_RULES, TIERS, useCreateAction } from './actions';

/** Adds an action to the catalogue: the name the model calls, what it does, the webhook, the tier. */
export function ActionForm({ workspace, onCreated }: { workspace: string; onCreated: (created: CreatedAction) => void }) {
  const create = useCreateAction(workspace);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [url, setUrl] = useState('');
  const [tier, setTier] = useState<Tier>('medium');
  const [nameError, setNameError] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ACTION_NAME.test(name.trim())) {
      setNameError('Lower-case letters, digits, _ and -, starting with a letter (e.g. rollback_deploy).');
      return;
    }
    setNameError(undefined);
    create.mutate(
      { name: name.trim(), description: description.trim(), url: url.trim(), tier },
      {
        onSuccess: (created) => {
          setName('');
          setDescription('');
          setUrl('');
          onCreated(created);
        },
      },
    );
  };
  return (
    <section className="admin-create" aria-labelledby="action-create-title">
      <h3 id="action-create-title">Add an action</h3>
      <form onSubmit={submit} noValidate>
        <FormField label="Action name" error={nameError} hint="what the agent proposes, e.g. rollback_deploy">
          <input value={name} maxLength={63} onChange={(e) => setName(e.target.value)} />
        </FormField>
        <FormField label="What it does" className="form-field-wide">
          <input value={description} maxLength={1000} placeholder="Rolls the service back to its previous version" onChange={(e) => setDescription(e.target.value)} />
        </FormField>
        <FormField label="Webhook URL" hint="POSTed, signed, when it runs">
          <input type="url" value={url} placeholder="https://deploy.example.com/rollback" onChange={(e) => setUrl(e.target.value)} />
        </FormField>
        <FormField label="Risk tier" hint={`approved by ${TIER_RULES[tier].approvers}; waits ${TIER_RULES[tier].wait}`}>
          <select value={tier} onChange={(e) => setTier(TIERS.find((t) => t === e.target.value) ?? 'medium')}>
            {TIERS.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </FormField>
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add action'}
        </button>
      </form>
      {create.isError && <ErrorState error={create.error} />}
    </section>
  );
}
