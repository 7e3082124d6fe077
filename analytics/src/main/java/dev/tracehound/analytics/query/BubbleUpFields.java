package dev.tracehound.analytics.query;

import java.util.Map;

/** The span fields BubbleUp compares, and the SQL that puts numbers on its 1-2-5 log scale. */
final class BubbleUpFields {

    /** The bucket of a value that is no number. */
    static final String NOT_A_NUMBER = "\0nan";

    private BubbleUpFields() {}

    /** The fields of every span compared as dimensions; ids and SQL are this class's own. */
    enum Field {
        SERVICE("service", "service_name", "f_service", false),
        SPAN_NAME("span_name", "name", "f_span_name", false),
        KIND("kind", "kind", "toString(f_kind)", true),
        STATUS("status", "status_code", "toString(f_status)", true),
        SCOPE("scope", "scope_name", "f_scope", true),
        // Bucketed span by span, so it takes a few values, not one a span; the same buckets as BUCKET of its text.
        DURATION("duration",
                Fragments.fill("if(<ms> = 0, 0, <step>)", Map.of("ms", DURATION_MS, "step", step(DURATION_MS))),
                "if(f_duration = 0, '0', toString(f_duration))", true);

        final String key;
        /** The SQL of the span's value, named {@link #alias()}. */
        final String column;
        /** The SQL of the value's text, from {@link #alias()}. */
        final String text;
        /** Whether it is compared within each operation; the operation's own fields are not. */
        final boolean stratified;

        Field(String key, String column, String text, boolean stratified) {
            this.key = key;
            this.column = column;
            this.text = text;
            this.stratified = stratified;
        }

        String dim() {
            return "f" + key;
        }

        String alias() {
            return "f_" + key;
        }

        /** Whether the dimension is compared within each operation: all are but the operation's own fields. */
        static boolean stratified(String dim) {
            for (Field field : values()) {
                if (field.dim().equals(dim)) {
                    return field.stratified;
                }
            }
            return true;
        }
    }

    /** A span's duration in ms as BUCKET reads it: through its text. */
    private static final String DURATION_MS = "toFloat64OrZero(toString(duration_ns / 1000000))";

    /** A value's lower bound on the 1-2-5 log scale, its sign kept; NOT_A_NUMBER when it is none. */
    static final String BUCKET = Fragments.fill("""
            if(toFloat64OrNull(value) IS NULL OR NOT isFinite(toFloat64OrZero(value)), '\\0nan',
               if(toFloat64OrZero(value) = 0, '0', concat(if(toFloat64OrZero(value) < 0, '-', ''), toString(<step>))))""",
            Map.of("step", step("toFloat64OrZero(value)")));

    private static final String MAGNITUDE = "exp10(floor(log10(abs(<number>)) + 1e-9))";
    private static final String STEP = """
            multiIf(abs(<number>) / <magnitude> < 1.999999, 1,
                    abs(<number>) / <magnitude> < 4.999999, 2, 5)
              * <magnitude>""";

    /** The 1-2-5 step at or below {@code abs(number)}, for a number neither 0 nor infinite. */
    private static String step(String number) {
        return Fragments.fill(STEP, Map.of("number", number,
                "magnitude", Fragments.fill(MAGNITUDE, Map.of("number", number))));
    }
}
