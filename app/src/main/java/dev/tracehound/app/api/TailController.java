package dev.tracehound.app.api;

import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.query.AttributeFilter;
import dev.tracehound.analytics.query.LiveTail;
import dev.tracehound.analytics.query.TelemetryQueries;
import dev.tracehound.analytics.query.TailEvent;
import dev.tracehound.analytics.query.TailFilter;
import dev.tracehound.analytics.query.TailRequest;
import dev.tracehound.analytics.query.TailSession;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * Live tail as Server-Sent Events. Each poll of the session becomes events named
 * {@code span}, {@code log}, {@code trace-complete}, {@code lagging} or {@code gap}; the last
 * event of a poll carries the watermark as its id, so a reconnecting EventSource resumes
 * where it left off (Last-Event-ID). A comment line every heartbeat keeps proxies from
 * closing an idle stream. When the client leaves, polling stops and a poll in flight is
 * interrupted.
 */
@RestController
final class TailController {

    private final LiveTail liveTail;
    private final Blocking blocking;
    private final QueryProperties properties;

    TailController(TelemetryQueries queries, Blocking blocking, QueryProperties properties) {
        this.liveTail = queries.liveTail();
        this.blocking = blocking;
        this.properties = properties;
    }

    @Operation(summary = "New spans or log records matching the filter, as they are stored (text/event-stream)",
            description = "attribute: key=value, key!=value, key~value (contains) or key (exists); "
                    + "resourceAttribute: the same on resource attributes. Resume with Last-Event-ID or 'from'.")
    @GetMapping(path = "/api/v1/projects/{project}/tail", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Object>> tail(@Parameter(hidden = true) ReadableProject project,
            @Parameter(description = "the project id") @PathVariable("project") String projectId,
            @Parameter(description = "spans or logs") @RequestParam(name = "signal", defaultValue = "spans") String signal,
            @RequestParam(name = "service", required = false) String service,
            @RequestParam(name = "spanName", required = false) String spanName,
            @Parameter(description = "unset, ok or error") @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "minDurationMs", required = false) Double minDurationMs,
            @RequestParam(name = "text", required = false) String text,
            @RequestParam(name = "minSeverity", required = false) Integer minSeverity,
            @RequestParam(name = "traceId", required = false) String traceId,
            @RequestParam(name = "attribute", required = false) List<String> attributes,
            @RequestParam(name = "resourceAttribute", required = false) List<String> resourceAttributes,
            @RequestParam(name = "quietSeconds", defaultValue = "10") int quietSeconds,
            @RequestParam(name = "from", required = false) String from,
            @Parameter(hidden = true) @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        var filters = new ArrayList<AttributeFilter>();
        filters.addAll(parse(AttributeFilter.Scope.RECORD, attributes));
        filters.addAll(parse(AttributeFilter.Scope.RESOURCE, resourceAttributes));
        if (quietSeconds < 1 || quietSeconds > 3600) {
            throw new InvalidRequestException("quietSeconds must be 1 to 3600, was " + quietSeconds);
        }
        var filter = new TailFilter(Optional.ofNullable(service), Optional.ofNullable(spanName),
                Optional.ofNullable(status).map(s -> named(SpanRow.StatusCode.class, "status", s)), SpanFilterBody.millis("minDurationMs", minDurationMs), filters,
                Optional.ofNullable(text), Optional.ofNullable(minSeverity), Optional.ofNullable(traceId));
        var request = new TailRequest(named(TailRequest.Signal.class, "signal", signal), filter, Optional.ofNullable(lastEventId).or(() -> Optional.ofNullable(from)),
                Duration.ofSeconds(quietSeconds), TailRequest.DEFAULT_MAX_ROWS_PER_POLL);
        return blocking.call(() -> liveTail.open(project.id(), request)).flatMapMany(this::stream);
    }

    private Flux<ServerSentEvent<Object>> stream(TailSession session) {
        ServerSentEvent<Object> opened = ServerSentEvent.builder()
                .event("open").id(session.watermark()).data((Object) Map.of("watermark", session.watermark())).build();
        Flux<ServerSentEvent<Object>> polls = Flux.interval(properties.tailPollInterval())
                .onBackpressureDrop()
                // One poll at a time: a session is not thread-safe, and a slow poll skips ticks.
                .concatMap(tick -> blocking.call(() -> events(session.poll(), session.watermark())), 1)
                .concatMapIterable(events -> events);
        Flux<ServerSentEvent<Object>> heartbeats = Flux.interval(properties.tailHeartbeat())
                .map(tick -> ServerSentEvent.builder().comment("heartbeat").build());
        return Flux.concat(Flux.just(opened), Flux.merge(polls, heartbeats));
    }

    private static List<ServerSentEvent<Object>> events(List<TailEvent> events, String watermark) {
        var sse = new ArrayList<ServerSentEvent<Object>>(events.size());
        for (int i = 0; i < events.size(); i++) {
            var builder = switch (events.get(i)) {
                case TailEvent.SpanArrived arrived -> ServerSentEvent.builder((Object) arrived.span()).event("span");
                case TailEvent.LogArrived arrived -> ServerSentEvent.builder((Object) arrived.log()).event("log");
                case TailEvent.TraceComplete complete -> ServerSentEvent.builder((Object) complete).event("trace-complete");
                case TailEvent.Lagging lagging -> ServerSentEvent.builder((Object) lagging).event("lagging");
                case TailEvent.Gap gap -> ServerSentEvent.builder((Object) gap).event("gap");
            };
            if (i == events.size() - 1) {
                builder.id(watermark);
            }
            sse.add(builder.build());
        }
        return sse;
    }

    /** The constant of {@code type} named {@code value}, ignoring case. */
    static <E extends Enum<E>> E named(Class<E> type, String parameter, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value.strip())) {
                return constant;
            }
        }
        throw new InvalidRequestException(parameter + " must be one of " + java.util.Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).toList() + ", was '" + value + "'");
    }

    /** {@code key=value}, {@code key!=value}, {@code key~value} (contains) or {@code key} (exists). */
    static List<AttributeFilter> parse(AttributeFilter.Scope scope, List<String> conditions) {
        if (conditions == null) {
            return List.of();
        }
        var filters = new ArrayList<AttributeFilter>();
        for (String condition : conditions) {
            int notEquals = condition.indexOf("!=");
            int contains = condition.indexOf('~');
            int equals = condition.indexOf('=');
            int at = first(notEquals, contains, equals);
            if (at < 0) {
                filters.add(new AttributeFilter(scope, condition.strip(), AttributeFilter.Op.EXISTS, ""));
            } else if (at == notEquals) {
                filters.add(new AttributeFilter(scope, condition.substring(0, at).strip(), AttributeFilter.Op.NOT_EQUALS,
                        condition.substring(at + 2)));
            } else {
                filters.add(new AttributeFilter(scope, condition.substring(0, at).strip(),
                        at == contains ? AttributeFilter.Op.CONTAINS : AttributeFilter.Op.EQUALS,
                        condition.substring(at + 1)));
            }
        }
        return filters;
    }

    private static int first(int... positions) {
        int first = -1;
        for (int position : positions) {
            if (position >= 0 && (first < 0 || position < first)) {
                first = position;
            }
        }
        return first;
    }
}
