package dev.tracehound.app;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The OTLP/gRPC receiver; its limits are those of {@link IngestProperties}.
 *
 * @param port          where it listens (OTLP's 4317 by default); 0 picks a free port
 * @param shutdownGrace how long calls still running at shutdown may take before they are cut
 */
@ConfigurationProperties("tracehound.ingest.grpc")
record GrpcIngestProperties(int port, Duration shutdownGrace) {}
