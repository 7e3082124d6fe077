package dev.tracehound.agent.offline;

import static dev.tracehound.agent.offline.Investigation.NODES;
import static dev.tracehound.agent.offline.Investigation.within;

import dev.tracehound.agent.offline.Investigation.Outcome;
import dev.tracehound.agent.offline.Investigation.PlannedCall;
import dev.tracehound.agent.offline.QuestionScope.TimeWindow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a question about figures is of, as the data names it: a service, one endpoint (an
 * operation, or an {@code http.route} value), or the whole project. The services of the time asked
 * are listed, and, when the question names a route, the operations and routes that hold it.
 */
final class Target {

    /**
     * @param service   the service, or null for the whole project
     * @param operation the endpoint's span name, or null
     * @param httpRoute the endpoint's {@code http.route} when no span name holds it, or null
     * @param services  the services of the time asked, the largest first
     * @param spans     the spans of the time asked, of every service
     * @param unmatched what the question names that the data does not have, as the answer says it
     *                  ("endpoint `POST /invoices`", "service `search`"), or null
     */
    record Resolved(String service, String operation, String httpRoute, List<String> services, long spans,
            String unmatched) {

        boolean endpoint() {
            return operation != null || httpRoute != null;
        }

        /** As the answer names it: "`POST /orders` (`billing`)", "`billing`" or "all services". */
        String describe() {
            String where = service == null ? "" : " (`" + service + "`)";
            if (operation != null) {
                return "`" + operation + "`" + where;
            }
            if (httpRoute != null) {
                return "`http.route=" + httpRoute + "`" + where;
            }
            return service == null ? "all services" : "`" + service + "`";
        }

        /** A tool's arguments for the spans of the target in {@code window}. */
        ObjectNode filter(TimeWindow window) {
            ObjectNode arguments = within(window);
            if (service != null) {
                arguments.put("service", service);
            }
            if (operation != null) {
                arguments.put("operation", operation);
            } else if (httpRoute != null) {
                arguments.putArray("attributes").addObject().put("key", "http.route").put("value", httpRoute);
            }
            return arguments;
        }
    }

    private static final Pattern PATH = Pattern.compile("(?<![\\w.:])/[^\\s?,;'\"`()]*");
    private static final Pattern CALLED_SERVICE = Pattern.compile("\\b([a-z][a-z0-9_.-]*)\\s+(?:service|svc|microservice)\\b");
    private static final java.util.Set<String> NOT_A_NAME = java.util.Set.of("the", "a", "an", "this", "that", "each",
            "every", "which", "what", "any", "all", "whole", "one", "my", "our", "your", "per", "by", "of", "for", "slowest",
            "busiest", "same", "other", "that's", "web", "backend", "frontend-facing");
    private static final int MIN_OPERATION_CHARS = 6;
    private static final Pattern VARIABLE_SEGMENT = Pattern.compile("/(?:\\{[^}]*\\}|:[\\w]+|\\d+|[0-9a-f-]{8,})(?:/.*)?$");

    private final Asked asked;
    private final ToolResults results;

    Target(Asked asked, ToolResults results) {
        this.asked = asked;
        this.results = results;
    }

    List<PlannedCall> calls(int phase, String suffix, TimeWindow window) {
        var calls = new ArrayList<PlannedCall>();
        var services = within(window);
        services.putArray("group_by").add("service");
        services.put("limit", 50);
        calls.add(new PlannedCall(phase, "services" + suffix, "aggregate", services));
        if (asked.route().isEmpty()) {
            // The question may name an operation as its spans do ("the SELECT orders queries", "GetQuote").
            var operations = within(window);
            operations.putArray("group_by").add("service").add("operation");
            operations.put("limit", 50);
            calls.add(new PlannedCall(phase, "opnames" + suffix, "aggregate", operations));
        }
        asked.route().ifPresent(route -> {
            String path = searchablePath(route);
            var operations = within(window).put("text", path);
            operations.putArray("group_by").add("service").add("operation").add("kind");
            operations.put("limit", 30);
            calls.add(new PlannedCall(phase, "ops" + suffix, "aggregate", operations));
            var routes = within(window);
            routes.putArray("attributes").addObject().put("key", "http.route").put("op", "contains").put("value", path);
            routes.putArray("group_by").add("service").add("operation").add("http.route");
            routes.put("limit", 30);
            calls.add(new PlannedCall(phase, "routes" + suffix, "aggregate", routes));
        });
        return calls;
    }

