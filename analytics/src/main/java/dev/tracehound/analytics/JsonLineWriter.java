package dev.tracehound.analytics;

import java.util.Arrays;

/**
 * Writes JSONEachRow lines into a growing byte array: one object per row, names as given.
 * Jackson's generator spent more time checking its state than writing; rows of known shape
 * need none of that. Strings are escaped as JSON requires and encoded as UTF-8; a lone
 * surrogate (possible in text from OTLP/JSON) becomes U+FFFD. NaN and the infinities are
 * written as the strings ClickHouse reads into Float64.
 */
final class JsonLineWriter {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] buf;
    private int size;
    /** Whether the object or array being written has no member yet; one bit per nesting level. */
    private long empty;
    private int depth;

    JsonLineWriter(int expectedBytes) {
        buf = new byte[Math.max(256, expectedBytes)];
    }

    void beginRow() {
        open('{');
    }

    void endRow() {
        close('}');
        put((byte) '\n');
    }

    void string(String name, String value) {
        name(name);
        text(value);
    }

    void number(String name, long value) {
        name(name);
        ascii(Long.toString(value));
    }

    void number(String name, double value) {
        name(name);
        decimal(value);
    }

    void nullValue(String name) {
        name(name);
        ascii("null");
    }

    void beginArray(String name) {
        name(name);
        open('[');
    }

    /** An array inside an array. */
    void beginArray() {
        separate();
        open('[');
    }

    void endArray() {
        close(']');
    }

    void element(String value) {
        separate();
        text(value);
    }

    void element(long value) {
        separate();
        ascii(Long.toString(value));
    }

    void element(double value) {
        separate();
        decimal(value);
    }

    private void decimal(double value) {
        if (Double.isNaN(value)) {
            ascii("\"NaN\"");
        } else if (Double.isInfinite(value)) {
            ascii(value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        } else {
            ascii(Double.toString(value));
        }
    }

    /** Bytes written elsewhere by this class, e.g. a cached run of members; they count as a member. */
    void raw(byte[] members) {
        separate();
        ensure(members.length);
        System.arraycopy(members, 0, buf, size, members.length);
        size += members.length;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void name(String name) {
        separate();
        text(name);
        put((byte) ':');
    }

    private void open(char bracket) {
        put((byte) bracket);
        depth++;
        empty |= 1L << depth;
    }

    private void close(char bracket) {
        empty &= ~(1L << depth);
        depth--;
        put((byte) bracket);
    }

    private void separate() {
        long bit = 1L << depth;
        if ((empty & bit) != 0) {
            empty &= ~bit;
        } else if (depth > 0) {
            put((byte) ',');
        }
    }

    private void ascii(String text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) text.charAt(i);
        }
    }

    private void text(String value) {
        int n = value.length();
        // Worst case six bytes per char (a control character as \\u00XX), plus the quotes.
        ensure(n * 6 + 2);
        byte[] b = buf;
        int at = size;
        b[at++] = '"';
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    b[at++] = (byte) c;
                } else {
                    at = escape(b, at, c);
                }
            } else if (c < 0x800) {
                b[at++] = (byte) (0xc0 | (c >> 6));
                b[at++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isSurrogate(c)) {
                int cp = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))
                        ? Character.toCodePoint(c, value.charAt(++i))
                        : 0xfffd;
                at = utf8(b, at, cp);
            } else {
                at = utf8(b, at, c);
            }
        }
        b[at++] = '"';
        size = at;
    }

    private static int escape(byte[] b, int at, char c) {
        b[at++] = '\\';
        switch (c) {
            case '"' -> b[at++] = '"';
            case '\\' -> b[at++] = '\\';
            case '\n' -> b[at++] = 'n';
            case '\r' -> b[at++] = 'r';
            case '\t' -> b[at++] = 't';
            case '\b' -> b[at++] = 'b';
            case '\f' -> b[at++] = 'f';
            default -> {
                b[at++] = 'u';
                b[at++] = '0';
                b[at++] = '0';
                b[at++] = HEX[c >> 4];
                b[at++] = HEX[c & 0xf];
            }
        }
        return at;
    }

    private static int utf8(byte[] b, int at, int cp) {
        if (cp < 0x10000) {
            b[at++] = (byte) (0xe0 | (cp >> 12));
            b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        } else {
            b[at++] = (byte) (0xf0 | (cp >> 18));
            b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
            b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        }
        b[at++] = (byte) (0x80 | (cp & 0x3f));
        return at;
    }

    private void put(byte value) {
        ensure(1);
        buf[size++] = value;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
