package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Question;
import java.util.List;

/**
 * How people ask about an incident: naming the service, or only a route, a feature, a customer
 * or what they see, or nothing at all. Several phrasings for each, picked by the draw.
 */
final class Asks {

    /** What the question names. The later, the less it gives away. */
    enum Angle { SERVICE, ROUTE, FEATURE, CUSTOMER, SYMPTOM, NOTHING }

    /** What people notice. */
    enum Symptom { ERRORS, SLOW, COST }

    /** The names a question may use: the service, the edge's route, the feature, a customer, since when. */
    record Subject(String service, String route, String feature, String things, String customer, String since) {}

    private Asks() {
    }

    /** The names of a path for a question, with a customer of the domain and since when. */
    static Subject subject(Landscape world, Domain.Path path, int from, Draw draw) {
        return new Subject(path.service(), path.route(), path.feature(), path.things(), draw.pick(world.domain.tenants()),
                world.window.when(from, draw));
    }

    /** An incident hunt: what people ask, what a correct answer names and must not, the traces that count. */
    static Question hunt(String ask, List<Fact> mustContain, List<Fact> mustNotClaim, Symptom symptom,
            Question.Evidence evidence) {
        return new Question(ask, "incident", mustContain, mustNotClaim, onTopic(symptom), evidence, null);
    }

    /** A tag that says how much the question gives away. */
    static String tag(Angle angle) {
        return "asks-" + angle.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** An angle that fits the difficulty: easy questions name the service or the route, hard ones little. */
    static Angle angle(Draw draw, String difficulty) {
        return switch (difficulty) {
            case "easy" -> draw.pick(Angle.SERVICE, Angle.SERVICE, Angle.ROUTE);
            case "medium" -> draw.pick(Angle.ROUTE, Angle.FEATURE, Angle.CUSTOMER, Angle.SYMPTOM);
            default -> draw.pick(Angle.SYMPTOM, Angle.NOTHING, Angle.NOTHING, Angle.CUSTOMER);
        };
    }

    static String phrase(Draw draw, Angle angle, Symptom symptom, Subject s) {
        List<String> ways = switch (symptom) {
            case ERRORS -> errors(angle, s);
            case SLOW -> slow(angle, s);
            case COST -> cost(angle, s);
        };
        String ask = draw.pick(ways);
        // Service and customer names are identifiers: they keep their case at the start of a sentence.
        return ask.startsWith(s.service()) || ask.startsWith(s.customer()) ? ask : sentence(ask);
    }

    private static List<String> errors(Angle angle, Subject s) {
        return switch (angle) {
            case SERVICE -> List.of("Why is " + s.service() + " failing since " + s.since() + "?",
                    s.service() + " is throwing errors. What's going on?",
                    "What's causing the errors in " + s.service() + "?",
                    "The error rate of " + s.service() + " jumped around " + s.since() + ". Why?");
            case ROUTE -> List.of(s.route() + " started returning errors around " + s.since() + ". Why?",
                    "Why are requests to " + s.route() + " failing?",
                    "Lots of 5xx on " + s.route() + " since " + s.since() + ", what happened?");
            case FEATURE -> List.of("Something in " + s.feature() + " is broken for some users. Can you find out why?",
                    "People report failures in " + s.feature() + " since " + s.since() + ". What's wrong?");
            case CUSTOMER -> List.of(s.customer() + " says their " + s.things() + " keep failing. What's going on?",
                    "Support ticket from " + s.customer() + ": errors since " + s.since() + ". Can you check?");
            case SYMPTOM -> List.of(s.things() + " started failing.", "Why are " + s.things() + " failing?",
                    "We're seeing failed " + s.things() + " since " + s.since() + ".");
            case NOTHING -> List.of("What is wrong?", "Something's broken, what is it?",
                    "Alerts are going off. What's going on?", "Is something wrong in production?");
        };
    }

    private static List<String> slow(Angle angle, Subject s) {
        return switch (angle) {
            case SERVICE -> List.of("Why is " + s.service() + " slow?",
                    s.service() + " latency went up around " + s.since() + ". Why?",
                    "What's making " + s.service() + " so slow since " + s.since() + "?");
            case ROUTE -> List.of(s.route() + " got slow, why?",
                    "p95 of " + s.route() + " is way up since " + s.since() + ". What happened?");
            case FEATURE -> List.of("Something in " + s.feature() + " got really slow. Why?",
                    "Users complain about " + s.feature() + " being slow since " + s.since() + ".");
            case CUSTOMER -> List.of(s.customer() + " complains that their " + s.things() + " are slow. Can you look?",
                    "Why are " + s.things() + " so slow for " + s.customer() + "?");
            case SYMPTOM -> List.of(s.things() + " are slow since " + s.since() + ".", "Why are " + s.things() + " so slow?");
            case NOTHING -> List.of("What is wrong?", "Everything feels sluggish. What's going on?",
                    "Something is off since " + s.since() + ". What is it?");
        };
    }

    private static List<String> cost(Angle angle, Subject s) {
        return switch (angle) {
            case SERVICE -> List.of("Why did the LLM spend of " + s.service() + " jump?",
                    "Token usage of " + s.service() + " exploded since " + s.since() + ". Why?");
            case ROUTE, FEATURE, CUSTOMER -> List.of("Our " + s.things() + " suddenly cost a lot more in tokens. What changed?",
                    "Why do " + s.things() + " burn so many tokens since " + s.since() + "?");
            case SYMPTOM -> List.of("Our LLM bill is way up since " + s.since() + ". What happened?",
                    "Why are we burning so many tokens?");
            case NOTHING -> List.of("Costs look weird today. What's going on?", "What is wrong?");
        };
    }

    /** Starts with a capital, as people type it, unless it starts with a route or a percentile. */
    static String sentence(String text) {
        if (text.matches("^([A-Z]+ /|p\\d\\d).*")) {
            return text;
        }
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** Words an answer about this symptom uses. */
    static List<String> onTopic(Symptom symptom) {
        return switch (symptom) {
            case ERRORS -> List.of("error", "fail", "5xx", "exception");
            case SLOW -> List.of("slow", "latency", "ms", "p95", "p99", "second");
            case COST -> List.of("token", "cost", "$", "spend");
        };
    }
}