    /** The target in the results of {@link #calls}; empty when the services could not be read. */
    Optional<Resolved> read(String suffix) {
        Outcome listed = results.usable("services" + suffix, "the spans per service");
        if (listed == null) {
            return Optional.empty();
        }
        var counts = new LinkedHashMap<String, Long>();
        long spans = listed.data().path("other").path("count").asLong(0);
        for (JsonNode group : listed.data().path("groups")) {
            String service = group.path("key").path("service").asString("");
            spans += group.path("count").asLong(0);
            if (!service.isEmpty()) {
                counts.put(service, group.path("count").asLong(0));
            }
        }
        List<String> services = List.copyOf(counts.keySet());
        String service = named(asked, services).stream().findFirst().orElse(null);
        if (asked.route().isEmpty()) {
            Optional<Endpoint> named = namedOperation(suffix, service);
            if (named.isPresent()) {
                return Optional.of(new Resolved(named.get().service(), named.get().operation(), null, services, spans,
                        null));
            }
            Optional<String> called = service == null ? calledService(asked) : Optional.empty();
            return Optional.of(new Resolved(service, null, null, services, spans,
                    called.map(name -> "service `" + name + "`").orElse(null)));
        }
        Endpoint best = endpoint(suffix, service);
        if (best == null) {
            return Optional.of(new Resolved(service, null, null, services, spans,
                    "endpoint `" + asked.route().get() + "`"));
        }
        return Optional.of(new Resolved(best.service(), best.byRoute() ? null : best.operation(),
                best.byRoute() ? best.route() : null, services, spans, null));
    }

    /**
     * The services a question names: as the data spells them, else a service whose name has the
     * question's word as one of its parts ("search" names "search-api") when only one has.
     */
    static List<String> named(Asked asked, List<String> services) {
        // A route names no service: "/orders" is an endpoint, wherever it is served.
        String text = PATH.matcher(asked.scope().question().toLowerCase(Locale.ROOT)).replaceAll(" ");
        List<String> exact = new QuestionScope(text, Optional.empty(), asked.window(), true).mentioned(services);
        if (!exact.isEmpty()) {
            return exact;
        }
        var found = new ArrayList<String>();
        Matcher words = Pattern.compile("[a-z][a-z0-9]{2,}").matcher(text);
        while (words.find()) {
            String word = words.group();
            List<String> holders = services.stream().filter(s -> List.of(s.toLowerCase(Locale.ROOT).split("[-_.]"))
                    .contains(word)).toList();
            if (holders.size() == 1 && !found.contains(holders.getFirst())) {
                found.add(holders.getFirst());
            }
        }
        return found;
    }

