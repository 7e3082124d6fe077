package dev.tracehound.app.incidents;

import static dev.tracehound.app.admin.AdminRequests.notFound;
import static dev.tracehound.app.admin.AdminRequests.uuid;

import dev.tracehound.app.api.Blocking;
import dev.tracehound.app.security.Authorized;
import dev.tracehound.platform.identity.Action;
import dev.tracehound.platform.identity.RolePolicy;
import dev.tracehound.platform.notify.ChannelKind;
import dev.tracehound.platform.notify.Notification;
import dev.tracehound.platform.notify.NotificationChannel;
import dev.tracehound.platform.notify.NotificationChannels;
import dev.tracehound.platform.notify.NotificationOutbox;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
 * A workspace's notification channels: a signed webhook, a Slack incoming webhook, or an email
 * address. A webhook's signing secret is made here and shown in the answer that makes it only.
 */
@RestController
final class ChannelsController {

    private static final String CHANNELS = "/api/v1/workspaces/{workspace}/notification-channels";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final NotificationChannels channels;
    private final NotificationOutbox outbox;
    private final Blocking blocking;

    ChannelsController(NotificationChannels channels, NotificationOutbox outbox, Blocking blocking) {
        this.channels = channels;
        this.outbox = outbox;
        this.blocking = blocking;
    }

    record ChannelView(UUID id, String kind, String name, String target, boolean enabled, Instant failingSince) {}

    record CreatedChannel(ChannelView channel, String secret) {}

    record NewChannel(String kind, String name, String target) {}

    record ChannelChange(String name, String target, Boolean enabled) {}

    record DeliveryView(long id, String event, String status, int attempts, Instant nextAttemptAt, String lastError) {}

    @Operation(summary = "The workspace's notification channels, failing ones marked (never their secrets); their targets "
            + "for admins only (a Slack webhook's URL is a secret), so members can pick channels for their rules")
    @GetMapping(CHANNELS)
    Mono<List<ChannelView>> list(@Parameter(hidden = true) Authorized access, @PathVariable("workspace") String workspace) {
        boolean admin = access.roleIfPerson().filter(role -> RolePolicy.allows(role, Action.MANAGE_INTEGRATIONS)).isPresent();
        return blocking.call(() -> channels.inWorkspace(access.workspaceId()).stream()
                .map(channel -> admin ? view(channel) : withoutTarget(view(channel))).toList());
    }

    @Operation(summary = "Add a channel: kind webhook, slack or email; a webhook's signing secret is in this answer only")
    @PostMapping(CHANNELS)
    Mono<ResponseEntity<CreatedChannel>> create(@Parameter(hidden = true) Authorized access,
            @PathVariable("workspace") String workspace, @RequestBody NewChannel body) {
        return blocking.call(() -> {
            if (body == null || body.kind() == null) {
                throw new IllegalArgumentException("a channel needs a 'kind' (webhook, slack or email), a 'name' and a 'target'");
            }
            ChannelKind kind = kind(body.kind());
            String secret = kind == ChannelKind.WEBHOOK ? "whsec_" + HexFormat.of().formatHex(randomBytes()) : null;
            NotificationChannel made = channels.create(access.workspaceId(), kind, body.name(), body.target(), secret);
            return ResponseEntity.status(HttpStatus.CREATED).body(new CreatedChannel(view(made), secret));
        });
    }

    @Operation(summary = "Rename a channel, change its target, or switch it off and on (its waiting messages wait)")
    @PutMapping(CHANNELS + "/{channel}")
    Mono<ChannelView> update(@Parameter(hidden = true) Authorized access, @PathVariable("workspace") String workspace,
            @PathVariable("channel") String channel, @RequestBody ChannelChange body) {
        return blocking.call(() -> {
            NotificationChannel current = owned(access, channel);
            ChannelChange change = body == null ? new ChannelChange(null, null, null) : body;
            return channels.update(access.workspaceId(), current.id(),
                            change.name() == null ? current.name() : change.name(),
                            change.target() == null ? current.target() : change.target(),
                            change.enabled() == null ? current.enabled() : change.enabled())
                    .map(ChannelsController::view).orElseThrow(() -> notFound("no channel '" + channel + "'"));
        });
    }

    @Operation(summary = "Remove a channel and the messages it has not delivered")
    @DeleteMapping(CHANNELS + "/{channel}")
    Mono<ResponseEntity<Void>> delete(@Parameter(hidden = true) Authorized access, @PathVariable("workspace") String workspace,
            @PathVariable("channel") String channel) {
        return blocking.call(() -> {
            if (!channels.delete(access.workspaceId(), owned(access, channel).id())) {
                throw notFound("no channel '" + channel + "'");
            }
            return ResponseEntity.noContent().build();
        });
    }

    @Operation(summary = "Send a test message through the channel now (delivered within the outbox's interval)")
    @PostMapping(CHANNELS + "/{channel}/test")
    Mono<ResponseEntity<Map<String, String>>> test(@Parameter(hidden = true) Authorized access,
            @PathVariable("workspace") String workspace, @PathVariable("channel") String channel) {
        return blocking.call(() -> {
            NotificationChannel target = owned(access, channel);
            String key = "test-" + UUID.randomUUID();
            outbox.enqueue(new Notification(access.workspaceId(), Notification.Kind.TEST, "Test message from Tracehound",
                    "If you can read this, the channel '" + target.name() + "' works.", null, Map.of(), key),
                    List.of(target.id()));
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("event", key));
        });
    }

    @Operation(summary = "The channel's recent deliveries: sent, waiting (with the next attempt) or failed (with the error)")
    @GetMapping(CHANNELS + "/{channel}/deliveries")
    Mono<List<DeliveryView>> deliveries(@Parameter(hidden = true) Authorized access,
            @PathVariable("workspace") String workspace, @PathVariable("channel") String channel) {
        return blocking.call(() -> outbox.deliveries(owned(access, channel).id()).stream()
                .map(d -> new DeliveryView(d.id(), d.idempotencyKey(), d.status(), d.attempts(), d.nextAttemptAt(),
                        d.lastError()))
                .toList());
    }

    private NotificationChannel owned(Authorized access, String channel) {
        UUID id = uuid("channel", channel);
        return channels.find(id).filter(c -> c.workspaceId().equals(access.workspaceId()))
                .orElseThrow(() -> notFound("no channel '" + channel + "' in this workspace"));
    }

    private static ChannelKind kind(String text) {
        try {
            return ChannelKind.fromWireName(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no channel kind '" + text + "'; the kinds are webhook, slack and email");
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static ChannelView withoutTarget(ChannelView view) {
        return new ChannelView(view.id(), view.kind(), view.name(), null, view.enabled(), view.failingSince());
    }

    private static ChannelView view(NotificationChannel channel) {
        return new ChannelView(channel.id(), channel.kind().wireName(), channel.name(), channel.target(), channel.enabled(),
                channel.failingSince());
    }
}
