package dev.tracehound.ingest;

import com.google.protobuf.ByteString;
import java.util.HexFormat;

/** OTLP trace and span ids: validated and turned into the lowercase hex we store. */
final class OtlpIds {

    private static final HexFormat HEX = HexFormat.of();

    private OtlpIds() {}

    /** A 16-byte, non-zero trace id as hex, or null when it is not one. */
    static String traceId(ByteString id) {
        return id.size() == 16 && !allZero(id) ? HEX.formatHex(id.toByteArray()) : null;
    }

    /** An 8-byte, non-zero span id as hex, or null when it is not one. */
    static String spanId(ByteString id) {
        return id.size() == 8 && !allZero(id) ? HEX.formatHex(id.toByteArray()) : null;
    }

    private static boolean allZero(ByteString id) {
        for (int i = 0; i < id.size(); i++) {
            if (id.byteAt(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
