package dev.tracehound.agent.offline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls repeated after failures, read from get_trace results as the tool gives them. */
class RepeatedCallsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode trace(String authorizeStatuses) {
        var spans = new StringBuilder("""
                {"span_id":"a","parent_span_id":"","service":"shop","operation":"POST /pay","start_offset_ms":0,\
                "duration_ms":900,"status":"error","depth":0},
                {"span_id":"b","parent_span_id":"a","service":"billing","operation":"POST /charge","start_offset_ms":1,\
                "duration_ms":880,"status":"ok","depth":1}""");
        String[] statuses = authorizeStatuses.split(",");
        for (int i = 0; i < statuses.length; i++) {
            spans.append(",\n{\"span_id\":\"c").append(i).append("\",\"parent_span_id\":\"b\",\"service\":\"billing\",")
                    .append("\"operation\":\"authorize\",\"start_offset_ms\":").append(10 + 200 * i)
                    .append(",\"duration_ms\":190,\"status\":\"").append(statuses[i]).append("\",\"depth\":2}");
        }
        return JSON.readTree("""
                {"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","critical_path":[],
                 "errors":[{"span_id":"c0","service":"billing","operation":"authorize","status":"error",
                            "attributes":{"http.method":"POST","peer.service":"card-network"}}],
                 "spans":[%s]}""".formatted(spans));
    }

    @Test
    void aCallRepeatedAfterItsFailuresIsARetry() {
        var retried = RepeatedCalls.in(trace("error,error,error,ok"));

        assertThat(retried).containsExactly(new RepeatedCalls.Retried("billing", "authorize", "card-network", 4, 3));
        assertThat(retried.getFirst().describe())
                .isEqualTo("`billing` → `card-network` authorize was retried 3 times (4 calls, 3 failed)");
    }

    @Test
    void callsRepeatedAfterSuccessesAreNoRetries() {
        assertThat(RepeatedCalls.in(trace("ok,ok,ok"))).isEmpty();
        assertThat(RepeatedCalls.in(trace("error,ok,error"))).isEmpty();
        assertThat(RepeatedCalls.in(trace("error"))).isEmpty();
    }

    @Test
    void thePeerIsTheAttributeThatNamesTheDependencyBest() {
        assertThat(RepeatedCalls.peer(JSON.readTree("""
                {"db.system":"postgresql","server.address":"catalog-db-2","db.statement":"SELECT 1"}""")))
                .isEqualTo("server.address=catalog-db-2");
        assertThat(RepeatedCalls.peer(JSON.readTree("{\"cache.replica\":\"r3\"}"))).isEqualTo("cache.replica=r3");
        assertThat(RepeatedCalls.peer(JSON.readTree("{\"http.method\":\"GET\"}"))).isEmpty();
    }
}
