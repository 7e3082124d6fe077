import { useState } from 'react';
import { ApprovalBox } from './ApprovalBox';
import { ToolResult } from './ToolResult';
import { formatMs } from './format';
import type { ToolCallState, ToolStatus } from './transcript';

const STATUS: Record<ToolStatus, string> = {
  running: 'running…',
  awaiting_approval: 'waits for approval',
  succeeded: '',
  failed: 'error',
  denied: 'denied',
  cancelled: 'cancelled',
};

export interface CardContext {
  projectId: string;
  sessionId: string;
  decide: (callId: string, approve: boolean) => void;
  deciding: boolean;
}

/** One tool call: collapsed, its tool, duration and marks; open, its input and its result drawn for its kind. */
export function ToolCard({ call, context }: { call: ToolCallState; context: CardContext }) {
  const [open, setOpen] = useState(false);
  const status = STATUS[call.status];
  return (
    <div className={`chat-tool status-${call.status}`}>
      <details data-testid="tool-card" data-tool={call.tool} data-status={call.status} onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>
          <span className="chat-tool-name">{call.tool}</span>
          {call.durationMs !== undefined && <span className="chat-tool-duration">{formatMs(call.durationMs)}</span>}
          {status !== '' && <span className={`chat-mark ${call.status}`}>{status}</span>}
          {call.truncated === true && <span className="chat-mark truncated" title="The tool cut its output; a narrower call shows the rest">truncated</span>}
          {call.references.length > 0 && <span className="quiet">{call.references.filter((r) => r.kind === 'trace').length} traces</span>}
        </summary>
        {open && <ToolResult call={call} projectId={context.projectId} sessionId={context.sessionId} />}
      </details>
      {call.status === 'awaiting_approval' && (
        <ApprovalBox call={call} deciding={context.deciding} onDecide={(approve) => context.decide(call.callId, approve)} />
      )}
    </div>
  );
}
