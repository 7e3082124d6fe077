import { parseJson } from './cards/results';
import type { ToolCallState } from './transcript';

/** A call that waits for a person: what it would run, and the decision. */
export function ApprovalBox({ call, deciding, onDecide }: { call: ToolCallState; deciding: boolean; onDecide: (approve: boolean) => void }) {
  const args = parseJson(call.arguments);
  const command = typeof args === 'object' && args !== null && 'command' in args && typeof args.command === 'string' ? args.command : undefined;
  const network = typeof args === 'object' && args !== null && 'network' in args && args.network === true;
  return (
    <div className="chat-approval" role="group" aria-label={`Approval for ${call.tool}`} data-testid="approval">
      <p>
        <strong>The agent asks to run {call.tool}</strong>
        {network && ' with network access'}. Approve it to let the run go on, or deny it.
      </p>
      <pre className="chat-terminal-line">{command === undefined ? JSON.stringify(args ?? call.arguments, null, 2) : `$ ${command}`}</pre>
      <button type="button" className="primary" disabled={deciding} onClick={() => onDecide(true)} aria-label={`Approve the ${call.tool} call`}>
        Approve
      </button>{' '}
      <button type="button" disabled={deciding} onClick={() => onDecide(false)} aria-label={`Deny the ${call.tool} call`}>
        Deny
      </button>
    </div>
  );
}
