package dev.tracehound.ingest;

import dev.tracehound.analytics.RowBatch;
import dev.tracehound.analytics.TelemetryTable;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * How a {@link RowBatch} travels through Kafka: the value is its JSONEachRow lines, as
 * ClickHouse takes them; the headers say whose rows they are and which batch. Writers of
 * another version read them as long as the format header matches.
 */
final class KafkaRecords {

    static final String FORMAT = "tracehound-format";
    static final String FORMAT_V1 = "jsoneachrow/1";
    static final String PROJECT = "tracehound-project";
    static final String BATCH = "tracehound-batch";
    static final String ROWS = "tracehound-rows";
    static final String DEAD_REASON = "tracehound-dead-reason";
    static final String DEAD_ORIGIN = "tracehound-dead-origin";

    private KafkaRecords() {}

    /** @param partition null to let the producer choose */
    static ProducerRecord<byte[], byte[]> toRecord(String topic, Integer partition, RowBatch batch) {
        var headers = new RecordHeaders();
        headers.add(FORMAT, bytes(FORMAT_V1));
        headers.add(PROJECT, bytes(batch.projectId()));
        headers.add(BATCH, bytes(batch.batchId()));
        headers.add(ROWS, bytes(Integer.toString(batch.rows())));
        return new ProducerRecord<>(topic, partition, (byte[]) null, batch.lines(), headers);
    }

    /** Throws IllegalArgumentException, naming what is wrong, for a record no writer could store. */
    static RowBatch fromRecord(TelemetryTable table, ConsumerRecord<byte[], byte[]> record) {
        Headers headers = record.headers();
        String format = header(headers, FORMAT);
        if (!FORMAT_V1.equals(format)) {
            throw new IllegalArgumentException("unknown record format '" + format + "'");
        }
        int rows;
        try {
            rows = Integer.parseInt(header(headers, ROWS));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the " + ROWS + " header is not a number");
        }
        if (record.value() == null || record.value().length == 0) {
            throw new IllegalArgumentException("the record has no rows");
        }
        return new RowBatch(table, header(headers, PROJECT), header(headers, BATCH), record.value(), rows);
    }

    /** The record as it was, plus why it can never be stored and where it came from. */
    static ProducerRecord<byte[], byte[]> deadLetter(String topic, ConsumerRecord<byte[], byte[]> record, String reason) {
        var headers = new RecordHeaders(record.headers().toArray());
        headers.add(DEAD_REASON, bytes(reason));
        headers.add(DEAD_ORIGIN, bytes(record.topic() + "-" + record.partition() + "@" + record.offset()));
        return new ProducerRecord<>(topic, null, record.key(), record.value(), headers);
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        if (header == null || header.value() == null) {
            throw new IllegalArgumentException("the record has no " + name + " header");
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
