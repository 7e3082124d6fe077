package dev.tracehound.demo;

/** Lowercase hex ids in the W3C trace-context shape: 32 characters for traces, 16 for spans. */
final class Ids {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ids() {
    }

    static String traceId(Rng rng) {
        long high = rng.nextLong();
        long low = rng.nextLong();
        if (high == 0 && low == 0) {
            low = 1; // the all-zero id is invalid
        }
        char[] chars = new char[32];
        writeHex(high, chars, 0);
        writeHex(low, chars, 16);
        return new String(chars);
    }

    static String spanId(Rng rng) {
        long value = rng.nextLong();
        return hex16(value == 0 ? 1 : value);
    }

    static String hex16(long value) {
        char[] chars = new char[16];
        writeHex(value, chars, 0);
        return new String(chars);
    }

    /** The low {@code length} hex digits of {@code value}. */
    static String hex(long value, int length) {
        char[] chars = new char[length];
        for (int i = length - 1; i >= 0; i--) {
            chars[i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
        return new String(chars);
    }

    private static void writeHex(long value, char[] target, int offset) {
        for (int i = 15; i >= 0; i--) {
            target[offset + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }
}