    /**
     * The operation whose name the question holds, as a whole: the longest, of the service asked
     * about if it has one. Names too short to tell apart from words ("GET") are not looked for.
     */
    private Optional<Endpoint> namedOperation(String suffix, String service) {
        if (!results.has("opnames" + suffix)) {
            return Optional.empty();
        }
        Outcome operations = results.usable("opnames" + suffix, "the operations of each service");
        if (operations == null) {
            return Optional.empty();
        }
        String text = asked.scope().question().toLowerCase(Locale.ROOT);
        Endpoint best = null;
        for (JsonNode group : operations.data().path("groups")) {
            String name = group.path("key").path("operation").asString("");
            String owner = group.path("key").path("service").asString("");
            if (name.length() < MIN_OPERATION_CHARS || service != null && !owner.equals(service)
                    || !Pattern.compile("(?<![\\w/])" + Pattern.quote(name.toLowerCase(Locale.ROOT)) + "(?![\\w/])")
                    .matcher(text).find()) {
                continue;
            }
            var candidate = new Endpoint(owner, name, null, "", group.path("count").asLong(0), name.length(), false);
            if (best == null || candidate.score() > best.score()
                    || candidate.score() == best.score() && candidate.count() > best.count()) {
                best = candidate;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The name a question gives a service in so many words: "the search service", "billing-api". */
    private static Optional<String> calledService(Asked asked) {
        Matcher called = CALLED_SERVICE.matcher(asked.scope().question().toLowerCase(Locale.ROOT));
        while (called.find()) {
            if (!NOT_A_NAME.contains(called.group(1))) {
                return Optional.of(called.group(1));
            }
        }
        return Optional.empty();
    }

    private record Endpoint(String service, String operation, String route, String kind, long count, int score,
            boolean byRoute) {}

    /** The operation (or route) of the data that best holds the route the question names; null when none does. */
    private Endpoint endpoint(String suffix, String service) {
        String route = asked.route().orElseThrow();
        int space = route.indexOf(' ');
        String method = space < 0 ? null : route.substring(0, space).toLowerCase(Locale.ROOT);
        String path = (space < 0 ? route : route.substring(space + 1)).toLowerCase(Locale.ROOT);
        var candidates = new ArrayList<Endpoint>();
        Outcome operations = results.has("ops" + suffix) ? results.usable("ops" + suffix, "the operations named like "
                + route) : null;
        if (operations != null) {
            for (JsonNode group : operations.data().path("groups")) {
                JsonNode key = group.path("key");
                String operation = key.path("operation").asString("");
                int score = score(operation.toLowerCase(Locale.ROOT), method, path);
                if (score > 0) {
                    String kind = key.path("kind").asString("");
                    candidates.add(new Endpoint(key.path("service").asString(""), operation, null, kind,
                            group.path("count").asLong(0), score + (kind.equals("SERVER") ? 5 : 0), false));
                }
            }
        }
        Outcome routes = results.has("routes" + suffix) ? results.usable("routes" + suffix, "the routes named like "
                + route) : null;
        if (routes != null) {
            Map<String, Endpoint> byRoute = new LinkedHashMap<>();
            for (JsonNode group : routes.data().path("groups")) {
                JsonNode key = group.path("key");
                String value = key.path("http.route").asString("");
                String operation = key.path("operation").asString("");
                boolean methodMatches = method == null || operation.toLowerCase(Locale.ROOT).startsWith(method);
                int score = value.equalsIgnoreCase(path) ? 60 : value.toLowerCase(Locale.ROOT).startsWith(path) ? 30 : 0;
                if (score > 0) {
                    var endpoint = new Endpoint(key.path("service").asString(""), operation, value, "",
                            group.path("count").asLong(0), score + (methodMatches ? 10 : 0), true);
                    byRoute.merge(endpoint.service() + " " + value, endpoint, (a, b) -> a.score() >= b.score() ? a : b);
                }
            }
            candidates.addAll(byRoute.values());
        }
        Endpoint best = null;
        for (Endpoint candidate : candidates) {
            boolean ofService = service == null || candidate.service().equals(service);
            if (ofService && (best == null || candidate.score() > best.score()
                    || candidate.score() == best.score() && candidate.count() > best.count())) {
                best = candidate;
            }
        }
        // A route a span name holds is measured by its spans: the same route's attribute is on its children too.
        if (best != null && best.byRoute()) {
            for (Endpoint candidate : candidates) {
                if (!candidate.byRoute() && candidate.service().equals(best.service())
                        && score(candidate.operation().toLowerCase(Locale.ROOT), method, path) >= 50) {
                    return candidate;
                }
            }
        }
        return best;
    }

    /** How well an operation's name holds the route: the same, its method and path, its path, or part of it. */
    private static int score(String operation, String method, String path) {
        if (method != null && operation.equals(method + " " + path)) {
            return 100;
        }
        boolean methodMatches = method == null || operation.startsWith(method + " ");
        if (operation.endsWith(" " + path) || operation.equals(path)) {
            return methodMatches ? 80 : 20;
        }
        if (operation.contains(path)) {
            return methodMatches ? 50 : 15;
        }
        String prefix = VARIABLE_SEGMENT.matcher(path).replaceFirst("/");
        if (prefix.length() > 1 && operation.contains(prefix)) {
            return methodMatches ? 40 : 10;
        }
        return 0;
    }

    /** What to search span names for: the route up to its first variable part ("/product/123" → "/product/"). */
    private static String searchablePath(String route) {
        int space = route.indexOf(' ');
        String path = space < 0 ? route : route.substring(space + 1);
        String prefix = VARIABLE_SEGMENT.matcher(path).replaceFirst("/");
        return prefix.length() > 1 ? prefix : path;
    }

    static ObjectNode attribute(String key, String value, boolean resource) {
        ObjectNode condition = NODES.objectNode().put("key", key).put("value", value);
        if (resource) {
            condition.put("scope", "resource");
        }
        return condition;
    }
}
