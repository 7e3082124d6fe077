package dev.tracehound.ingest;

import dev.tracehound.analytics.ClickHouseException;
import dev.tracehound.analytics.RowBatch;
import dev.tracehound.analytics.TelemetryTable;
import dev.tracehound.analytics.TelemetryWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The writer of distributed mode: each poll of records becomes one insert per table, and the
 * container commits the offsets only after the insert returned. When ClickHouse is down or
 * overloaded the same records are retried with exponential back-off for as long as it takes
 * (the consumer stays in its group meanwhile); batches already stored by an earlier attempt
 * or an earlier delivery are skipped by the batch ledger. A record ClickHouse refuses for its
 * content, or one that is not a batch at all, goes to the dead-letter topic with the reason,
 * and the rest of the poll is stored.
 */
public final class KafkaRowWriter implements BatchMessageListener<byte[], byte[]> {

    private static final Logger log = LoggerFactory.getLogger(KafkaRowWriter.class);
    private static final Duration DEAD_LETTER_TIMEOUT = Duration.ofSeconds(30);

    /** What the writer did so far; for logs, meters and tests. */
    public record Progress(long batchesStored, long rowsStored, long duplicatesSkipped, long deadLettered) {}

    private final TelemetryWriter writer;
    private final KafkaTopics topics;
    private final KafkaTemplate<byte[], byte[]> deadLetters;
    private final AtomicLong batchesStored = new AtomicLong();
    private final AtomicLong rowsStored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();

    public KafkaRowWriter(TelemetryWriter writer, KafkaTopics topics, KafkaTemplate<byte[], byte[]> deadLetters) {
        this.writer = writer;
        this.topics = topics;
        this.deadLetters = deadLetters;
    }

    /**
     * A listener container running this writer: {@code concurrency} consumers of the group the
     * consumer factory names, offsets committed after each stored poll, retries backing off
     * from half a second to {@code maxBackOff}.
     */
    public ConcurrentMessageListenerContainer<byte[], byte[]> container(
            ConsumerFactory<byte[], byte[]> consumers, int concurrency, Duration maxBackOff) {
        var properties = new ContainerProperties(topics.tables().toArray(String[]::new));
        properties.setAckMode(ContainerProperties.AckMode.BATCH);
        properties.setMessageListener(this);
        var container = new ConcurrentMessageListenerContainer<>(consumers, properties);
        container.setConcurrency(concurrency);
        var backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(maxBackOff.toMillis());
        // No end: records that ClickHouse can store must wait for it, never be dropped.
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        container.setCommonErrorHandler(new DefaultErrorHandler(backOff));
        container.setBeanName("tracehound-writer");
        return container;
    }

    public Progress progress() {
        return new Progress(batchesStored.get(), rowsStored.get(), duplicates.get(), deadLettered.get());
    }

    @Override
    public void onMessage(List<ConsumerRecord<byte[], byte[]>> records) {
        var batches = new ArrayList<Delivered>(records.size());
        var malformed = new ArrayList<Map.Entry<ConsumerRecord<byte[], byte[]>, String>>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                Optional<TelemetryTable> table = topics.tableOf(record.topic());
                if (table.isEmpty()) {
                    throw new IllegalArgumentException("topic " + record.topic() + " holds no table's rows");
                }
                batches.add(new Delivered(record, KafkaRecords.fromRecord(table.get(), record)));
            } catch (IllegalArgumentException e) {
                malformed.add(Map.entry(record, "not a row batch: " + e.getMessage()));
            }
        }
        // Stored first: when storing fails, the poll comes again and these would be dead-lettered twice.
        store(batches);
        malformed.forEach(entry -> deadLetter(entry.getKey(), entry.getValue()));
    }

    private record Delivered(ConsumerRecord<byte[], byte[]> record, RowBatch batch) {}

    /** Throws when ClickHouse is unavailable, so the container retries the whole poll later. */
    private void store(List<Delivered> delivered) {
        if (delivered.isEmpty()) {
            return;
        }
        try {
            TelemetryWriter.Written written = writer.write(delivered.stream().map(Delivered::batch).toList());
            batchesStored.addAndGet(written.batches());
            rowsStored.addAndGet(written.rows());
            duplicates.addAndGet(written.duplicates());
        } catch (ClickHouseException e) {
            if (e.isTransient()) {
                throw e;
            }
            if (delivered.size() == 1) {
                deadLetter(delivered.getFirst().record(), "ClickHouse refused the rows: " + e.getMessage());
                return;
            }
            // Halving finds the records ClickHouse refuses; halves stored before a retry are skipped then.
            int half = delivered.size() / 2;
            store(delivered.subList(0, half));
            store(delivered.subList(half, delivered.size()));
        }
    }

    /** Waits for the dead-letter topic to acknowledge: the record's offset is committed right after. */
    private void deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
        log.error("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
        try {
            deadLetters.send(KafkaRecords.deadLetter(topics.deadLetter(), record, reason))
                    .get(DEAD_LETTER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            deadLettered.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering a record", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the dead-letter topic " + topics.deadLetter()
                    + " did not acknowledge a record; retrying the poll", e);
        }
    }
}
