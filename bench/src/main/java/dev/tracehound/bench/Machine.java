package dev.tracehound.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a benchmark runs on, for its output: the CPU is shared, so its figures need the load beside them. */
final class Machine {

    private Machine() {}

    /** The 1, 5 and 15 minute load averages, or "unknown". */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
