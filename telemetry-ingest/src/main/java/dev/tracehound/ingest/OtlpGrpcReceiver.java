package dev.tracehound.ingest;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/gRPC: the trace, logs and metrics services of the OTLP specification on a port of
 * their own, through the same pipeline as {@link OtlpHttpReceiver}. A call is answered with
 * the Export*ServiceResponse (partial_success when records were rejected) once the accepted
 * records are stored, or with the status code the specification gives the failure, so
 * clients retry what can be retried.
 */
public final class OtlpGrpcReceiver {

    private static final Logger log = LoggerFactory.getLogger(OtlpGrpcReceiver.class);
    private static final Context.Key<String> PROJECT = Context.key("tracehound-project-id");
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> API_KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);
    /** Where a call puts its quota notice for the response headers, which go out with the answer. */
    private static final Context.Key<AtomicReference<String>> QUOTA_NOTICE = Context.key("tracehound-quota-notice");
    private static final Metadata.Key<String> QUOTA =
            Metadata.Key.of(QuotaGate.HEADER.toLowerCase(Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER);

    private final OtlpIngest ingest;
    private final ProjectKeys keys;
    private final IngestSettings settings;
    private final int requestedPort;
    private Server server;
    private ExecutorService calls;

    /** @param port where to listen; 0 picks a free port */
    public OtlpGrpcReceiver(OtlpIngest ingest, ProjectKeys keys, IngestSettings settings, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        this.ingest = ingest;
        this.keys = keys;
        this.settings = settings;
        this.requestedPort = port;
    }

    /**
     * Starts listening on all interfaces.
     *
     * @return the port it listens on (the chosen one when asked for 0)
     * @throws IOException when the port cannot be bound, e.g. because it is taken
     */
    public synchronized int start() throws IOException {
        if (server != null) {
            return server.getPort();
        }
        // Calls (key look-ups, decoding, normalising) run here, never on Netty's event loops.
        var executor = Executors.newVirtualThreadPerTaskExecutor();
        var built = Grpc.newServerBuilderForPort(requestedPort, InsecureServerCredentials.create())
                .executor(executor)
                // One limit for the frame as sent and once gzip is undone: gRPC checks both against it.
                .maxInboundMessageSize((int) Math.min(Integer.MAX_VALUE, settings.maxBodyBytes()))
                .addService(traceService())
                .addService(logsService())
                .addService(metricsService())
                .intercept(new Authentication())
                .build();
        try {
            built.start();
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
        server = built;
        calls = executor;
        return built.getPort();
    }

    /** The port it listens on, or -1 when it does not. */
    public synchronized int port() {
        return server == null ? -1 : server.getPort();
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Stops taking calls, lets running ones finish within {@code grace}, then cuts the rest. */
    public synchronized void stop(Duration grace) {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("OTLP/gRPC: calls still running after {} ms; cancelling them", grace.toMillis());
                server.shutdownNow();
                server.awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            calls.shutdownNow();
            server = null;
            calls = null;
        }
    }

    private BindableService traceService() {
        return new TraceServiceGrpc.TraceServiceImplBase() {
            @Override
            public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> observer) {
                answer(() -> ingest.traces(PROJECT.get(), request), OtlpGrpcReceiver::traceResponse, observer);
            }
        };
    }

    private BindableService logsService() {
        return new LogsServiceGrpc.LogsServiceImplBase() {
            @Override
            public void export(ExportLogsServiceRequest request, StreamObserver<ExportLogsServiceResponse> observer) {
                answer(() -> ingest.logs(PROJECT.get(), request), OtlpGrpcReceiver::logsResponse, observer);
            }
        };
    }

    private BindableService metricsService() {
        return new MetricsServiceGrpc.MetricsServiceImplBase() {
            @Override
            public void export(ExportMetricsServiceRequest request, StreamObserver<ExportMetricsServiceResponse> observer) {
                answer(() -> ingest.metrics(PROJECT.get(), request), OtlpGrpcReceiver::metricsResponse, observer);
            }
        };
    }

    private <R> void answer(Supplier<CompletableFuture<OtlpIngest.Outcome>> store,
            Function<OtlpIngest.Outcome, R> response, StreamObserver<R> observer) {
        AtomicReference<String> notice = QUOTA_NOTICE.get();
        CompletableFuture<OtlpIngest.Outcome> stored;
        try {
            stored = store.get();
        } catch (RuntimeException e) {
            observer.onError(failure(e));
            return;
        }
        stored.whenComplete((outcome, failure) -> {
            if (failure != null) {
                observer.onError(failure(failure));
            } else {
                if (notice != null && !outcome.quotaNotice().isEmpty()) {
                    notice.set(outcome.quotaNotice());
                }
                observer.onNext(response.apply(outcome));
                observer.onCompleted();
            }
        });
    }

    private static ExportTraceServiceResponse traceResponse(OtlpIngest.Outcome outcome) {
        var response = ExportTraceServiceResponse.newBuilder();
        if (outcome.rejected() > 0) {
            response.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                    .setRejectedSpans(outcome.rejected()).setErrorMessage(outcome.message()));
        }
        return response.build();
    }

    private static ExportLogsServiceResponse logsResponse(OtlpIngest.Outcome outcome) {
        var response = ExportLogsServiceResponse.newBuilder();
        if (outcome.rejected() > 0) {
            response.setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
                    .setRejectedLogRecords(outcome.rejected()).setErrorMessage(outcome.message()));
        }
        return response.build();
    }

    private static ExportMetricsServiceResponse metricsResponse(OtlpIngest.Outcome outcome) {
        var response = ExportMetricsServiceResponse.newBuilder();
        if (outcome.rejected() > 0) {
            response.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                    .setRejectedDataPoints(outcome.rejected()).setErrorMessage(outcome.message()));
        }
        return response.build();
    }

    private StatusRuntimeException failure(Throwable failure) {
        IngestRejection rejection = IngestRejection.of(failure, settings.retryAfter());
        return rejection.retryAfter() != null
                ? retryLater(Status.fromCodeValue(rejection.grpcCode()).getCode(), rejection.getMessage(), rejection.retryAfter())
                : Status.fromCodeValue(rejection.grpcCode()).withDescription(rejection.getMessage()).asRuntimeException();
    }

    /**
     * A status with google.rpc.RetryInfo: OTLP clients retry RESOURCE_EXHAUSTED only when it
     * is there, and wait the delay it gives before retrying either code.
     */

    private StatusRuntimeException retryLater(Status.Code code, String message, Duration delay) {
        var retryInfo = RetryInfo.newBuilder().setRetryDelay(com.google.protobuf.Duration.newBuilder()
                .setSeconds(delay.getSeconds()).setNanos(delay.getNano()));
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(code.value()).setMessage(message).addDetails(Any.pack(retryInfo.build())).build());
    }

    /** Resolves the API key before the request is even decoded, and carries the project to the call. */
    private final class Authentication implements ServerInterceptor {

        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(
                ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            String projectId;
            try {
                String apiKey = apiKey(headers);
                if (apiKey == null) {
                    throw IngestRejection.unauthenticated(
                            "missing API key: send metadata 'authorization: Bearer <key>' or 'x-api-key: <key>'");
                }
                projectId = keys.projectFor(apiKey)
                        .orElseThrow(() -> IngestRejection.unknownKey("unknown or revoked API key"));
            } catch (RuntimeException e) {
                StatusRuntimeException refusal = failure(e);
                call.close(refusal.getStatus(), refusal.getTrailers() == null ? new Metadata() : refusal.getTrailers());
                return new ServerCall.Listener<>() {};
            }
            var notice = new AtomicReference<String>();
            var withNotice = new ForwardingServerCall.SimpleForwardingServerCall<Q, A>(call) {
                @Override
                public void sendHeaders(Metadata responseHeaders) {
                    String quota = notice.get();
                    if (quota != null) {
                        responseHeaders.put(QUOTA, quota);
                    }
                    super.sendHeaders(responseHeaders);
                }
            };
            Context context = Context.current().withValue(PROJECT, projectId).withValue(QUOTA_NOTICE, notice);
            return Contexts.interceptCall(context, withNotice, headers, next);
        }
    }

    private static String apiKey(Metadata headers) {
        String authorization = headers.get(AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = authorization.substring(7).strip();
            return key.isEmpty() ? null : key;
        }
        String key = headers.get(API_KEY);
        return key == null || key.isBlank() ? null : key.strip();
    }
}
