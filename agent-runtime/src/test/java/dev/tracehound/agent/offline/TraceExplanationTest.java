package dev.tracehound.agent.offline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.agent.model.ChatTurn;
import dev.tracehound.agent.model.ModelReply;
import dev.tracehound.agent.model.ModelRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One trace explained from a canned get_trace result: the dependency its time or failure comes from, and retries. */
class TraceExplanationTest {

    private static final String TRACE = "b7a82fb249ec751a1de6d25158acb6bb";
    private static final List<ModelRequest.ToolSpec> TOOLS = List.of("get_trace", "log_search").stream()
            .map(name -> new ModelRequest.ToolSpec(name, name, "{\"type\":\"object\"}")).toList();

    private static final String SLOW_QUERY = """
            {"trace_id":"%s","duration_ms":170,"span_count":4,"error_count":0,"services":["gateway","documents"],
             "critical_path":[
              {"span_id":"a","parent_span_id":"","service":"gateway","operation":"GET /docs","duration_ms":170,
               "status":"unset","attributes":{"server.address":"gateway.internal","http.route":"/docs"}},
              {"span_id":"b","parent_span_id":"a","service":"documents","operation":"GET /documents","duration_ms":160,
               "status":"unset","attributes":{}},
              {"span_id":"c","parent_span_id":"b","service":"documents","operation":"SELECT chunks","duration_ms":140,
               "status":"unset","attributes":{"db.system":"postgresql","net.peer.name":"docs-db-ro-3"}}],
             "errors":[],"slowest":[],
             "spans":[{"span_id":"a","parent_span_id":"","service":"gateway","operation":"GET /docs","depth":0,
               "start_offset_ms":0,"duration_ms":170,"status":"unset"}]}""".formatted(TRACE);

    private static final String RETRIED = """
            {"trace_id":"%s","duration_ms":700,"span_count":5,"error_count":3,"services":["billing"],
             "critical_path":[],
             "errors":[{"span_id":"c1","parent_span_id":"b","service":"billing","operation":"authorize","duration_ms":200,
               "status":"error","exception":"TimeoutError: timeout","attributes":{"peer.service":"card-network"}}],
             "slowest":[],
             "spans":[
              {"span_id":"b","parent_span_id":"","service":"billing","operation":"POST /pay","depth":0,
               "start_offset_ms":0,"duration_ms":700,"status":"ok"},
              {"span_id":"c1","parent_span_id":"b","service":"billing","operation":"authorize","depth":1,
               "start_offset_ms":1,"duration_ms":200,"status":"error"},
              {"span_id":"c2","parent_span_id":"b","service":"billing","operation":"authorize","depth":1,
               "start_offset_ms":210,"duration_ms":200,"status":"error"},
              {"span_id":"c3","parent_span_id":"b","service":"billing","operation":"authorize","depth":1,
               "start_offset_ms":420,"duration_ms":200,"status":"error"},
              {"span_id":"c4","parent_span_id":"b","service":"billing","operation":"authorize","depth":1,
               "start_offset_ms":630,"duration_ms":60,"status":"ok"}]}""".formatted(TRACE);

    private static String explain(String trace) throws Exception {
        var model = new OfflineInvestigator(Clock.fixed(Instant.parse("2026-01-15T11:30:00Z"), ZoneOffset.UTC));
        var turns = new ArrayList<ChatTurn>(List.of(new ChatTurn.User("Trace " + TRACE + " took ages. Where did the"
                + " time go?")));
        for (int step = 0; step < 4; step++) {
            ModelReply reply = model.reply(new ModelRequest(turns, TOOLS, 4096), delta -> { });
            turns.add(new ChatTurn.Assistant(reply.text(), reply.toolCalls()));
            if (reply.toolCalls().isEmpty()) {
                return reply.text();
            }
            reply.toolCalls().forEach(call -> turns.add(new ChatTurn.ToolResult(call.id(), call.name(),
                    call.name().equals("get_trace") ? trace : "{\"logs\":[]}")));
        }
        throw new AssertionError("no answer within 4 steps");
    }

    @Test
    void theDependencyTheTimeGoesToIsNamedByItsPeerAttributes() throws Exception {
        assertThat(explain(SLOW_QUERY)).contains("- The dependency it waits on: `net.peer.name=docs-db-ro-3`,"
                + " `db.system=postgresql` (`documents` SELECT chunks, 140 ms).").doesNotContain("gateway.internal");
    }

    @Test
    void aCallRetriedAfterItsFailuresIsSaidToBeRetried() throws Exception {
        assertThat(explain(RETRIED)).contains(
                "The failure begins at `billing` authorize 200 ms (calling `peer.service=card-network`)",
                "**Retries:** `billing` → `card-network` authorize was retried 3 times (4 calls, 3 failed).");
    }
}
