package dev.tracehound.ingest;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A plain grpc-java client for the receiver tests: a channel to localhost, metadata, spans. */
final class OtlpGrpcReceiverClient implements AutoCloseable {

    private final ManagedChannel channel;

    OtlpGrpcReceiverClient(int port) {
        channel = Grpc.newChannelBuilderForAddress("localhost", port, InsecureChannelCredentials.create()).build();
    }

    ManagedChannel channel() {
        return channel;
    }

    /** The stub sending {@code header: value} with every call, and a deadline so a hang fails the test. */
    static <S extends AbstractStub<S>> S with(S stub, String header, String value) {
        var metadata = new Metadata();
        if (header != null) {
            metadata.put(Metadata.Key.of(header, Metadata.ASCII_STRING_MARSHALLER), value);
        }
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    static String newTraceId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    static Span.Builder span(String trace, String spanId, String name) {
        long now = System.currentTimeMillis() * 1_000_000L;
        return Span.newBuilder().setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(trace)))
                .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(spanId))).setName(name)
                .setStartTimeUnixNano(now).setEndTimeUnixNano(now + 1_000_000);
    }

    static ExportTraceServiceRequest traces(Span.Builder... spans) {
        var scope = ScopeSpans.newBuilder();
        for (Span.Builder span : spans) {
            scope.addSpans(span);
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue("grpc-test"))))
                .addScopeSpans(scope)).build();
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
