import { useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useProject, useShell } from '../../app/Shell';
import { Empty, ErrorState, Loading } from '../../app/states';
import { formatChatUrl, traceOf, withTrace } from './chatUrl';
import { Composer } from './Composer';
import { Conversation } from './Conversation';
import { fromHistory } from './history';
import { SessionList } from './SessionList';
import { useCreateSession, useSessionDetail } from './sessions';
import { TraceBeside } from './TraceBeside';
import { emptyTranscript, type Transcript } from './transcript';
import { SessionUsageLine } from './Usage';
import { useRuns } from './useRuns';
import { useStickToBottom } from './useStickToBottom';

/** Chat with the agent: the project's sessions, the conversation with its tool cards, and a trace beside it. */
export default function ChatPage() {
  const project = useProject();
  const { workspaceKey } = useShell();
  const { project: projectKey = project.slug, session } = useParams();
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  const trace = traceOf(search);
  const runs = useRuns(project.id);
  const live = runs.of(session);
  const detail = useSessionDetail(project.id, session, live.transcript === undefined);
  const create = useCreateSession(project.id);
  const [draft, setDraft] = useState('');
  const [cancelling, setCancelling] = useState(false);
  const linkTo = (id: string | undefined) => formatChatUrl({ workspace: workspaceKey, project: projectKey, session: id });
  const history = useMemo(() => (detail.data === undefined ? undefined : fromHistory(detail.data)), [detail.data]);
  const transcript: Transcript | undefined = live.transcript ?? history;
  const running = live.transcript?.running ?? detail.data?.session.running ?? false;
  const scroller = useStickToBottom(transcript);

  function start(sessionId: string, base: Transcript, text: string) {
    void runs.send(sessionId, base, text).then((started) => {
      if (!started) {
        setDraft((current) => (current === '' ? text : current));
      }
    });
  }

  function send(text: string) {
    setDraft('');
    if (session !== undefined) {
      start(session, transcript ?? emptyTranscript, text);
      return;
    }
    create.mutate(text.length > 80 ? `${text.slice(0, 77)}…` : text, {
      onSuccess: (created) => {
        navigate(linkTo(created.id));
        start(created.id, emptyTranscript, text);
      },
      onError: () => setDraft(text),
    });
  }

  async function cancel() {
    if (session !== undefined) {
      setCancelling(true);
      await runs.cancel(session);
      setCancelling(false);
    }
  }

  const context = {
    projectId: project.id,
    sessionId: session ?? '',
    deciding: live.connection !== 'idle',
    decide: (callId: string, approve: boolean) => {
      if (session !== undefined && transcript !== undefined) {
        void runs.decide(session, transcript, callId, approve);
      }
    },
  };

  return (
    <div className={trace === undefined ? 'chat' : 'chat with-beside'}>
      <SessionList projectId={project.id} current={session} linkTo={linkTo} onDeleted={(id) => id === session && navigate(linkTo(undefined))} />
      <section className="chat-main" aria-label="Chat">
        <header className="chat-header">
          <h2>{session === undefined ? 'New session' : (detail.data?.session.title ?? 'Session')}</h2>
          <SessionUsageLine usage={transcript?.session} />
        </header>
        {live.connection === 'reconnecting' && (
          <p className="chat-connection" role="status" data-testid="chat-connection">
            Connection lost, reconnecting…
          </p>
        )}
        <div className="chat-scroll" ref={scroller}>
          {session === undefined && transcript === undefined && (
            <Empty title="Ask the agent about this project">
              <p>It searches traces, aggregates, BubbleUp, logs and metrics, and answers with the evidence: each tool call appears as a card.</p>
            </Empty>
          )}
          {session !== undefined && transcript === undefined && detail.isPending && <Loading what="the session" />}
          {transcript === undefined && detail.isError && <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />}
          {transcript !== undefined && <Conversation transcript={transcript} context={context} />}
          {live.transcript === undefined && running && (
            <p className="chat-notice" role="status">A run of this session goes on; its steps appear here as they are stored.</p>
          )}
        </div>
        {live.error !== undefined && session !== undefined && (
          <div className="chat-error">
            <ErrorState error={live.error} />
            <button type="button" onClick={() => runs.dismiss(session)}>
              Dismiss
            </button>
          </div>
        )}
        {create.error !== null && <ErrorState error={create.error} />}
        <Composer draft={draft} onDraft={setDraft} onSend={send} onCancel={() => void cancel()} running={running} busy={create.isPending} cancelling={cancelling} />
      </section>
      {trace !== undefined && (
        <TraceBeside projectId={project.id} traceId={trace} onClose={() => setSearch(withTrace(search, undefined))} />
      )}
    </div>
  );
}
