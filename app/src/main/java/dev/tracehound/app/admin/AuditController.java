package dev.tracehound.app.admin;

import static dev.tracehound.app.admin.AdminRequests.lower;

import dev.tracehound.app.api.Blocking;
import dev.tracehound.app.security.Authorized;
import dev.tracehound.platform.identity.Actor;
import dev.tracehound.platform.identity.AuditAction;
import dev.tracehound.platform.identity.AuditEntry;
import dev.tracehound.platform.identity.AuditFilter;
import dev.tracehound.platform.identity.AuditLog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.springdoc.core.annotations.ParameterObject;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The workspace's audit log: filtered and paged as JSON, or the whole filtered log as CSV. */
@RestController
final class AuditController {

    private static final String AUDIT = "/api/v1/workspaces/{workspace}/audit";
    private static final Executor EXPORTS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("audit-export-", 0).factory());

    private final AuditLog audit;
    private final Blocking blocking;

    AuditController(AuditLog audit, Blocking blocking) {
        this.audit = audit;
        this.blocking = blocking;
    }

    record EntryView(long id, Instant occurredAt, String actorKind, UUID actorId, String ip, String userAgent,
            String action, String targetKind, String targetId, String summary) {}

    record Page(List<EntryView> entries, String nextCursor) {}

    @Operation(summary = "Audit entries, newest first, filtered by actor, action, target and time [from, to); "
            + "pass nextCursor back as cursor for the next page")
    @GetMapping(AUDIT)
    Mono<Page> page(@Parameter(hidden = true) Authorized access, @PathVariable("workspace") String workspace,
            @ParameterObject @ModelAttribute Query query,
            @RequestParam(name = "limit", defaultValue = "100") int limit,
            @RequestParam(name = "cursor", required = false) String cursor) {
        return blocking.call(() -> {
            var found = audit.page(query.filter(access.workspaceId()), limit, cursor);
            return new Page(found.entries().stream().map(AuditController::view).toList(), found.nextCursor());
        });
    }

    @Operation(summary = "The same entries as CSV (RFC 4180), all of them, streamed")
    @GetMapping(path = AUDIT + ".csv", produces = "text/csv")
    ResponseEntity<Flux<DataBuffer>> csv(@Parameter(hidden = true) Authorized access,
            @PathVariable("workspace") String workspace, @ParameterObject @ModelAttribute Query query,
            ServerWebExchange exchange) {
        AuditFilter filter = query.filter(access.workspaceId());
        Flux<DataBuffer> body = Flux.from(DataBufferUtils.outputStreamPublisher(out -> {
            try (Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                audit.exportCsv(filter, writer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, exchange.getResponse().bufferFactory(), EXPORTS));
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-" + access.workspaceId() + ".csv\"")
                .body(body);
    }

    /**
     * Which entries: each part left out matches all. {@code actorKind}: user, api_key or system;
     * {@code action}: an audit action such as member_role_changed; {@code from} and {@code to}:
     * ISO-8601 instants, the range [from, to).
     */
    record Query(String actorKind, String actorId, String action, String targetKind, String targetId, String from,
            String to) {

        AuditFilter filter(UUID workspace) {
            AuditFilter filter = AuditFilter.of(workspace);
            if (actorKind != null || actorId != null) {
                filter = filter.byActor(actorKind == null ? null : enumOf(Actor.Kind.class, "actorKind", actorKind),
                        actorId == null ? null : uuid("actorId", actorId));
            }
            if (action != null) {
                filter = filter.withAction(enumOf(AuditAction.class, "action", action));
            }
            if (targetKind != null || targetId != null) {
                filter = filter.onTarget(targetKind, targetId);
            }
            return filter.between(instant("from", from), instant("to", to));
        }
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String name, String text) {
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + name + "' is one of "
                    + java.util.Arrays.stream(type.getEnumConstants()).map(AdminRequests::lower).toList() + "; was '"
                    + text + "'");
        }
    }

    private static UUID uuid(String name, String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + name + "' must be a UUID; was '" + text + "'");
        }
    }

    private static Instant instant(String name, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + name + "' must be an ISO-8601 instant such as "
                    + "2026-12-07T00:00:00Z; was '" + text + "'");
        }
    }

    private static EntryView view(AuditEntry entry) {
        Actor actor = entry.actor();
        return new EntryView(entry.id(), entry.occurredAt(), lower(actor.kind()), actor.id(), actor.ip(),
                actor.userAgent(), lower(entry.action()), entry.targetKind(), entry.targetId(), entry.summary());
    }
}
