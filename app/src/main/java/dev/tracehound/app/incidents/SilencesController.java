package dev.tracehound.app.incidents;

import static dev.tracehound.app.admin.AdminRequests.notFound;
import static dev.tracehound.app.admin.AdminRequests.uuid;

import dev.tracehound.app.api.Blocking;
import dev.tracehound.app.security.Authorized;
import dev.tracehound.app.security.Caller;
import dev.tracehound.incidents.alerting.Silence;
import dev.tracehound.incidents.alerting.SilenceMatcher;
import dev.tracehound.incidents.alerting.Silences;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A workspace's silences: label matchers and a time window in which matching alerts still fire
 * (and show) but notify nobody and start no investigation; with who made each and why.
 */
@RestController
final class SilencesController {

    private static final String SILENCES = "/api/v1/workspaces/{workspace}/silences";

    private final Silences silences;
    private final Clock clock = Clock.systemUTC();
    private final Blocking blocking;

    SilencesController(Silences silences, Blocking blocking) {
        this.silences = silences;
        this.blocking = blocking;
    }

    record SilenceView(UUID id, List<SilenceMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
            String comment, Instant createdAt, String expiredBy, String status) {}

    /** @param startsAt empty: now */
    record NewSilence(List<SilenceMatcher> matchers, Instant startsAt, Instant endsAt, String comment) {}

    @Operation(summary = "The workspace's silences: current (in effect or starting later; default) or all")
    @GetMapping(SILENCES)
    Mono<List<SilenceView>> list(@Parameter(hidden = true) Authorized access, @PathVariable("workspace") String workspace,
            @RequestParam(name = "show", defaultValue = "current") String show) {
        return blocking.call(() -> {
            Silences.Listing listing = switch (show.toLowerCase(Locale.ROOT)) {
                case "current" -> Silences.Listing.CURRENT;
                case "all" -> Silences.Listing.ALL;
                default -> throw new IllegalArgumentException("'show' is current or all, was '" + show + "'");
            };
            Instant now = clock.instant();
            return silences.list(access.workspaceId(), listing).stream().map(s -> view(s, now)).toList();
        });
    }

    @Operation(summary = "Silence alerts whose labels match every matcher (label, value, regex), from startsAt (default now) until endsAt")
    @PostMapping(SILENCES)
    Mono<ResponseEntity<SilenceView>> create(@Parameter(hidden = true) Authorized access,
            @PathVariable("workspace") String workspace, @RequestBody NewSilence body) {
        return blocking.call(() -> {
            if (body == null || body.matchers() == null || body.endsAt() == null) {
                throw new IllegalArgumentException("a silence needs 'matchers' (label, value, regex) and 'endsAt'");
            }
            Silence made = silences.create(access.workspaceId(), body.matchers(), body.startsAt(), body.endsAt(),
                    who(access), body.comment());
            return ResponseEntity.status(HttpStatus.CREATED).body(view(made, clock.instant()));
        });
    }

    @Operation(summary = "End a silence now; it stays in the list as expired, with who ended it")
    @DeleteMapping(SILENCES + "/{silence}")
    Mono<SilenceView> expire(@Parameter(hidden = true) Authorized access, @PathVariable("workspace") String workspace,
            @PathVariable("silence") String silence) {
        return blocking.call(() -> silences.expire(access.workspaceId(), uuid("silence", silence), who(access))
                .map(s -> view(s, clock.instant()))
                .orElseThrow(() -> notFound("no silence '" + silence + "' in this workspace")));
    }

    /** Who a silence names: the person's email, which people recognise in a list. */
    static String who(Authorized access) {
        return access.caller() instanceof Caller.Person person && person.email() != null ? person.email()
                : String.valueOf(access.caller());
    }

    private static SilenceView view(Silence silence, Instant now) {
        return new SilenceView(silence.id(), silence.matchers(), silence.startsAt(), silence.endsAt(), silence.createdBy(),
                silence.comment(), silence.createdAt(), silence.expiredBy(), silence.statusAt(now));
    }
}
