package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Fault;
import dev.tracehound.evals.scenario.TelemetrySpec;
import dev.tracehound.evals.scenario.TelemetrySpec.Call;
import dev.tracehound.evals.scenario.TelemetrySpec.Change;
import dev.tracehound.evals.scenario.TelemetrySpec.Entry;
import dev.tracehound.evals.scenario.TelemetrySpec.Llm;
import dev.tracehound.evals.scenario.TelemetrySpec.Operation;
import dev.tracehound.evals.scenario.TelemetrySpec.ServiceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A domain's system as templates start from it, healthy, then bend: the edge with its four
 * routes, each into one service; the write path calls its database and a third party, the read
 * path a cache and then, on a miss, one of three database replicas, the LLM path a model.
 * About five spans a request. Templates change operations, add faults and changes, and take
 * the {@link TelemetrySpec} at the end.
 */
final class Landscape {

    static final List<String> REGIONS = List.of("us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2",
            "ap-northeast-1");
    /** Models of the product's price table, so their calls cost what they would; the first of each is dearer. */
    static final List<Family> FAMILIES = List.of(new Family("openai", "gpt-4o", "gpt-4o-mini"),
            new Family("openai", "gpt-4.1", "gpt-4.1-mini"), new Family("anthropic", "claude-sonnet-4-5", "claude-haiku-4-5"),
            new Family("gcp.vertex_ai", "gemini-2.5-pro", "gemini-2.5-flash"));

    final Domain domain;
    final Window window;
    final String region;
    /** The attribute on the read path's database calls that says which replica answered. */
    final String replicaKey;
    final List<String> replicas;
    final String cacheHost;
    final Family family;
    /** The model the LLM path calls. */
    final String model;
    private final Draw draw;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final List<Entry> entries = new ArrayList<>();
    private final List<Change> changes = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();

    record Family(String system, String dear, String cheap) {}

    private static final class Service {
        String version;
        int instances;
        Map<String, List<String>> resource;
        final Map<String, Operation> operations = new LinkedHashMap<>();
    }

    /** A span attribute a client sends, added to an operation where a template needs one. */
    record Attribute(String key, List<String> values) {}

    static final List<Attribute> CLIENT_ATTRIBUTES = List.of(
            new Attribute("app.platform", List.of("ios", "android", "web-desktop", "web-mobile")),
            new Attribute("client.app_version", List.of("ios-7.12.0", "ios-7.13.1", "android-7.12.4", "android-7.13.0")),
            new Attribute("user.tier", List.of("free", "premium", "enterprise")),
            new Attribute("client.locale", List.of("en-US", "de-DE", "fr-FR", "ja-JP", "pt-BR")));

    /** A healthy system in any domain, window and names. */
    static Landscape any(Draw draw) {
        Domain domain = Domains.any(draw);
        return new Landscape(domain, Window.draw(draw), draw);
    }

    Landscape(Domain domain, Window window, Draw draw) {
        this.domain = domain;
        this.window = window;
        this.draw = draw;
        this.region = draw.pick(REGIONS);
        this.replicaKey = draw.pick("server.address", "net.peer.name", "db.instance.id");
        String database = domain.read().service() + "-db";
        String style = draw.pick("replica-", "ro-", "read-");
        this.replicas = List.of(database + "-" + style + "1", database + "-" + style + "2", database + "-" + style + "3");
        this.cacheHost = domain.read().service() + "-redis-" + draw.pick("1", "a", "primary");
        this.family = draw.pick(FAMILIES);
        this.model = draw.chance(0.6) ? family.dear() : family.cheap();
        build();
    }

    private void build() {
        var tenants = Map.of(domain.tenantKey(), domain.tenants());
        var routes = domain.paths().stream().map(path -> Ops.server(path.route(), draw.between(4, 15), 0.001, tenants,
                List.of(new Call(path.service(), path.operation(), 1, Map.of())))).toList();
        service(domain.edge(), draw.between(2, 3), routes);

        var write = domain.write();
        service(write.service(), draw.between(2, 4), List.of(Ops.server(write.operation(), draw.between(30, 80), 0.003,
                Map.of(domain.choiceKey(), domain.choices()), List.of(
                        new Call(null, writeDbOp(), 1, Map.of("db.system", List.of("postgresql"),
                                "server.address", List.of(write.service() + "-db-primary"))),
                        new Call(null, domain.vendorOp(), 1, Map.of("peer.service", List.of(domain.vendor())))))));

        var read = domain.read();
        service(read.service(), draw.between(2, 4), List.of(Ops.server(read.operation(), draw.between(12, 35), 0.002,
                Map.of(), List.of(
                        new Call(null, cacheOp(), 1, Map.of("db.system", List.of("redis"), "server.address", List.of(cacheHost))),
                        new Call(null, readDbOp(), draw.between(0.3, 0.5, 0.05), Map.of("db.system", List.of("postgresql"),
                                replicaKey, replicas))))));

        var assist = domain.assist();
        service(assist.service(), 2, List.of(
                Ops.server(assist.operation(), draw.between(10, 30), 0.002, Map.of(),
                        List.of(new Call(assist.service(), llmOp(model), 1, Map.of()))),
                Ops.llm(llmOp(model), draw.between(700, 1600), llm(model))));

        var other = domain.other();
        service(other.service(), 2, List.of(Ops.server(other.operation(), draw.between(8, 25), 0.002, Map.of(),
                List.of(new Call(null, otherDbOp(), 1, Map.of("db.system", List.of(draw.pick("postgresql", "mysql")),
                        "server.address", List.of(other.service() + "-db")))))));

        entry(domain.edge(), domain.write().route(), draw.between(2, 4, 0.5));
        entry(domain.edge(), domain.read().route(), draw.between(3, 5, 0.5));
        entry(domain.edge(), domain.assist().route(), draw.between(1, 2, 0.5));
        entry(domain.edge(), domain.other().route(), draw.between(1, 2, 0.5));
    }

