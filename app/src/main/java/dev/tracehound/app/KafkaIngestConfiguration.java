package dev.tracehound.app;

import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.ingest.IngestStore;
import dev.tracehound.ingest.KafkaRowWriter;
import dev.tracehound.ingest.KafkaStore;
import dev.tracehound.ingest.KafkaTopics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * Distributed ingest ({@code tracehound.ingest.mode=kafka}): requests are answered once Kafka
 * acknowledged their rows, and the writer of each instance (unless turned off) stores them in
 * ClickHouse. Brokers and client settings come from {@code spring.kafka.*}; the settings that
 * nothing-lost depends on are fixed here.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tracehound.ingest.mode", havingValue = "kafka")
class KafkaIngestConfiguration {

    @Bean
    KafkaTopics kafkaTopics(IngestProperties properties) {
        return new KafkaTopics(properties.kafka().topicPrefix());
    }

    @Bean(destroyMethod = "destroy")
    DefaultKafkaProducerFactory<byte[], byte[]> ingestProducerFactory(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // zstd (native, through zstd-jni) measured 30% more spans/s than lz4, whose Java port Kafka uses.
        config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        // A request waits at most this long for a broker before it is answered 503.
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        return new DefaultKafkaProducerFactory<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Bean
    KafkaTemplate<byte[], byte[]> ingestKafkaTemplate(DefaultKafkaProducerFactory<byte[], byte[]> producers) {
        return new KafkaTemplate<>(producers);
    }

    @Bean
    IngestStore kafkaIngestStore(KafkaTemplate<byte[], byte[]> kafka, KafkaTopics topics) {
        return new KafkaStore(kafka, topics);
    }

    /** Created at start-up by Spring's KafkaAdmin when missing; existing topics are left as they are. */
    @Bean
    KafkaAdmin.NewTopics ingestTopics(KafkaTopics topics, IngestProperties properties) {
        var kafka = properties.kafka();
        Optional<Short> replicas = kafka.replicas() > 0 ? Optional.of(kafka.replicas()) : Optional.empty();
        var all = new ArrayList<NewTopic>();
        for (String name : topics.tables()) {
            all.add(new NewTopic(name, Optional.of(kafka.partitions()), replicas));
        }
        all.add(new NewTopic(topics.deadLetter(), Optional.of(1), replicas));
        return new KafkaAdmin.NewTopics(all.toArray(NewTopic[]::new));
    }

    @Bean
    @ConditionalOnProperty(name = "tracehound.ingest.kafka.writer.enabled", havingValue = "true", matchIfMissing = true)
    KafkaRowWriter kafkaRowWriter(TelemetryWriter writer, KafkaTopics topics, KafkaTemplate<byte[], byte[]> kafka) {
        return new KafkaRowWriter(writer, topics, kafka);
    }

    @Bean
    @ConditionalOnProperty(name = "tracehound.ingest.kafka.writer.enabled", havingValue = "true", matchIfMissing = true)
    ConcurrentMessageListenerContainer<byte[], byte[]> kafkaWriterContainer(
            KafkaRowWriter writer, KafkaProperties kafka, IngestProperties properties) {
        var settings = properties.kafka().writer();
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Bigger polls make bigger inserts, which ClickHouse prefers.
        config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        config.putIfAbsent(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1 << 20);
        config.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 250);
        var consumers = new DefaultKafkaConsumerFactory<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        return writer.container(consumers, settings.concurrency(), settings.maxBackOff());
    }

    /** What the writer stored, skipped as already stored, and dead-lettered, as counters. */
    @Bean
    @ConditionalOnProperty(name = "tracehound.ingest.kafka.writer.enabled", havingValue = "true", matchIfMissing = true)
    MeterBinder kafkaWriterMeters(KafkaRowWriter writer) {
        return registry -> {
            FunctionCounter.builder("tracehound.ingest.writer.rows", writer, w -> w.progress().rowsStored())
                    .description("Rows the Kafka writer stored in ClickHouse").register(registry);
            FunctionCounter.builder("tracehound.ingest.writer.duplicates", writer,
                            w -> w.progress().duplicatesSkipped())
                    .description("Batches the Kafka writer found stored already (redeliveries, retries)")
                    .register(registry);
            FunctionCounter.builder("tracehound.ingest.writer.dead-lettered", writer, w -> w.progress().deadLettered())
                    .description("Records the Kafka writer sent to the dead-letter topic").register(registry);
        };
    }

    /** One client for the health checks: a new one per check would open connections every probe. */
    @Bean(destroyMethod = "close")
    AdminClient kafkaHealthClient(KafkaAdmin admin) {
        return AdminClient.create(admin.getConfigurationProperties());
    }

    @Bean
    HealthIndicator kafkaHealthIndicator(AdminClient kafkaHealthClient, KafkaAdmin admin) {
        Object servers = admin.getConfigurationProperties().get("bootstrap.servers");
        return () -> {
            try {
                var cluster = kafkaHealthClient.describeCluster(new DescribeClusterOptions().timeoutMs(3_000));
                int brokers = cluster.nodes().get(4, TimeUnit.SECONDS).size();
                return Health.up().withDetail("bootstrapServers", String.valueOf(servers))
                        .withDetail("brokers", brokers).build();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                return Health.down().withDetail("bootstrapServers", String.valueOf(servers))
                        .withDetail("reason", Causes.rootMessage(e)).build();
            }
        };
    }
}
