import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export type ChannelKind = 'webhook' | 'slack' | 'email';
export const CHANNEL_KINDS: readonly ChannelKind[] = ['webhook', 'slack', 'email'];

export interface Channel {
  id: string;
  kind: ChannelKind;
  name: string;
  target: string;
  enabled: boolean;
  /** Since when its deliveries keep failing; null while it works. */
  failingSince: string | null;
}

/** A new channel: a webhook's signing secret is in this answer only. */
export interface CreatedChannel {
  channel: Channel;
  secret: string | null;
}

export interface Delivery {
  id: number;
  event: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
}

const base = (workspace: string) => `/api/v1/workspaces/${encodeURIComponent(workspace)}/notification-channels`;
const channelsKey = (workspace: string) => ['workspaces', workspace, 'notification-channels'];

/** Only admins and owners may list channels (they hold secrets), so the query waits for `enabled`. */
export function useChannels(workspace: string, enabled: boolean) {
  return useQuery({ queryKey: channelsKey(workspace), queryFn: () => api.get<Channel[]>(base(workspace)), enabled });
}

export function useCreateChannel(workspace: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (channel: { kind: ChannelKind; name: string; target: string }) => api.post<CreatedChannel>(base(workspace), channel),
    onSettled: () => queries.invalidateQueries({ queryKey: channelsKey(workspace) }),
  });
}

export function useUpdateChannel(workspace: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: Partial<Pick<Channel, 'name' | 'target' | 'enabled'>> }) =>
      api.put<Channel>(`${base(workspace)}/${encodeURIComponent(id)}`, change),
    onSettled: () => queries.invalidateQueries({ queryKey: channelsKey(workspace) }),
  });
}

export function useDeleteChannel(workspace: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`${base(workspace)}/${encodeURIComponent(id)}`),
    onSettled: () => queries.invalidateQueries({ queryKey: channelsKey(workspace) }),
  });
}

export function useTestChannel(workspace: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<{ event: string }>(`${base(workspace)}/${encodeURIComponent(id)}/test`),
    onSettled: (_answer, _error, id) => queries.invalidateQueries({ queryKey: [...channelsKey(workspace), id, 'deliveries'] }),
  });
}

/** The channel's recent deliveries; asked again every few seconds while one waits. */
export function useDeliveries(workspace: string, channel: string | undefined) {
  return useQuery({
    queryKey: [...channelsKey(workspace), channel, 'deliveries'],
    queryFn: () => api.get<Delivery[]>(`${base(workspace)}/${encodeURIComponent(channel ?? '')}/deliveries`),
    enabled: channel !== undefined,
    refetchInterval: (query) => ((query.state.data ?? []).some((d) => d.status !== 'sent' && d.status !== 'failed') ? 3_000 : false),
  });
}
