import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { pathOf } from '../app/paths';

type Signal = 'traces' | 'logs' | 'metrics';

/**
 * How to send telemetry to this service, for the empty state of a page: an SDK's environment
 * and a Collector's exporter, both pointing at the page's own origin (docs/ingest.md).
 */
export function SendTelemetry({ signal, children }: { signal: Signal; children?: ReactNode }) {
  const { workspace = '', project = '' } = useParams();
  const origin = typeof window === 'undefined' ? 'http://localhost:8080' : window.location.origin;
  const sdk = [
    `OTEL_EXPORTER_OTLP_ENDPOINT=${origin}`,
    'OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf',
    'OTEL_EXPORTER_OTLP_HEADERS=x-api-key=<your ingest key>',
  ].join('\n');
  const collector = [
    'exporters:',
    '  otlp_http/tracehound:      # before Collector v0.144: otlphttp/tracehound',
    `    endpoint: ${origin}`,
    '    headers:',
    '      x-api-key: <your ingest key>',
    'service:',
    '  pipelines:',
    `    ${signal}: { receivers: [otlp], exporters: [otlp_http/tracehound] }`,
  ].join('\n');
  return (
    <div className="send-telemetry">
      <p>
        Send {signal} over OTLP/HTTP to <code>{origin}/v1/{signal}</code> with an <strong>ingest key</strong> of this
        project (from <Link to={pathOf({ workspace, project, page: 'keys' })}>API keys</Link>) in the{' '}
        <code>x-api-key</code> header. OTLP/gRPC listens on port 4317 of the service's host.
      </p>
      {children}
      <p>From an OpenTelemetry SDK, set:</p>
      <pre>
        <code>{sdk}</code>
      </pre>
      <p>From an OpenTelemetry Collector:</p>
      <pre>
        <code>{collector}</code>
      </pre>
    </div>
  );
}
