package dev.tracehound.devstripe;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stripe's {@code Idempotency-Key} on POSTs: the first successful answer to a key is kept and given
 * again, marked {@code Idempotent-Replayed: true}, for the same request; the same key with another
 * path or other parameters is refused (400), and so is a second request while the first still runs
 * (409). Errors are not kept, as Stripe keeps no answer for a request that never executed.
 */
final class Idempotency {

    private record Kept(String request, Answer answer) {}

    private final Map<String, Kept> answers = new HashMap<>();
    private final Set<String> running = new HashSet<>();

    /** The kept answer to replay, or empty when the request is to run (and is then marked running). */
    synchronized Optional<Answer> begin(String key, String request) {
        Kept kept = answers.get(key);
        if (kept != null) {
            if (!kept.request().equals(request)) {
                throw StripeError.idempotency(400, "Keys for idempotent requests can only be used with the same parameters"
                        + " they were first used with. Try using a key other than '" + key + "' if you meant to execute a"
                        + " different request.");
            }
            return Optional.of(kept.answer().with("Idempotent-Replayed", "true"));
        }
        if (!running.add(key)) {
            throw StripeError.idempotency(409, "There is currently another in-progress request using this Idempotent Key"
                    + " (that probably means you submitted twice, and the other request is still going through): " + key
                    + ". Please try again later.");
        }
        return Optional.empty();
    }

    synchronized void finish(String key, String request, Answer answer) {
        running.remove(key);
        if (answer.status() / 100 == 2) {
            answers.put(key, new Kept(request, answer));
        }
    }
}
