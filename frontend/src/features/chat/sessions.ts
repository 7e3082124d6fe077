import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

/** A session as the agent API answers it (docs/agent.md). */
export interface Session {
  id: string;
  title: string;
  model: string;
  status: 'idle' | 'running' | 'awaiting_approval';
  running: boolean;
  /** Who started it: a user id, or `api-key` for a session started with a read key. */
  owner: string;
  /** Whether you started it: only its owner continues or renames it. */
  yours: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface SessionPage {
  sessions: Session[];
  nextCursor: string | null;
}

export interface HistoryToolCallRef {
  id: string;
  name: string;
  arguments: string;
}

export interface Turn {
  ordinal: number;
  role: 'system' | 'user' | 'assistant' | 'tool';
  text: string | null;
  toolCalls: HistoryToolCallRef[];
  callId: string | null;
  toolName: string | null;
  createdAt: string;
}

export interface StoredToolCall {
  callId: string;
  tool: string;
  arguments: string;
  status: 'awaiting_approval' | 'running' | 'succeeded' | 'failed' | 'denied' | 'cancelled';
  output: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface UsageTotals {
  modelCalls: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  costMicros: number;
  includesEstimates: boolean;
  includesUnpriced: boolean;
}

export interface SessionDetail {
  session: Session;
  messages: Turn[];
  toolCalls: StoredToolCall[];
  usage: UsageTotals;
}

const PAGE_SIZE = 30;

export const sessionsPath = (projectId: string) => `/api/v1/projects/${encodeURIComponent(projectId)}/agent/sessions`;
export const sessionPath = (projectId: string, sessionId: string) =>
  `${sessionsPath(projectId)}/${encodeURIComponent(sessionId)}`;

const listKey = (projectId: string) => ['projects', projectId, 'agent-sessions'];
export const detailKey = (projectId: string, sessionId: string) => ['projects', projectId, 'agent-session', sessionId];

export function useSessions(projectId: string) {
  return useInfiniteQuery({
    queryKey: listKey(projectId),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.get<SessionPage>(
        `${sessionsPath(projectId)}?pageSize=${PAGE_SIZE}${pageParam === undefined ? '' : `&cursor=${encodeURIComponent(pageParam)}`}`,
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** A session's history; while a run goes on that this page does not stream, it is read again every 2 s. */
export function useSessionDetail(projectId: string, sessionId: string | undefined, poll: boolean) {
  return useQuery({
    queryKey: detailKey(projectId, sessionId ?? ''),
    queryFn: () => api.get<SessionDetail>(sessionPath(projectId, sessionId ?? '')),
    enabled: sessionId !== undefined,
    refetchInterval: (query) => (poll && query.state.data?.session.running === true ? 2000 : false),
  });
}

export function useCreateSession(projectId: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (title: string | undefined) => api.post<Session>(sessionsPath(projectId), title === undefined ? {} : { title }),
    onSuccess: () => queries.invalidateQueries({ queryKey: listKey(projectId) }),
  });
}

export function useRenameSession(projectId: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ id, title }: { id: string; title: string }) => api.patch<Session>(sessionPath(projectId, id), { title }),
    onSettled: () => queries.invalidateQueries({ queryKey: listKey(projectId) }),
  });
}

export function useDeleteSession(projectId: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(sessionPath(projectId, id)),
    onSettled: () => queries.invalidateQueries({ queryKey: listKey(projectId) }),
  });
}

/** After a run: the list's status and order, and the stored history, are stale. */
export function useRefreshAfterRun(projectId: string) {
  const queries = useQueryClient();
  return (sessionId: string) => {
    void queries.invalidateQueries({ queryKey: listKey(projectId) });
    void queries.invalidateQueries({ queryKey: detailKey(projectId, sessionId) });
  };
}

/** A tool call's whole stored result, for a card whose streamed result was cut at 4,000 characters. */
export function useStoredOutput(projectId: string, sessionId: string, callId: string, enabled: boolean) {
  return useQuery({
    queryKey: detailKey(projectId, sessionId),
    queryFn: () => api.get<SessionDetail>(sessionPath(projectId, sessionId)),
    enabled,
    select: (detail) => detail.toolCalls.find((call) => call.callId === callId)?.output ?? undefined,
  });
}
