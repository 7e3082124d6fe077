package dev.tracehound.app.incidents;

import static dev.tracehound.app.admin.AdminRequests.notFound;
import static dev.tracehound.app.admin.AdminRequests.uuid;

import dev.tracehound.analytics.query.SloQueries;
import dev.tracehound.app.api.Blocking;
import dev.tracehound.app.security.Authorized;
import dev.tracehound.incidents.slo.BurnRateAlert;
import dev.tracehound.incidents.slo.InvalidSloException;
import dev.tracehound.incidents.slo.Slo;
import dev.tracehound.incidents.slo.SloPreview;
import dev.tracehound.incidents.slo.SloSpec;
import dev.tracehound.incidents.slo.SloStatus;
import dev.tracehound.incidents.slo.Slos;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A project's SLOs: an objective over the good share of a filter's spans, with its budget and the
 * fast and slow burn-rate alerts every SLO has; a preview of the last day for the editor.
 */
@RestController
final class SlosController {

    private static final String SLOS = "/api/v1/projects/{project}/slos";

    private final Slos slos;
    private final SloQueries queries;
    private final Clock clock = Clock.systemUTC();
    private final Blocking blocking;

    SlosController(Slos slos, SloQueries queries, Blocking blocking) {
        this.slos = slos;
        this.queries = queries;
        this.blocking = blocking;
    }

    /**
     * An SLO as the API reads and writes it.
     *
     * @param objective          the percentage of good spans, e.g. 99.9
     * @param latencyThresholdMs a valid span slower than this is bad too; empty: only failed spans are
     */
    record SloBody(String name, String service, String spanName, Map<String, String> filters, Long latencyThresholdMs,
            Double objective, Integer periodDays, List<UUID> channelIds, Boolean investigate, Boolean enabled) {

        SloSpec spec() {
            if (objective == null) {
                throw new InvalidSloException("an SLO needs an 'objective': the percentage of good spans, e.g. 99.9");
            }
            return new SloSpec(name, Optional.ofNullable(service), Optional.ofNullable(spanName), filters,
                    Optional.ofNullable(latencyThresholdMs).map(Duration::ofMillis), objective / 100,
                    Duration.ofDays(periodDays == null ? 30 : periodDays), channelIds,
                    investigate != null && investigate, enabled == null || enabled);
        }
    }

    record AlertView(String name, String longWindow, String shortWindow, double factor, String severity) {}

    record SloView(UUID id, SloBody slo, String createdBy, Instant createdAt, Instant updatedAt, List<AlertView> alerts,
            SloStatus status) {}

    @Operation(summary = "The project's SLOs, each with its status: the period's good share, the budget left and the burn rates")
    @GetMapping(SLOS)
    Mono<List<SloView>> list(@Parameter(hidden = true) Authorized access, @PathVariable("project") String project) {
        return blocking.call(() -> slos.list(access.projectId()).stream().map(this::view).toList());
    }

    @Operation(summary = "Add an SLO (objective in percent, period in days, default 30; optional latency threshold in ms)")
    @PostMapping(SLOS)
    Mono<ResponseEntity<SloView>> create(@Parameter(hidden = true) Authorized access, @PathVariable("project") String project,
            @RequestBody SloBody body) {
        return blocking.call(() -> ResponseEntity.status(HttpStatus.CREATED).body(view(
                slos.create(access.workspaceId(), access.projectId(), required(body).spec(), SilencesController.who(access)))));
    }

    @Operation(summary = "One SLO with its status")
    @GetMapping(SLOS + "/{slo}")
    Mono<SloView> get(@Parameter(hidden = true) Authorized access, @PathVariable("project") String project,
            @PathVariable("slo") String slo) {
        return blocking.call(() -> view(slos.get(access.workspaceId(), access.projectId(), uuid("SLO", slo))
                .orElseThrow(() -> notFound("no SLO '" + slo + "' in this project"))));
    }

    @Operation(summary = "Change an SLO (the whole of it)")
    @PutMapping(SLOS + "/{slo}")
    Mono<SloView> update(@Parameter(hidden = true) Authorized access, @PathVariable("project") String project,
            @PathVariable("slo") String slo, @RequestBody SloBody body) {
        return blocking.call(() -> view(slos.update(access.workspaceId(), access.projectId(), uuid("SLO", slo),
                required(body).spec()).orElseThrow(() -> notFound("no SLO '" + slo + "' in this project"))));
    }

    @Operation(summary = "Remove an SLO; its firing alerts resolve at the next round as no longer evaluated")
    @DeleteMapping(SLOS + "/{slo}")
    Mono<ResponseEntity<Void>> delete(@Parameter(hidden = true) Authorized access, @PathVariable("project") String project,
            @PathVariable("slo") String slo) {
        return blocking.call(() -> {
            if (!slos.delete(access.workspaceId(), access.projectId(), uuid("SLO", slo))) {
                throw notFound("no SLO '" + slo + "' in this project");
            }
            return ResponseEntity.noContent().build();
        });
    }

    @Operation(summary = "The SLO as written, over the last day: valid and bad spans and the burn rate per hour")
    @PostMapping(SLOS + "/preview")
    Mono<SloPreview> preview(@Parameter(hidden = true) Authorized access, @PathVariable("project") String project,
            @RequestBody SloBody body) {
        return blocking.call(() -> SloPreview.lastDay(queries, access.projectId(), required(body).spec(), clock.instant()));
    }

    private static SloBody required(SloBody body) {
        if (body == null) {
            throw new InvalidSloException("an SLO needs a 'name' and an 'objective' (percent), e.g. {\"name\": \"API\", "
                    + "\"service\": \"api\", \"objective\": 99.9}");
        }
        return body;
    }

    private SloView view(Slo slo) {
        SloSpec spec = slo.spec();
        var body = new SloBody(spec.name(), spec.service().orElse(null), spec.spanName().orElse(null), spec.filters(),
                spec.latencyThreshold().map(Duration::toMillis).orElse(null), spec.objective() * 100,
                (int) spec.period().toDays(), spec.channelIds(), spec.investigate(), spec.enabled());
        var alerts = Arrays.stream(BurnRateAlert.values()).map(a -> new AlertView(a.key(), a.longWindow().toString(),
                a.shortWindow().toString(), a.factor(), a.severity().wireName())).toList();
        return new SloView(slo.id(), body, slo.createdBy(), slo.createdAt(), slo.updatedAt(), alerts,
                SloStatus.of(queries, slo, clock.instant()));
    }
}
