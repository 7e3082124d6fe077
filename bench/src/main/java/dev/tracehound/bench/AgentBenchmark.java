package dev.tracehound.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * bench/agent, in three parts, each printing its figures:
 * <ol>
 * <li>loop: the overhead of one step of the real agent loop (store, meter, events) on a
 * PostgreSQL database of its own, with a model that answers at once (a call of a stub tool
 * until the run had {@code steps - 1}, then a text answer) and that stub tool, which answers at
 * once too. A step runs from one model call to the next (the first from the message sent, the
 * last to the run's {@code done} event). Beside it the baseline: the same model and tools in a
 * bare loop that keeps the conversation in memory and stores and streams nothing; and the
 * ratio. A third column runs the agent loop on a connection with {@code synchronous_commit}
 * off: the difference is what waiting for the disk at each commit costs. Target: p99 under
 * 5 ms a step.</li>
 * <li>sse: the service from its jar (databases of its own, no demo data), its model a fake
 * OpenAI-compatible server in this JVM that streams a text answer of {@value AgentStreamBench#ANSWER_DELTAS}
 * deltas at once; {@code clients} clients create a session each, then all post a message at
 * the same moment and read the run's Server-Sent Events to {@code done}. Target: no errors
 * (a status other than 2xx, a stream without {@code done}, an {@code error} event).</li>
 * <li>offline: the service from its jar with demo data and the built-in offline investigator;
 * "Why is checkout slow since this morning?" to a new session of the demo project: the wall
 * time to {@code done}, the tool calls, and whether the answer names checkout, the deploy
 * 2.3.1 and {@code payment.provider=stripe_v3}.</li>
 * </ol>
 * Run with {@code ./dev bench agent [runs] [steps] [clients] [demo spans] [loop|sse|offline]}
 * (defaults 200, 10, 200 and 200000; a part named runs alone). Needs {@code DATABASE_URL}
 * (with {@code DATABASE_USER} and {@code DATABASE_PASSWORD}), {@code CLICKHOUSE_URL} and the
 * service's jar, which {@code ./dev bench} provides.
 */
public final class AgentBenchmark {

    private static final int DEFAULT_RUNS = 200;
    private static final int DEFAULT_STEPS = 10;
    private static final int DEFAULT_CLIENTS = 200;
    private static final int DEFAULT_DEMO_SPANS = 200_000;
    private static final List<String> PARTS = List.of("loop", "sse", "offline");

    private AgentBenchmark() {}

    public static void main(String[] args) throws Exception {
        var numbers = new ArrayList<Integer>();
        String only = "";
        for (String arg : args) {
            if (PARTS.contains(arg)) {
                only = arg;
            } else {
                try {
                    numbers.add(Integer.parseInt(arg.replace("_", "")));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(usage("'" + arg + "' is neither a number nor a part"));
                }
            }
        }
        int runs = numbers.size() > 0 ? numbers.get(0) : DEFAULT_RUNS;
        int steps = numbers.size() > 1 ? numbers.get(1) : DEFAULT_STEPS;
        int clients = numbers.size() > 2 ? numbers.get(2) : DEFAULT_CLIENTS;
        int demoSpans = numbers.size() > 3 ? numbers.get(3) : DEFAULT_DEMO_SPANS;
        if (runs < 1 || steps < 1 || steps > 99 || clients < 1 || demoSpans < 1_000 || numbers.size() > 4) {
            throw new IllegalArgumentException(usage("runs and clients at least 1, steps 1-99, demo spans at least 1000"));
        }
        System.out.printf(Locale.ROOT, "bench/agent: %s; loop: %d runs of %d steps; sse: %d clients; offline: %,d demo "
                        + "spans; %d cores, load average %s%n", only.isEmpty() ? "all parts" : "part " + only, runs,
                steps, clients, demoSpans, Runtime.getRuntime().availableProcessors(), Machine.loadAverage());

        var closer = new Closer();
        var failed = new ArrayList<String>();
        String onlyPart = only;
        // Interrupted or not, no database and no service of this run stays behind.
        closer.closingAfter(() -> {
            if (onlyPart.isEmpty() || onlyPart.equals("loop")) {
                part("loop", failed, () -> AgentLoopBench.run(closer, runs, steps));
            }
            if (onlyPart.isEmpty() || onlyPart.equals("sse")) {
                part("sse", failed, () -> AgentStreamBench.run(closer, clients));
            }
            if (onlyPart.isEmpty() || onlyPart.equals("offline")) {
                part("offline", failed, () -> OfflineAgentBench.run(closer, demoSpans));
            }
            return null;
        });
        System.out.printf("%nload average now %s%n", Machine.loadAverage());
        if (!failed.isEmpty()) {
            System.err.println("bench/agent: these parts failed: " + String.join(", ", failed));
            System.exit(1);
        }
    }

    private static String usage(String problem) {
        return problem + "; usage: ./dev bench agent [runs] [steps] [clients] [demo spans] [loop|sse|offline]";
    }

    @FunctionalInterface
    private interface Part {
        void run() throws Exception;
    }

    /** Runs one part; a part that fails says why, and the next one still runs. */
    private static void part(String name, List<String> failed, Part part) {
        try {
            part.run();
        } catch (Exception e) {
            failed.add(name);
            System.out.printf("%n%s: FAILED: %s%n", name, e.getMessage() == null ? e : e.getMessage());
            if (!(e instanceof IllegalStateException)) {
                e.printStackTrace(System.out);
            }
        }
    }

    static String shorten(String text) {
        return shorten(text, 300);
    }

    static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }

    static String indent(String text) {
        return "  " + text.replace("\n", "\n  ");
    }
}
