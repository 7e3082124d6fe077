package dev.tracehound.demo;

import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.demo.Service.Instrumentation;
import java.util.Map;

/** The spans every service produces alike: gRPC calls between services, PostgreSQL and Redis clients. */
final class Calls {

    static final String POSTGRES_ADDRESS = "postgres.shop.svc.cluster.local";
    static final String REDIS_ADDRESS = "redis.shop.svc.cluster.local";
    private static final Latency NETWORK_HOP = Latency.of(0.25, 1.2);
    private static final Latency GRPC_SERVER_OVERHEAD = Latency.of(0.08, 0.5);
    private static final Latency IN_PROCESS_GAP = Latency.of(0.04, 0.3);

    /** The work a service does for one gRPC request, inside its server span. */
    @FunctionalInterface
    interface Handler {
        Outcome handle(SpanDraft server, long start);
    }

    private final TraceRecorder trace;

    Calls(TraceRecorder trace) {
        this.trace = trace;
    }

    Rng rng() {
        return trace.rng;
    }

    /** A little time the caller spends between two steps of its own work. */
    long gap() {
        return IN_PROCESS_GAP.sampleNanos(trace.rng);
    }

    long sample(Latency latency) {
        return latency.sampleNanos(trace.rng);
    }

    /**
     * A unary gRPC call: a CLIENT span in the caller and a SERVER span in {@code callee}, which does
     * {@code handler}'s work. Extra client attributes are alternating keys and values.
     */
    Outcome grpc(SpanDraft caller, long start, Service callee, String rpcService, String method, Handler handler,
            String... extraClientAttributes) {
        String spanName = rpcService + "/" + method;
        SpanDraft client = trace.child(caller, Instrumentation.GRPC, spanName, SpanKind.CLIENT, start);
        client.set("rpc.system", "grpc").set("rpc.service", rpcService).set("rpc.method", method)
                .set("server.address", callee.clusterAddress()).set("server.port", "8080")
                .set("peer.service", callee.serviceName).setAll(extraClientAttributes);

        long serverStart = start + sample(NETWORK_HOP);
        SpanDraft server = trace.serverSpan(client, callee, Instrumentation.GRPC, spanName, serverStart);
        server.set("rpc.system", "grpc").set("rpc.service", rpcService).set("rpc.method", method)
                .set("server.address", callee.clusterAddress()).set("server.port", "8080");
        Outcome outcome = handler.handle(server, serverStart + sample(GRPC_SERVER_OVERHEAD));
        server.endAt(outcome.endNanos() + sample(GRPC_SERVER_OVERHEAD));

        int code = outcome.succeeded() ? 0 : outcome.failure().kind().grpcCode;
        server.set("rpc.grpc.status_code", code);
        client.set("rpc.grpc.status_code", code);
        if (!outcome.succeeded()) {
            if (outcome.failure().kind().serverError) {
                server.fail(outcome.failure().message());
            }
            client.fail(outcome.failure().kind().grpcName + ": " + outcome.failure().message());
        }
        client.endAt(server.end + sample(NETWORK_HOP));
        return new Outcome(client.end, outcome.failure());
    }

    SpanDraft postgres(SpanDraft parent, long start, String operation, String table, String statement, Latency latency) {
        SpanDraft span = trace.child(parent, Instrumentation.POSTGRES, operation + " shop." + table, SpanKind.CLIENT, start);
        span.set("db.system", "postgresql").set("db.name", "shop").set("db.user", parent.service().serviceName)
                .set("db.statement", statement).set("db.operation", operation).set("db.sql.table", table)
                .set("server.address", POSTGRES_ADDRESS).set("server.port", "5432");
        return span.endAt(start + sample(latency));
    }

    SpanDraft redis(SpanDraft parent, long start, String operation, String statement, Latency latency) {
        SpanDraft span = trace.child(parent, Instrumentation.REDIS, operation, SpanKind.CLIENT, start);
        span.set("db.system", "redis").set("db.statement", statement).set("db.operation", operation)
                .set("db.redis.database_index", "0").set("server.address", REDIS_ADDRESS).set("server.port", "6379");
        return span.endAt(start + sample(latency));
    }

    /** A Redis GET used as a cache; a miss is also recorded as a span event, as the services' own code does. */
    SpanDraft cacheLookup(SpanDraft parent, long start, String key, boolean hit) {
        SpanDraft span = redis(parent, start, "GET", "GET " + key, Latencies.REDIS);
        span.set("cache.hit", hit);
        if (!hit) {
            span.addEvent(span.end, "cache.miss", Map.of("cache.key", key));
        }
        return span;
    }

    /** Typical durations of the shared dependencies. */
    static final class Latencies {
        static final Latency REDIS = Latency.of(0.35, 2.5);
        static final Latency POSTGRES_POINT_READ = Latency.of(1.2, 9);
        static final Latency POSTGRES_WRITE = Latency.of(2.5, 18);

        private Latencies() {
        }
    }
}
