package dev.tracehound.app;

import dev.tracehound.ingest.OtlpGrpcReceiver;
import dev.tracehound.ingest.OtlpIngest;
import dev.tracehound.ingest.ProjectKeys;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** OTLP/gRPC on its own port, started with the application and drained when it stops. */
@Configuration(proxyBeanMethods = false)
class GrpcIngestConfiguration {

    @Bean
    OtlpGrpcServer otlpGrpcServer(
            OtlpIngest ingest, ProjectKeys keys, IngestProperties limits, GrpcIngestProperties properties) {
        return new OtlpGrpcServer(new OtlpGrpcReceiver(ingest, keys, limits.settings(), properties.port()),
                properties.port(), properties.shutdownGrace());
    }

    /**
     * Runs in the last lifecycle phase, so it takes calls only once everything else is up,
     * and stops first, before the batcher it feeds is closed.
     */
    static final class OtlpGrpcServer implements SmartLifecycle {

        private static final Logger log = LoggerFactory.getLogger(OtlpGrpcServer.class);

        private final OtlpGrpcReceiver receiver;
        private final int configuredPort;
        private final Duration shutdownGrace;

        OtlpGrpcServer(OtlpGrpcReceiver receiver, int configuredPort, Duration shutdownGrace) {
            this.receiver = receiver;
            this.configuredPort = configuredPort;
            this.shutdownGrace = shutdownGrace;
        }

        @Override
        public void start() {
            try {
                int port = receiver.start();
                log.info("OTLP/gRPC listening on port {} (traces, logs, metrics)", port);
            } catch (IOException e) {
                throw new PortUnavailableException("OTLP/gRPC cannot listen on port " + configuredPort + " ("
                        + reason(e) + "): set tracehound.ingest.grpc.port (or TRACEHOUND_GRPC_PORT) to a free "
                        + "port, or 0 to take any free one");
            }
        }

        @Override
        public void stop() {
            receiver.stop(shutdownGrace);
        }

        @Override
        public boolean isRunning() {
            return receiver.isRunning();
        }

        /** The port it listens on, or -1 when it does not. */
        int port() {
            return receiver.port();
        }

        private static String reason(IOException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + root.getMessage();
        }
    }

    /** Carries no stack trace, so the reason is the last thing a failed start-up prints. */
    static final class PortUnavailableException extends RuntimeException {
        PortUnavailableException(String message) {
            super(message, null, false, false);
        }
    }
}
