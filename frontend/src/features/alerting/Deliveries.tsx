import { ErrorState, Loading } from '../../app/states';
import { useDeliveries } from './channels';

/** A channel's recent deliveries: sent, waiting for the next attempt, or failed with the error. */
export function Deliveries({ workspace, channel, name }: { workspace: string; channel: string; name: string }) {
  const deliveries = useDeliveries(workspace, channel);
  return (
    <section className="channel-deliveries" aria-labelledby="deliveries-title" data-testid="channel-deliveries">
      <h4 id="deliveries-title">Recent deliveries of {name}</h4>
      {deliveries.isPending && <Loading what="the deliveries" />}
      {deliveries.isError && <ErrorState error={deliveries.error} onRetry={() => void deliveries.refetch()} />}
      {deliveries.data !== undefined && deliveries.data.length === 0 && <p className="quiet">Nothing sent yet: send a test.</p>}
      {deliveries.data !== undefined && deliveries.data.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Next attempt or error</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.data.map((delivery) => (
              <tr key={delivery.id} data-testid="delivery-row" data-status={delivery.status}>
                <td>
                  <code>{delivery.event}</code>
                </td>
                <td className={`delivery-${delivery.status}`}>{delivery.status}</td>
                <td>{delivery.attempts}</td>
                <td>
                  {delivery.lastError ?? ''}
                  {delivery.status === 'pending' && delivery.nextAttemptAt !== null && (
                    <div className="quiet">next at {new Date(delivery.nextAttemptAt).toLocaleString()}</div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
