import { useState } from 'react';

interface Props {
  /** The button's visible text, e.g. "Revoke". */
  label: string;
  /** Its accessible name, naming what it acts on: "Revoke key ci". */
  name: string;
  /** The question shown before acting: what happens, and what it breaks. */
  question: string;
  confirmLabel: string;
  disabled: boolean;
  /** Why it is disabled, when it is. */
  why?: string;
  onConfirm: () => void;
}

/** A change that cannot be undone asks first, in the page (no browser dialog), and can be cancelled. */
export function ConfirmButton({ label, name, question, confirmLabel, disabled, why, onConfirm }: Props) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" aria-label={name} disabled={disabled} title={why} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="admin-confirm" role="group" aria-label={`Confirm: ${name}`}>
      <span>{question}</span>
      <button
        type="button"
        className="admin-danger"
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
