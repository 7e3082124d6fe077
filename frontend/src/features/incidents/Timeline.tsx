import type { TimelineEvent } from './incidents';
import { actorLabel, detailLine, inOrder, kindLabel } from './timeline';

interface Props {
  events: TimelineEvent[];
  emails: ReadonlyMap<string, string>;
  me: string | undefined;
}

/** What happened to the incident, oldest first: fired, investigated, notified, approved, resolved. */
export function Timeline({ events, emails, me }: Props) {
  if (events.length === 0) {
    return <p className="quiet">Nothing on the timeline yet.</p>;
  }
  return (
    <ol className="incident-timeline" data-testid="incident-timeline">
      {inOrder(events).map((event, index) => {
        const detail = detailLine(event.detail);
        return (
          <li key={`${event.at}-${index}`} data-kind={event.kind} className={`incident-event incident-event-${event.kind}`}>
            <time dateTime={event.at}>{new Date(event.at).toLocaleString()}</time>
            <strong>{kindLabel(event.kind)}</strong>
            <span className="quiet"> by {actorLabel(event.actor, emails, me)}</span>
            {detail !== '' && <p>{detail}</p>}
          </li>
        );
      })}
    </ol>
  );
}
