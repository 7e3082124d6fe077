package dev.tracehound.evals.generate;

import java.util.SplittableRandom;

/** Trace and span ids as OpenTelemetry has them: lowercase hex, 32 and 16 characters, never all zeros. */
final class Ids {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ids() {
    }

    static String trace(SplittableRandom random) {
        char[] id = new char[32];
        write(nonZero(random.nextLong()), id, 0);
        write(random.nextLong(), id, 16);
        return new String(id);
    }

    static String span(SplittableRandom random) {
        char[] id = new char[16];
        write(nonZero(random.nextLong()), id, 0);
        return new String(id);
    }

    private static long nonZero(long value) {
        return value == 0 ? 1 : value;
    }

    private static void write(long value, char[] into, int at) {
        for (int i = 15; i >= 0; i--) {
            into[at + i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
    }
}
