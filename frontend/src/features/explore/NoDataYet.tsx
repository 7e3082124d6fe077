import { Empty } from '../../app/states';
import { SendTelemetry } from '../../lib/SendTelemetry';

/** No spans at all in the range: widen it, or how to send some, with this service's own endpoint. */
export function NoDataYet() {
  return (
    <Empty title="No spans in this time range yet">
      <SendTelemetry signal="traces">
        <p>Or widen the time range above: the data may be older.</p>
      </SendTelemetry>
    </Empty>
  );
}
