import { Answer } from './Answer';
import { type CardContext, ToolCard } from './ToolCard';
import type { Item, Run, Transcript } from './transcript';
import { RunUsageLine } from './Usage';

const ENDINGS: Record<string, string> = {
  awaiting_approval: 'The run waits for your decision on the call above.',
  cancelled: 'The run was cancelled.',
  limit: 'The run stopped at a limit; ask again to continue.',
  budget: 'The run stopped: the spending budget is used up.',
  error: 'The run stopped with an error.',
};

/** The session's questions and what answered each, in order. */
export function Conversation({ transcript, context }: { transcript: Transcript; context: CardContext }) {
  return (
    <ol className="chat-runs" aria-label="Conversation">
      {transcript.runs.map((run) => (
        <li key={run.key} className="chat-run">
          <RunView run={run} context={context} />
        </li>
      ))}
    </ol>
  );
}

function RunView({ run, context }: { run: Run; context: CardContext }) {
  const ending = run.ended === undefined ? undefined : ENDINGS[run.ended];
  return (
    <>
      {run.question !== undefined && (
        <p className="chat-question" data-testid="chat-question">
          {run.question}
        </p>
      )}
      {run.items.map((item) => (
        <ItemView key={item.key} item={item} context={context} />
      ))}
      {ending !== undefined && <p className="chat-notice">{ending}</p>}
      {run.usage !== undefined && <RunUsageLine usage={run.usage} />}
    </>
  );
}

function ItemView({ item, context }: { item: Item; context: CardContext }) {
  switch (item.kind) {
    case 'answer':
      return <Answer text={item.text} streaming={item.streaming} />;
    case 'tool':
      return <ToolCard call={item.call} context={context} />;
    case 'notice':
      return (
        <p className={`chat-notice ${item.tone}`} role={item.tone === 'error' ? 'alert' : undefined}>
          {item.text}
        </p>
      );
  }
}
