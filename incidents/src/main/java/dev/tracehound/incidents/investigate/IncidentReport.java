package dev.tracehound.incidents.investigate;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * What an investigation found, stored with its incident.
 *
 * @param summary        one sentence: what is wrong, where, since when
 * @param suspectedCause the most likely cause; blank when the answer named none
 * @param confidence     how sure the answer says it is; {@link Confidence#UNKNOWN} when it did not say
 * @param notDetermined  what it could not check; blank when it said nothing about it
 * @param evidence       the trace ids it found, and every tool call it made with a trimmed result
 * @param sessionId      the agent session, to continue the investigation in chat
 * @param answer         the agent's whole answer, in Markdown
 */
public record IncidentReport(String summary, String suspectedCause, Confidence confidence, String notDetermined,
        Evidence evidence, UUID sessionId, String answer) {

    /** How sure the answer is; its wire name is lower case. */
    public enum Confidence {
        HIGH, MEDIUM, LOW, UNKNOWN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The confidence a text starts with ("High.", "medium - the deploy…"); UNKNOWN otherwise. */
        public static Confidence parse(String text) {
            String word = text == null ? "" : text.strip().toUpperCase(Locale.ROOT).replaceFirst("^[^A-Z]+", "")
                    .replaceFirst("[^A-Z].*$", "");
            return Arrays.stream(values()).filter(c -> c != UNKNOWN && c.name().equals(word)).findFirst()
                    .orElse(UNKNOWN);
        }
    }

    /**
     * @param traceIds the trace ids the answer cites, then those its tools returned (at most
     *                 {@link #MAX_TRACE_IDS}), each once
     * @param queries  every tool call, in the order made
     */
    public record Evidence(List<String> traceIds, List<Query> queries) {

        public static final int MAX_TRACE_IDS = 20;

        public Evidence {
            traceIds = List.copyOf(traceIds);
            queries = List.copyOf(queries);
        }
    }

    /**
     * One tool call of the investigation.
     *
     * @param kind   what it looked at: {@code bubbleup}, {@code logs}, {@code traces} (a search),
     *               {@code trace} (one trace), {@code aggregate}, {@code metrics}, {@code llm_usage},
     *               {@code code} (git), {@code shell}, or the tool's name for any other
     * @param input  the arguments as the agent wrote them (JSON)
     * @param result what the tool returned, cut to {@link #MAX_RESULT_CHARS} characters
     * @param error  whether the call failed (or never finished)
     */
    public record Query(String tool, String kind, String input, String result, boolean error) {

        public static final int MAX_RESULT_CHARS = 1_500;

        public Query {
            Objects.requireNonNull(tool, "tool");
            Objects.requireNonNull(kind, "kind");
            input = input == null ? "" : input;
            result = result == null ? "" : result;
        }
    }

    public IncidentReport {
        Objects.requireNonNull(summary, "summary");
        suspectedCause = suspectedCause == null ? "" : suspectedCause;
        Objects.requireNonNull(confidence, "confidence");
        notDetermined = notDetermined == null ? "" : notDetermined;
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(answer, "answer");
    }
}
