import { type ReactNode, useState } from 'react';

interface Props {
  title: string;
  secret: string;
  /** What the secret is for and how to use it. */
  children: ReactNode;
  /** For the end-to-end journey: `key-secret`, `invitation-token`. */
  testId: string;
  onDone?: () => void;
}

/** A secret the service shows once (it keeps only a hash): a copy button and a plain warning. */
export function OneTimeSecret({ title, secret, children, testId, onDone }: Props) {
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copySecret() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  }
  return (
    <div className="admin-secret" role="status" data-testid={testId}>
      <strong>{title}</strong>
      {children}
      <p className="admin-secret-warning">Copy it now: you will not see it again. The service keeps only its hash.</p>
      <code className="admin-secret-value" data-testid="secret-value">{secret}</code>
      <div className="admin-actions">
        <button type="button" className="primary" onClick={() => void copySecret()}>
          {copy === 'copied' ? 'Copied' : 'Copy'}
        </button>
        {onDone !== undefined && (
          <button type="button" onClick={onDone}>
            I have copied it, hide it
          </button>
        )}
      </div>
      {copy === 'failed' && <p>The browser did not let the page copy: select the text above and copy it by hand.</p>}
    </div>
  );
}
