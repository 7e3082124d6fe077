import { Link, useParams } from 'react-router';
import { Empty } from '../../app/states';
import { pathOf } from '../../app/paths';

/** No spans at all in the range: how to send some, with this service's own endpoint. */
export function NoDataYet() {
  const { workspace = '', project = '' } = useParams();
  const origin = window.location.origin;
  const sdk = [
    `OTEL_EXPORTER_OTLP_ENDPOINT=${origin}`,
    'OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf',
    'OTEL_EXPORTER_OTLP_HEADERS=x-api-key=<an ingest key of this project>',
  ].join('\n');
  const curl = [
    `curl -fsS "${origin}/v1/traces" -H "x-api-key: $INGEST_KEY" \\`,
    `  -H 'Content-Type: application/json' --data-binary @- <<EOF`,
    `{"resourceSpans": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "hello"}}]},`,
    `  "scopeSpans": [{"spans": [{"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174",`,
    `    "name": "hello", "startTimeUnixNano": "$(date +%s%N)", "endTimeUnixNano": "$(date +%s%N)"}]}]}]}`,
    'EOF',
  ].join('\n');
  const collector = [
    'exporters:',
    '  otlphttp:',
    `    endpoint: ${origin}`,
    '    headers:',
    '      x-api-key: ${env:TRACEHOUND_INGEST_KEY}',
  ].join('\n');
  return (
    <Empty title="No spans in this time range yet">
      <p>
        Widen the time range above, or send traces over OTLP/HTTP to <code>{origin}/v1/traces</code> with an ingest key of
        this project (create one on the <Link to={pathOf({ workspace, project, page: 'keys' })}>API keys</Link> page; a
        read key cannot send).
      </p>
      <p>An OpenTelemetry SDK, from its environment (it adds /v1/traces itself):</p>
      <pre className="explore-snippet">{sdk}</pre>
      <p>An OpenTelemetry Collector's exporter:</p>
      <pre className="explore-snippet">{collector}</pre>
      <p>One span by hand, to see it arrive:</p>
      <pre className="explore-snippet">{curl}</pre>
    </Empty>
  );
}
