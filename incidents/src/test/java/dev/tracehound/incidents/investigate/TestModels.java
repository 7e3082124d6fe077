package dev.tracehound.incidents.investigate;

import dev.tracehound.agent.model.AgentModel;
import dev.tracehound.agent.model.ChatTurn;
import dev.tracehound.agent.model.ModelReply;
import dev.tracehound.agent.model.ModelRequest;
import dev.tracehound.incidents.IncidentFeed;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Models and a feed for the investigations' tests that are not about what the offline investigator finds. */
final class TestModels {

    private TestModels() {}

    /** The answer a model gives that follows the instructions. */
    static final String ANSWER = """
            `checkout` fails since the deploy of 2.3.1: trace 0af7651916cd43dd8448eb211c80319c shows it.

            Summary: checkout fails since 2.3.1.
            Suspected cause: the deploy of checkout 2.3.1.
            Confidence: medium
            Not determined: whether a rollback fixes it.""";

    /**
     * Answers {@link #ANSWER} at once, or once {@link #release()} is called when made gated; a
     * cancelled run interrupts the wait. Counts the calls that wait now and the most at once.
     */
    static final class Gate implements AgentModel {

        private final CountDownLatch open;
        private final AtomicInteger waiting = new AtomicInteger();
        private final AtomicInteger mostAtOnce = new AtomicInteger();
        private final AtomicInteger calls = new AtomicInteger();
        private volatile String lastQuestion = "";

        private Gate(boolean closed) {
            this.open = new CountDownLatch(closed ? 1 : 0);
        }

        static Gate open() {
            return new Gate(false);
        }

        static Gate closed() {
            return new Gate(true);
        }

        void release() {
            open.countDown();
        }

        int waiting() {
            return waiting.get();
        }

        int mostAtOnce() {
            return mostAtOnce.get();
        }

        int calls() {
            return calls.get();
        }

        String lastQuestion() {
            return lastQuestion;
        }

        @Override
        public String name() {
            return "test-model";
        }

        @Override
        public int contextWindow() {
            return 100_000;
        }

        @Override
        public ModelReply reply(ModelRequest request, Consumer<String> textDeltas) throws InterruptedException {
            calls.incrementAndGet();
            request.turns().reversed().stream().filter(ChatTurn.User.class::isInstance).findFirst()
                    .ifPresent(turn -> lastQuestion = ((ChatTurn.User) turn).text());
            int now = waiting.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            try {
                open.await();
            } finally {
                waiting.decrementAndGet();
            }
            textDeltas.accept(ANSWER);
            return new ModelReply(ANSWER, List.of(), Optional.empty());
        }
    }

    /** What the investigations told their incidents, in order: {@code started|ready|failed <investigation> <text>}. */
    static final class RecordingFeed implements IncidentFeed {

        private final List<String> told = new ArrayList<>();

        @Override
        public synchronized void investigationStarted(UUID incidentId, UUID investigationId, UUID sessionId) {
            told.add("started " + investigationId + " " + sessionId);
        }

        @Override
        public synchronized void reportReady(UUID incidentId, UUID investigationId, String summary) {
            told.add("ready " + investigationId + " " + summary);
        }

        @Override
        public synchronized void investigationFailed(UUID incidentId, UUID investigationId, String reason) {
            told.add("failed " + investigationId + " " + reason);
        }

        synchronized List<String> about(UUID investigationId) {
            return told.stream().filter(line -> line.contains(" " + investigationId + " ") || line.endsWith(" "
                    + investigationId)).map(line -> line.replace(investigationId + " ", "")).toList();
        }
    }
}
