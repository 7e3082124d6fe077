package dev.tracehound.agent.offline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Calls a trace repeats: a span with several children of the same service and name, all but the
 * last failing, is a call retried after its failures; and what a span calls, as its attributes that
 * name a peer (a service, a server, a database instance or replica).
 */
final class RepeatedCalls {

    /** A call made {@code attempts} times under one parent, of which {@code failed} failed. */
    record Retried(String service, String operation, String peer, int attempts, int failed) {

        String describe() {
            return "`" + service + "`" + (peer.isEmpty() ? "" : " → `" + peer + "`") + " " + operation
                    + " was retried " + (attempts - 1) + " time" + (attempts == 2 ? "" : "s") + " (" + attempts
                    + " calls, " + failed + " failed)";
        }
    }

    /** The peer attributes in the order they name a dependency best. */
    private static final List<String> PEER_KEYS = List.of("peer.service", "server.address", "net.peer.name",
            "db.instance.id", "network.peer.address", "net.peer.ip", "db.name", "db.namespace", "db.system",
            "rpc.service", "messaging.destination.name");
    private static final Pattern PEER_LIKE = Pattern.compile("peer|server|host|instance|replica|destination");

    private RepeatedCalls() {}

    /** The calls get_trace's spans show repeated after failures, the most repeated first. */
    static List<Retried> in(JsonNode trace) {
        Map<String, JsonNode> detailed = new HashMap<>();
        for (String list : List.of("critical_path", "errors")) {
            trace.path(list).forEach(span -> detailed.putIfAbsent(span.path("span_id").asString(""), span));
        }
        Map<String, List<JsonNode>> siblings = new LinkedHashMap<>();
        for (JsonNode span : trace.path("spans")) {
            String parent = span.path("parent_span_id").asString("");
            if (!parent.isEmpty()) {
                siblings.computeIfAbsent(parent + "\u0000" + span.path("service").asString("") + "\u0000"
                        + span.path("operation").asString(""), k -> new ArrayList<>()).add(span);
            }
        }
        var retried = new ArrayList<Retried>();
        for (List<JsonNode> calls : siblings.values()) {
            if (calls.size() < 2) {
                continue;
            }
            calls.sort(Comparator.comparingDouble(s -> s.path("start_offset_ms").asDouble(0)));
            boolean earlierAllFailed = calls.subList(0, calls.size() - 1).stream().allMatch(RepeatedCalls::failed);
            if (!earlierAllFailed) {
                continue;
            }
            String peer = "";
            for (JsonNode call : calls) {
                JsonNode known = detailed.get(call.path("span_id").asString(""));
                if (peer.isEmpty() && known != null) {
                    peer = peerValue(known.path("attributes"));
                }
            }
            JsonNode first = calls.getFirst();
            retried.add(new Retried(first.path("service").asString(""), first.path("operation").asString(""), peer,
                    calls.size(), (int) calls.stream().filter(RepeatedCalls::failed).count()));
        }
        retried.sort(Comparator.comparingInt((Retried r) -> -r.attempts()));
        return retried;
    }

    private static boolean failed(JsonNode span) {
        return span.path("status").asString("").equals("error");
    }

    /** The value of the attribute that names what the span calls best; empty when none does. */
    static String peerValue(JsonNode attributes) {
        String pair = peer(attributes);
        return pair.isEmpty() ? "" : pair.substring(pair.indexOf('=') + 1);
    }

    /** The attribute that names what the span calls best, as key=value; empty when none does. */
    static String peer(JsonNode attributes) {
        List<String> all = peers(attributes);
        return all.isEmpty() ? "" : all.getFirst();
    }

    /** The attributes that name what the span calls, as key=value, the one that names it best first. */
    static List<String> peers(JsonNode attributes) {
        var found = new ArrayList<String>();
        for (String key : PEER_KEYS) {
            String value = attributes.path(key).asString("");
            if (!value.isEmpty()) {
                found.add(key + "=" + value);
            }
        }
        for (var entry : attributes.properties()) {
            String pair = entry.getKey() + "=" + entry.getValue().asString("");
            if (PEER_LIKE.matcher(entry.getKey()).find() && !entry.getKey().contains("port")
                    && !entry.getValue().asString("").isEmpty() && !found.contains(pair)) {
                found.add(pair);
            }
        }
        return found;
    }
}