    String writeDbOp() {
        return "INSERT " + domain.writeTable();
    }

    String readDbOp() {
        return "SELECT " + domain.readTable();
    }

    String cacheOp() {
        return "GET " + domain.readTable();
    }

    String otherDbOp() {
        return "SELECT " + domain.otherTable();
    }

    /** An LLM call's span name, as the GenAI conventions make it: operation and model. */
    static String llmOp(String model) {
        return "chat " + model;
    }

    /** A call to the model with its typical tokens. */
    Llm llm(String model) {
        String system = FAMILIES.stream().filter(f -> f.dear().equals(model) || f.cheap().equals(model))
                .map(Family::system).findFirst().orElse(family.system());
        return new Llm(system, List.of(model), draw.between(600, 2400), draw.between(120, 500));
    }

    /** Adds a service of that many instances, with resource attributes of its own. */
    void service(String name, int instances, List<Operation> operations) {
        var service = new Service();
        service.version = draw.version(versions());
        service.instances = instances;
        service.resource = resource(name, instances);
        operations.forEach(op -> service.operations.put(op.name(), op));
        services.put(name, service);
    }

    Operation operation(String service, String name) {
        Operation op = service(service).operations.get(name);
        if (op == null) {
            throw new IllegalArgumentException(service + " has no operation " + name);
        }
        return op;
    }

    /** Adds the operation to the service, or replaces the one of that name. */
    void put(String service, Operation op) {
        service(service).operations.put(op.name(), op);
    }

    void update(String service, String name, UnaryOperator<Operation> change) {
        put(service, change.apply(operation(service, name)));
    }

    /** Gives the service that many instances, with fresh hosts, pods and nodes. */
    void instances(String service, int instances) {
        var spec = service(service);
        spec.instances = instances;
        spec.resource = resource(service, instances);
    }

    /** Spreads the service's instances over the regions, in turn; their zones follow. */
    void regions(String service, List<String> regions) {
        var spec = service(service);
        var zones = new ArrayList<String>();
        for (int i = 0; i < spec.instances; i++) {
            zones.add(regions.get(i % regions.size()) + "abc".charAt(i / regions.size() % 3));
        }
        spec.resource.put("cloud.region", List.copyOf(regions));
        spec.resource.put("cloud.availability_zone", List.copyOf(zones));
    }

    /** The values instances of the service take for a resource attribute, in instance order. */
    List<String> resource(String service, String key) {
        return service(service).resource.getOrDefault(key, List.of());
    }

    String version(String service) {
        return service(service).version;
    }

    /** A release number no service has, nor any change made. */
    String newVersion() {
        return draw.version(versions());
    }

    void entry(String service, String operation, double weight) {
        entries.removeIf(entry -> entry.service().equals(service) && entry.operation().equals(operation));
        entries.add(new Entry(service, operation, weight));
    }

    /** The weight of all entries so far, against which a new entry's weight is a share. */
    double totalWeight() {
        return entries.stream().mapToDouble(Entry::weight).sum();
    }

    void change(Change change) {
        changes.add(change);
    }

    void fault(Fault fault) {
        faults.add(fault);
    }

    TelemetrySpec spec() {
        var specs = services.entrySet().stream().map(e -> new ServiceSpec(e.getKey(), e.getValue().version,
                e.getValue().instances, e.getValue().resource, List.copyOf(e.getValue().operations.values()))).toList();
        return new TelemetrySpec(window.minutes(), window.requestsPerMinute(), specs, entries, changes, faults);
    }

    private Service service(String name) {
        Service service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("no service " + name + " in this landscape");
        }
        return service;
    }

    private List<String> versions() {
        var versions = new ArrayList<String>();
        services.values().forEach(s -> versions.add(s.version));
        changes.stream().filter(c -> c.key().equals("service.version")).forEach(c -> versions.add(c.value()));
        return versions;
    }

    private Map<String, List<String>> resource(String service, int instances) {
        var hosts = new ArrayList<String>();
        var pods = new ArrayList<String>();
        var nodes = new ArrayList<String>();
        var zones = new ArrayList<String>();
        String replicaSet = draw.suffix(9);
        for (int i = 0; i < instances; i++) {
            hosts.add(String.format(Locale.ROOT, "ip-10-%d-%d-%d", draw.between(0, 9), draw.between(0, 255),
                    draw.between(1, 254)));
            pods.add(service + "-" + replicaSet + "-" + draw.suffix(5));
            if (i < Math.max(2, (instances + 1) / 2)) {
                nodes.add("node-" + draw.pick("pool-a", "pool-b", "general") + "-" + draw.suffix(4));
            }
            if (i < 3) {
                zones.add(region + "abc".charAt(i));
            }
        }
        var resource = new LinkedHashMap<String, List<String>>();
        resource.put("cloud.region", List.of(region));
        resource.put("cloud.availability_zone", zones);
        resource.put("host.name", hosts);
        resource.put("k8s.pod.name", pods);
        resource.put("k8s.node.name", nodes);
        return resource;
    }
}
