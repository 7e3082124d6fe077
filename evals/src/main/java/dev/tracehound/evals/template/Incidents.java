package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Fault;
import dev.tracehound.evals.scenario.Selector;
import dev.tracehound.evals.template.Asks.Symptom;
import dev.tracehound.evals.template.Domain.Path;
import java.util.List;

/**
 * Single incidents that templates build on, each put into a landscape with its fault: errors
 * tied to an attribute value, latency tied to a resource attribute, a slow replica, a slow
 * model, a third party failing. What a correct answer names comes with it.
 */
final class Incidents {

    /**
     * One incident: its fault, the facts that name its cause, what people notice, the path they
     * notice it on, and whether the cause is on a resource attribute.
     */
    record Incident(Fault fault, List<Fact> facts, Symptom symptom, Path path, boolean resourceScope) {}

    private Incidents() {
    }

    /**
     * A share of a service's spans fail where an attribute has one value: the write path's own
     * attribute, a client attribute added to the read or fourth path, or a node, host or pod of
     * its instances.
     */
    static Incident attributeErrors(Landscape world, Draw draw, int from, int length, double share) {
        var d = world.domain;
        return switch (draw.between(0, 2)) {
            case 0 -> choiceErrors(world, draw, from, length, share);
            case 1 -> clientErrors(world, draw, draw.pick(d.read(), d.other()), from, length, share);
            default -> hostErrors(world, draw, draw.pick(d.write(), d.read(), d.other()), from, length, share);
        };
    }

    /** The write path's calls fail where its own attribute (the provider, the rail, the carrier) has one value. */
    static Incident choiceErrors(Landscape world, Draw draw, int from, int length, double share) {
        var d = world.domain;
        String value = draw.pick(d.choices());
        var where = Selector.operation(d.write().service(), d.write().operation()).where("span", d.choiceKey(), value);
        var fault = new Fault("errors", where, share, from, length, Messages.upstreamError(draw, value));
        return new Incident(fault, facts(d.write().service(), d.choiceKey(), value), Symptom.ERRORS, d.write(), false);
    }

    /** The path's service fails for one platform, app version, tier or locale, an attribute added for it. */
    static Incident clientErrors(Landscape world, Draw draw, Path path, int from, int length, double share) {
        var attribute = draw.pick(Landscape.CLIENT_ATTRIBUTES);
        world.update(path.service(), path.operation(), op -> Ops.attribute(op, attribute.key(), attribute.values()));
        String value = draw.pick(attribute.values());
        var where = Selector.operation(path.service(), path.operation()).where("span", attribute.key(), value);
        var fault = new Fault("errors", where, share, from, length, Messages.handlerError(draw));
        return new Incident(fault, facts(path.service(), attribute.key(), value), Symptom.ERRORS, path, false);
    }

    /** The path's service fails on one node, host or pod of its three to five instances. */
    static Incident hostErrors(Landscape world, Draw draw, Path path, int from, int length, double share) {
        world.instances(path.service(), draw.between(3, 5));
        String key = draw.pick("k8s.node.name", "host.name", "k8s.pod.name");
        String value = draw.pick(world.resource(path.service(), key));
        var where = Selector.service(path.service()).where("resource", key, value);
        var fault = new Fault("errors", where, share, from, length, Messages.hostError(draw));
        return new Incident(fault, facts(path.service(), key, value), Symptom.ERRORS, path, true);
    }

    /** A service's instances in one zone, on one host, pod or node take that many times as long. */
    static Incident resourceLatency(Landscape world, Draw draw, Path path, int from, int length, double factor) {
        world.instances(path.service(), draw.between(3, 6));
        String key = draw.pick("cloud.availability_zone", "host.name", "k8s.pod.name", "k8s.node.name");
        String value = draw.pick(world.resource(path.service(), key));
        var where = Selector.service(path.service()).where("resource", key, value);
        var fault = new Fault("latency", where, factor, from, length, "");
        return new Incident(fault, facts(path.service(), key, value), Symptom.SLOW, path, true);
    }

    /**
     * One of the read path's database replicas answers that many times slower; every miss goes
     * to the database, so the replica is seen in a good share of reads.
     */
    static Incident replicaLatency(Landscape world, Draw draw, int from, int length, double factor) {
        var read = world.domain.read();
        world.update(read.service(), read.operation(), op -> Ops.callProbability(op, world.readDbOp(), draw.between(0.6, 0.9, 0.1)));
        String replica = draw.pick(world.replicas);
        var where = Selector.operation(read.service(), world.readDbOp()).where("span", world.replicaKey, replica);
        var fault = new Fault("latency", where, factor, from, length, "");
        return new Incident(fault, facts(read.service(), world.replicaKey, replica), Symptom.SLOW, read, false);
    }

    /** The LLM path's model answers that many times slower. */
    static Incident modelLatency(Landscape world, String model, int from, int length, double factor) {
        var assist = world.domain.assist();
        var where = Selector.operation(assist.service(), Landscape.llmOp(model));
        var fault = new Fault("latency", where, factor, from, length, "");
        return new Incident(fault, List.of(Claims.named(assist.service()), Claims.named(model)), Symptom.SLOW, assist, false);
    }

    /** The write path's third party fails that share of its calls: seen only in the caller's client spans. */
    static Incident vendorErrors(Landscape world, Draw draw, int from, int length, double share) {
        var d = world.domain;
        var where = Selector.operation(d.write().service(), d.vendorOp()).where("span", "peer.service", d.vendor());
        var fault = new Fault("errors", where, share, from, length, Messages.vendorDown(draw, d.vendor(), d.vendorOp()));
        return new Incident(fault, facts(d.write().service(), "peer.service", d.vendor()), Symptom.ERRORS, d.write(), false);
    }

    private static List<Fact> facts(String service, String key, String value) {
        return List.of(Claims.named(service), Claims.attribute(key, value));
    }
}
