package dev.tracehound.incidents.alerting;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of an incident's timeline.
 *
 * @param kind   {@code fired}, {@code alert-resolved}, {@code silenced}, {@code unsilenced},
 *               {@code investigation-started}, {@code report-ready}, {@code investigation-failed},
 *               {@code notified}, {@code resolved}, or one of the approvals' kinds
 * @param actor  {@code tracehound} for what the service did, else a person's user id
 * @param detail what the kind needs to be shown (JSON object)
 */
public record TimelineEvent(long id, Instant at, String kind, String actor, Map<String, Object> detail) {}
