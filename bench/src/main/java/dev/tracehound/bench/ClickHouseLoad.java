package dev.tracehound.bench;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.Row;
import dev.tracehound.analytics.Sql;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What ClickHouse did between two snapshots, from the server's own cumulative counters
 * ({@code system.events}: SELECT queries, the CPU time of the threads that ran queries, the
 * granules of 8,192 rows they selected, the compressed bytes they read) and from the kernel
 * (the clickhouse-server process's user and system CPU time in {@code /proc}, merges and all).
 * ClickHouse 18.16 has no {@code query_log} here (its configuration has none) and no count of
 * rows read per query, so granules stand for rows: an upper bound, a granule read in part
 * counting whole. The counters are the server's: queries other clients send meanwhile count too.
 */
final class ClickHouseLoad {

    private static final String EVENTS = """
            SELECT event, value FROM system.events
            WHERE event IN ('SelectQuery', 'UserTimeMicroseconds', 'SystemTimeMicroseconds', 'SelectedMarks',
                            'ReadCompressedBytes')""";
    /** Linux's USER_HZ, the unit of /proc's CPU times, on every architecture we run on. */
    private static final double TICKS_PER_SECOND = 100;

    private final ClickHouse clickHouse;
    private final Optional<Path> serverStat;

    private ClickHouseLoad(ClickHouse clickHouse, Optional<Path> serverStat) {
        this.clickHouse = clickHouse;
        this.serverStat = serverStat;
    }

    /** The counters at one moment. */
    record Snapshot(long selects, long queryCpuMicros, long marks, long compressedBytes, double processCpuSeconds) {}

    /** What happened between two snapshots; the later snapshot's own query is not counted. */
    record Delta(long queries, double queryCpuSeconds, long marks, long compressedBytes, double processCpuSeconds) {}

    /** Reads the counters of the server behind {@code clickHouse}; its process is found by the HTTP port in its config. */
    static ClickHouseLoad of(ClickHouse clickHouse, String url) {
        return new ClickHouseLoad(clickHouse, serverProcess(URI.create(url).getPort()));
    }

    /** Whether the server's process was found, for the output. */
    String processFound() {
        return serverStat.map(p -> "clickhouse-server pid " + p.getParent().getFileName())
                .orElse("no clickhouse-server process with this port found here; its process CPU is not shown");
    }

    Snapshot snapshot() {
        var events = new HashMap<String, Long>();
        for (Row row : clickHouse.query(Sql.of(EVENTS))) {
            events.put(row.string("event"), row.longValue("value"));
        }
        return new Snapshot(events.getOrDefault("SelectQuery", 0L),
                events.getOrDefault("UserTimeMicroseconds", 0L) + events.getOrDefault("SystemTimeMicroseconds", 0L),
                events.getOrDefault("SelectedMarks", 0L), events.getOrDefault("ReadCompressedBytes", 0L),
                processCpuSeconds());
    }

    static Delta between(Snapshot before, Snapshot after) {
        return new Delta(after.selects() - before.selects() - 1, (after.queryCpuMicros() - before.queryCpuMicros()) / 1e6,
                after.marks() - before.marks(), after.compressedBytes() - before.compressedBytes(),
                after.processCpuSeconds() - before.processCpuSeconds());
    }

    /** utime + stime of the server's process, NaN when it was not found. */
    private double processCpuSeconds() {
        if (serverStat.isEmpty()) {
            return Double.NaN;
        }
        try {
            String stat = Files.readString(serverStat.get());
            // The fields after the command's closing parenthesis; utime and stime are the 14th and 15th of the line.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The /proc stat file of the clickhouse-server whose config file names this HTTP port. */
    private static Optional<Path> serverProcess(int port) {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> servesPort(p, port)).map(p -> p.resolve("stat")).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean servesPort(Path process, int port) {
        try {
            if (!Files.readString(process.resolve("comm")).strip().startsWith("clickhouse-serv")) {
                return false;
            }
            for (String argument : Files.readString(process.resolve("cmdline")).split("\0")) {
                if (argument.startsWith("--config-file=")) {
                    Path config = Path.of(argument.substring("--config-file=".length()));
                    return Files.readString(config).contains("<http_port>" + port + "</http_port>");
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
