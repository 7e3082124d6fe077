package dev.tracehound.app.api;

import dev.tracehound.analytics.query.AttributeFilter;
import dev.tracehound.analytics.query.SpanFieldQueries;
import dev.tracehound.analytics.query.SpanFields;
import dev.tracehound.analytics.query.TelemetryQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Suggestions for span filters from the data: attribute keys, and one key's values. */
@RestController
@RequestMapping("/api/v1/projects/{project}/spans/fields")
final class SpanFieldsController {

    private final SpanFieldQueries fields;
    private final Blocking blocking;
    private final Clock clock = Clock.systemUTC();

    SpanFieldsController(TelemetryQueries queries, Blocking blocking) {
        this.fields = queries.spanFields();
        this.blocking = blocking;
    }

    @Operation(summary = "The attribute keys of spans in a time range (the last hour by default), of the spans "
            + "(RECORD) and of their resources (RESOURCE), most spans first, at most 200")
    @GetMapping
    Mono<SpanFields<SpanFields.Key>> keys(@Parameter(hidden = true) ReadableProject project,
            @Parameter(description = "the project id") @PathVariable("project") String projectId,
            @Parameter(description = "ISO-8601 start; the default is an hour before 'to'")
            @RequestParam(name = "from", required = false) String from,
            @Parameter(description = "ISO-8601 end (exclusive); the default is now")
            @RequestParam(name = "to", required = false) String to,
            @Parameter(description = "only this service's spans") @RequestParam(name = "service", required = false)
            String service) {
        QueryRange range = QueryRange.of(from, to, clock);
        return blocking.call(() -> fields.keys(project.id(), range.from(), range.to(), Optional.ofNullable(service)));
    }

    @Operation(summary = "The values one attribute key takes on spans in a time range, most spans first, at most 100")
    @GetMapping("/values")
    Mono<SpanFields<SpanFields.Value>> values(@Parameter(hidden = true) ReadableProject project,
            @Parameter(description = "the project id") @PathVariable("project") String projectId,
            @Parameter(description = "the attribute key, e.g. payment.provider") @RequestParam(name = "key") String key,
            @Parameter(description = "RECORD (the span's own attributes, the default) or RESOURCE")
            @RequestParam(name = "scope", defaultValue = "RECORD") String scope,
            @Parameter(description = "ISO-8601 start; the default is an hour before 'to'")
            @RequestParam(name = "from", required = false) String from,
            @Parameter(description = "ISO-8601 end (exclusive); the default is now")
            @RequestParam(name = "to", required = false) String to,
            @Parameter(description = "only this service's spans") @RequestParam(name = "service", required = false)
            String service,
            @Parameter(description = "only values starting with this, ignoring case")
            @RequestParam(name = "prefix", required = false) String prefix) {
        QueryRange range = QueryRange.of(from, to, clock);
        AttributeFilter.Scope parsed = scope(scope);
        return blocking.call(() -> fields.values(project.id(), range.from(), range.to(), parsed, key,
                Optional.ofNullable(service), Optional.ofNullable(prefix)));
    }



    private static AttributeFilter.Scope scope(String text) {
        try {
            return AttributeFilter.Scope.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("'scope' is RECORD or RESOURCE, got '" + text + "'");
        }
    }

}
