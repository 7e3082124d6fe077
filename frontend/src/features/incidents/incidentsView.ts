/**
 * The incidents page's place in the URL: `?status=open|resolved|all` (open when absent) and the
 * incident opened beside the list, `?incident=<id>`. Pure, so the round trip is tested.
 */

export const STATUS_FILTERS = ['open', 'resolved', 'all'] as const;
export type IncidentStatusFilter = (typeof STATUS_FILTERS)[number];

export interface IncidentsView {
  status: IncidentStatusFilter;
  incident?: string;
}

const ID = /^[0-9A-Za-z][0-9A-Za-z_-]{0,99}$/;

export function parseIncidentsView(params: URLSearchParams): IncidentsView {
  const status = STATUS_FILTERS.find((s) => s === params.get('status')) ?? 'open';
  const incident = params.get('incident') ?? '';
  return ID.test(incident) ? { status, incident } : { status };
}

export function formatIncidentsView(view: IncidentsView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.status !== 'open') {
    params.set('status', view.status);
  }
  if (view.incident !== undefined) {
    params.set('incident', view.incident);
  }
  return params;
}

/** The query string of the incidents page opened at one incident, e.g. from the approvals page. */
export function incidentSearch(incident: string, status: IncidentStatusFilter = 'all'): string {
  return `?${formatIncidentsView({ status, incident }).toString()}`;
}
