package dev.tracehound.evals.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A template's choices, all from one seed. {@link Random}'s algorithm is fixed by its
 * specification, so a seed makes the same scenario on every JVM, which is what lets the suite
 * live in the repository and be checked against a fresh generation.
 */
final class Draw {

    private final Random random;

    Draw(long seed) {
        this.random = new Random(seed);
    }

    /** A whole number from {@code low} to {@code high}, both included. */
    int between(int low, int high) {
        return low + random.nextInt(high - low + 1);
    }

    /** A number from {@code low} to {@code high}, rounded to {@code step} so the files read well. */
    double between(double low, double high, double step) {
        double value = low + random.nextDouble() * (high - low);
        double rounded = round(Math.round(value / step) * step);
        return rounded <= 0 ? step : rounded;
    }

    boolean chance(double share) {
        return random.nextDouble() < share;
    }

    @SafeVarargs
    final <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    /** {@code count} different elements of the list, in a random order. */
    <T> List<T> sample(List<T> choices, int count) {
        var left = new ArrayList<>(choices);
        var picked = new ArrayList<T>();
        for (int i = 0; i < count && !left.isEmpty(); i++) {
            picked.add(left.remove(random.nextInt(left.size())));
        }
        return picked;
    }

    /** A short run of lowercase letters and digits, as in a pod's or a host's name. */
    String suffix(int length) {
        String alphabet = "abcdefghjkmnpqrstvwxz23456789";
        var text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** A release number such as {@code 2.14.3}, never one of {@code taken}. */
    String version(List<String> taken) {
        while (true) {
            String version = String.format(Locale.ROOT, "%d.%d.%d", between(1, 4), between(2, 39), between(0, 9));
            if (!taken.contains(version)) {
                return version;
            }
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
