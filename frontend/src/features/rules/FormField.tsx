import { type ReactElement, cloneElement, useId } from 'react';

interface ControlProps {
  id?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}

interface Props {
  label: string;
  /** What to fix, from the form's own checks or the service's 400; shown under the control. */
  error?: string;
  hint?: string;
  children: ReactElement<ControlProps>;
  className?: string;
}

/** A labelled control with its hint and, when there is one, its error tied to it for screen readers. */
export function FormField({ label, error, hint, children, className }: Props) {
  const id = useId();
  const described = [hint === undefined ? undefined : `${id}-hint`, error === undefined ? undefined : `${id}-error`]
    .filter((part) => part !== undefined)
    .join(' ');
  return (
    <div className={`form-field${error === undefined ? '' : ' form-field-invalid'}${className === undefined ? '' : ` ${className}`}`}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, {
        id,
        'aria-invalid': error === undefined ? undefined : true,
        'aria-describedby': described === '' ? undefined : described,
      })}
      {hint !== undefined && (
        <span id={`${id}-hint`} className="quiet">
          {hint}
        </span>
      )}
      {error !== undefined && (
        <span id={`${id}-error`} className="form-error" data-testid="field-error">
          {error}
        </span>
      )}
    </div>
  );
}
