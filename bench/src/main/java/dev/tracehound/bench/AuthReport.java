package dev.tracehound.bench;

import java.util.List;
import java.util.Locale;

/** bench/auth's tables: per credential the security chain beside the rest, then where the chain's time went. */
final class AuthReport {

    private AuthReport() {}

    static void print(String mode, int requests, List<AuthBenchmark.Result> results, double targetP99Millis) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%,d requests per credential from %s; server-side times of the same requests; "
                + "ratio = server time with security / without%n", requests, mode);
        System.out.println("| credential | security chain p50 ms | security chain p99 ms | server, security on p50 / p99 ms "
                + "| server, security off p50 / p99 ms | ratio p50 / p99 | client round trip p50 / p99 ms | answered 200 "
                + "| target: security chain p99 < " + format(targetP99Millis) + " ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (AuthBenchmark.Result result : results) {
            var security = new Timings(result.server().security());
            var on = new Timings(result.server().server());
            var off = new Timings(result.server().withoutSecurity());
            var roundTrip = new Timings(result.client().roundTrips());
            boolean met = security.millis(99) < targetP99Millis && result.client().errors().isEmpty();
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f / %.3f | %.3f / %.3f | %.2f / %.2f | %.3f / %.3f "
                            + "| %,d of %,d | %s |%n",
                    result.credential().name(), security.millis(50), security.millis(99), on.millis(50), on.millis(99),
                    off.millis(50), off.millis(99), on.millis(50) / off.millis(50), on.millis(99) / off.millis(99),
                    roundTrip.millis(50), roundTrip.millis(99), result.client().ok(), requests, met ? "met" : "NOT met");
        }
        for (AuthBenchmark.Result result : results) {
            result.client().errors().stream().limit(5).forEach(error -> System.out.println("  error: " + error));
        }
        printSteps(results);
    }

    /**
     * Per step of the security chain, its time per request: from entering one filter to entering
     * the next is the first one's (what it did before handing the request on, its waits included).
     */
    private static void printSteps(List<AuthBenchmark.Result> results) {
        List<String> filters = SecurityClock.FILTER_NAMES;
        System.out.println();
        System.out.println("where the security chain's time goes, p50 / p99 ms per request (a filter's time runs from "
                + "entering it to entering the next one):");
        var header = new StringBuilder("| step |");
        var rule = new StringBuilder("|---|");
        for (AuthBenchmark.Result result : results) {
            header.append(' ').append(result.credential().name()).append(" |");
            rule.append("---|");
        }
        System.out.println(header);
        System.out.println(rule);
        int wayOut = filters.size() + 1;
        for (int step = 0; step <= wayOut; step++) {
            String name = step == 0 ? "WebFilterChainProxy: firewall, choosing the chain"
                    : step == wayOut ? "after the handler: the chain's way out"
                    : step + ". " + filters.get(step - 1);
            printStep(name, step, results);
        }
    }

    private static void printStep(String name, int step, List<AuthBenchmark.Result> results) {
        var row = new StringBuilder("| ").append(name).append(" |");
        for (AuthBenchmark.Result result : results) {
            long[] nanos = result.server().step(step);
            if (nanos.length == 0) {
                row.append(" - |");
            } else {
                var timings = new Timings(nanos);
                row.append(String.format(Locale.ROOT, " %.3f / %.3f |", timings.millis(50), timings.millis(99)));
            }
        }
        System.out.println(row);
    }

    private static String format(double millis) {
        return millis == Math.rint(millis) ? Long.toString((long) millis) : Double.toString(millis);
    }
}
