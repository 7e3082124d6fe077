// One synthetic trace of n spans as an OTLP/HTTP JSON request, for the UI benchmark: a tree under
// one root (each span's parent an earlier span, at most 12 deep), children inside their parent's
// time, six services, some errors. Deterministic apart from its ids, which are new on every call
// (the same spans sent twice are stored once).
import { randomBytes } from 'node:crypto';

const SERVICES = ['frontend', 'checkout', 'payments', 'inventory', 'recommendation', 'shipping'];
const NAMES = ['GET /api/items', 'SELECT shop.items', 'cache.get', 'POST /charge', 'render', 'HGETALL'];

/** @param {number} n */
export function syntheticTraceRequest(n) {
  const traceId = randomBytes(16).toString('hex');
  const start = BigInt(Date.now() - 60_000) * 1_000_000n;
  /** @type {{ id: string, parent: number, depth: number, start: bigint, end: bigint, service: string }[]} */
  const spans = [];
  let seed = 7;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < n; i++) {
    let parent = i === 0 ? -1 : Math.floor(next() * i);
    while (parent >= 0 && spans[parent].depth >= 12) parent = spans[parent].parent;
    const outer = parent < 0 ? { start, end: start + 30_000_000_000n } : spans[parent];
    const length = outer.end - outer.start;
    const from = outer.start + BigInt(Math.floor(next() * 0.5 * Number(length)));
    const to = from + BigInt(Math.max(1000, Math.floor(next() * 0.5 * Number(length))));
    spans.push({
      id: randomBytes(8).toString('hex'),
      parent,
      depth: parent < 0 ? 0 : spans[parent].depth + 1,
      start: from,
      end: to > outer.end ? outer.end : to,
      service: i === 0 ? 'frontend' : SERVICES[Math.floor(next() * SERVICES.length)],
    });
  }
  const resourceSpans = SERVICES.map((service) => ({
    resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
    scopeSpans: [{
      scope: { name: 'bench.ui' },
      spans: spans.flatMap((span, i) => span.service !== service ? [] : [{
        traceId,
        spanId: span.id,
        ...(span.parent < 0 ? {} : { parentSpanId: spans[span.parent].id }),
        name: i === 0 ? 'GET /bench' : NAMES[i % NAMES.length],
        kind: i === 0 ? 2 : 1,
        startTimeUnixNano: span.start.toString(),
        endTimeUnixNano: span.end.toString(),
        status: { code: i % 97 === 0 ? 2 : 0 },
        attributes: [{ key: 'bench.index', value: { intValue: String(i) } }],
      }]),
    }],
  }));
  return { traceId, body: { resourceSpans } };
}
