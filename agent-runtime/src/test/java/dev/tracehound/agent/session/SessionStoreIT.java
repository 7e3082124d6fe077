package dev.tracehound.agent.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.tracehound.agent.model.ChatTurn;
import dev.tracehound.agent.model.ToolCall;
import dev.tracehound.platform.pricing.TokenCounts;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionStoreIT {

    private AgentDatabase database;
    private SessionStore store;

    @BeforeAll
    void migrate() {
        database = new AgentDatabase();
        store = database.newStore();
    }

    @AfterAll
    void drop() {
        database.close();
    }

    private AgentSession newSession(UUID projectId) {
        return store.create(UUID.randomUUID(), projectId, "user-1", "Why is checkout slow?", "gpt-4o-mini");
    }

    @Test
    void aCreatedSessionIsFoundWithEverythingItWasCreatedWith() {
        UUID workspace = UUID.randomUUID();
        UUID project = UUID.randomUUID();

        AgentSession created = store.create(workspace, project, "alice", "  Checkout latency  ", "gpt-4o");

        assertThat(created.workspaceId()).isEqualTo(workspace);
        assertThat(created.projectId()).isEqualTo(project);
        assertThat(created.userId()).isEqualTo("alice");
        assertThat(created.title()).isEqualTo("Checkout latency");
        assertThat(created.model()).isEqualTo("gpt-4o");
        assertThat(created.status()).isEqualTo(SessionStatus.IDLE);
        assertThat(created.createdAt()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
        assertThat(store.get(created.id())).contains(created);
        assertThat(store.get(UUID.randomUUID())).isEmpty();
    }

    @Test
    void badSessionInputIsRefusedWithAReason() {
        UUID project = UUID.randomUUID();
        assertThatThrownBy(() -> store.create(UUID.randomUUID(), project, "u", "   ", "gpt-4o"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("title cannot be empty");
        assertThatThrownBy(() -> store.create(UUID.randomUUID(), project, "u", "x".repeat(201), "gpt-4o"))
                .hasMessageContaining("at most 200");
        assertThatThrownBy(() -> store.create(UUID.randomUUID(), project, "", "t", "gpt-4o"))
                .hasMessageContaining("user id is required");
        assertThatThrownBy(() -> store.create(UUID.randomUUID(), project, "u", "t", null))
                .hasMessageContaining("model is required");
        assertThatThrownBy(() -> store.listByProject(project, 0, Optional.empty())).hasMessageContaining("page size");
        assertThatThrownBy(() -> store.listByProject(project, 10, Optional.of("not-a-cursor")))
                .hasMessageContaining("not a session list cursor");
    }

    @Test
    void renameChangesTheTitleAndStatusIsKept() {
        AgentSession session = newSession(UUID.randomUUID());

        assertThat(store.rename(session.id(), "Stripe v3 errors")).isTrue();
        store.setStatus(session.id(), SessionStatus.AWAITING_APPROVAL);

        AgentSession renamed = store.get(session.id()).orElseThrow();
        assertThat(renamed.title()).isEqualTo("Stripe v3 errors");
        assertThat(renamed.status()).isEqualTo(SessionStatus.AWAITING_APPROVAL);
        assertThat(renamed.updatedAt()).isAfterOrEqualTo(session.updatedAt());
        assertThat(store.rename(UUID.randomUUID(), "nobody")).isFalse();
        assertThatThrownBy(() -> store.rename(session.id(), "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDeletedSessionIsGoneFromGetListAndAppendsButItsUsageStays() {
        UUID project = UUID.randomUUID();
        AgentSession kept = newSession(project);
        AgentSession deleted = newSession(project);
        store.recordUsage(new ModelUsage(deleted.id(), deleted.workspaceId(), "user-1", "gpt-4o", TokenCounts.of(10, 5), false, 75,
                true, Instant.now()));

        assertThat(store.delete(deleted.id())).isTrue();

        assertThat(store.delete(deleted.id())).isFalse();
        assertThat(store.get(deleted.id())).isEmpty();
        assertThat(store.listByProject(project, 10, Optional.empty()).sessions()).containsExactly(kept);
        assertThatThrownBy(() -> store.appendMessage(deleted.id(), new ChatTurn.User("hello?")))
                .isInstanceOf(SessionNotFoundException.class).hasMessageContaining(deleted.id().toString());
        assertThatThrownBy(() -> store.appendEvent(deleted.id(), "done", "{}")).isInstanceOf(SessionNotFoundException.class);
        assertThatThrownBy(() -> store.conversation(deleted.id())).isInstanceOf(SessionNotFoundException.class);
        assertThat(store.rename(deleted.id(), "x")).isFalse();
        assertThat(store.sessionUsage(deleted.id()).costMicros()).isEqualTo(75);
    }

    @Test
    void aProjectsSessionsArePagedNewestFirstWithoutOverlapOrOtherProjects() {
        UUID project = UUID.randomUUID();
        List<AgentSession> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(newSession(project));
        }
        newSession(UUID.randomUUID());

        List<AgentSession> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int pages = 0;
        do {
            SessionPage page = store.listByProject(project, 3, cursor);
            assertThat(page.sessions()).hasSizeLessThanOrEqualTo(3);
            seen.addAll(page.sessions());
            cursor = page.nextCursor();
            pages++;
            if (pages == 1) {
                newSession(project); // a session created while paging does not shift the pages
            }
        } while (cursor.isPresent());

        assertThat(pages).isEqualTo(3);
        List<AgentSession> newestFirst = created.stream()
                .sorted(Comparator.comparing(AgentSession::createdAt).thenComparing(AgentSession::id).reversed())
                .toList();
        assertThat(newestFirst.getFirst().createdAt()).isAfter(newestFirst.getLast().createdAt());
        assertThat(seen).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void theConversationComesBackInOrderWithToolCallsAndResults() {
        AgentSession session = newSession(UUID.randomUUID());
        List<ChatTurn> turns = List.of(
                new ChatTurn.System("You investigate telemetry."),
                new ChatTurn.User("Why is checkout slow? ünïcødé ✓"),
                new ChatTurn.Assistant("Let me look.", List.of(
                        new ToolCall("call_a", "aggregate", "{\"groupBy\":[\"service.name\"]}"),
                        new ToolCall("call_b", "trace_search", "{not json"))),
                new ChatTurn.ToolResult("call_a", "aggregate", "checkout p99 2.3s"),
                new ChatTurn.ToolResult("call_b", "trace_search", "error: arguments are not JSON"),
                new ChatTurn.Assistant("checkout is slow since the 09:12 deploy", List.of()));

        List<Integer> ordinals = new ArrayList<>();
        for (ChatTurn turn : turns) {
            ordinals.add(store.appendMessage(session.id(), turn).ordinal());
        }

        assertThat(ordinals).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(store.conversation(session.id())).containsExactlyElementsOf(turns);
        assertThat(store.messages(session.id())).extracting(SessionMessage::ordinal).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(store.conversation(newSession(UUID.randomUUID()).id())).isEmpty();
        assertThatThrownBy(() -> store.conversation(UUID.randomUUID())).isInstanceOf(SessionNotFoundException.class);
    }

    @Test
    void aToolCallRunsAndFinishesOnceWithItsOutputAndResult() {
        AgentSession session = newSession(UUID.randomUUID());
        ToolCall call = new ToolCall("call_1", "get_trace", "{\"traceId\":\"abc\"}");

        SessionToolCall started = store.startToolCall(session.id(), call);
        assertThat(started.status()).isEqualTo(ToolCallStatus.RUNNING);
        assertThat(started.startedAt()).isPresent();
        assertThat(started.finishedAt()).isEmpty();

        SessionToolCall finished = store.finishToolCall(session.id(), "call_1", ToolCallStatus.SUCCEEDED, "12 spans",
                Optional.of("{\"traceIds\":[\"abc\"]}")).orElseThrow();

        assertThat(finished.status()).isEqualTo(ToolCallStatus.SUCCEEDED);
        assertThat(finished.error()).isFalse();
        assertThat(finished.output()).contains("12 spans");
        assertThat(finished.result()).hasValueSatisfying(json -> assertThat(json).contains("\"traceIds\"").contains("abc"));
        assertThat(finished.finishedAt()).isPresent();
        assertThat(store.finishToolCall(session.id(), "call_1", ToolCallStatus.CANCELLED, "cancelled", Optional.empty()))
                .as("a finished call is not finished again").isEmpty();
        assertThat(store.toolCalls(session.id())).containsExactly(finished);
    }

    @Test
    void aToolCallWaitsForApprovalAndIsApprovedOrDeniedOnce() {
        AgentSession session = newSession(UUID.randomUUID());
        store.awaitApproval(session.id(), new ToolCall("shell_1", "shell", "{\"command\":\"curl x\"}"));
        store.awaitApproval(session.id(), new ToolCall("shell_2", "shell", "{\"command\":\"rm -rf /\"}"));

        SessionToolCall waiting = store.toolCalls(session.id()).getFirst();
        assertThat(waiting.status()).isEqualTo(ToolCallStatus.AWAITING_APPROVAL);
        assertThat(waiting.startedAt()).isEmpty();

        assertThat(store.approve(session.id(), "shell_1")).hasValueSatisfying(c -> {
            assertThat(c.status()).isEqualTo(ToolCallStatus.RUNNING);
            assertThat(c.startedAt()).isPresent();
        });
        assertThat(store.approve(session.id(), "shell_1")).isEmpty();
        assertThat(store.finishToolCall(session.id(), "shell_2", ToolCallStatus.DENIED, "denied by alice", Optional.empty()))
                .hasValueSatisfying(c -> assertThat(c.error()).isTrue());
        assertThat(store.approve(session.id(), "shell_2")).as("a denied call cannot be approved").isEmpty();
        assertThat(store.toolCalls(session.id())).extracting(SessionToolCall::status)
                .containsExactly(ToolCallStatus.RUNNING, ToolCallStatus.DENIED);
    }

    @Test
    void badToolCallsAreRefusedWithAReason() {
        AgentSession session = newSession(UUID.randomUUID());
        store.startToolCall(session.id(), new ToolCall("dup", "shell", "{}"));

        assertThatThrownBy(() -> store.startToolCall(session.id(), new ToolCall("dup", "shell", "{}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'dup' is already used");
        assertThatThrownBy(() -> store.startToolCall(UUID.randomUUID(), new ToolCall("x", "shell", "{}")))
                .isInstanceOf(SessionNotFoundException.class);
        assertThatThrownBy(() -> store.finishToolCall(session.id(), "dup", ToolCallStatus.RUNNING, "", Optional.empty()))
                .hasMessageContaining("finishes as");
        assertThatThrownBy(() -> store.finishToolCall(session.id(), "dup", ToolCallStatus.SUCCEEDED, "", Optional.of("{oops")))
                .hasMessageContaining("tool result must be JSON");
        assertThat(store.toolCalls(session.id())).singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo(ToolCallStatus.RUNNING));
    }

    @Test
    void eventsAreNumberedFromOneAndReplayedAfterAnyNumberExactlyAsSent() {
        AgentSession session = newSession(UUID.randomUUID());
        String spaced = "{ \"text\" : \"Hel\",  \"b\":1 , \"a\":[1, 2] }";

        SessionEvent first = store.appendEvent(session.id(), "message.delta", spaced);
        SessionEvent second = store.appendEvent(session.id(), "tool.started", "{\"id\":\"call_1\"}");
        SessionEvent third = store.appendEvent(session.id(), "done", "{}");

        assertThat(List.of(first, second, third)).extracting(SessionEvent::sequence).containsExactly(1L, 2L, 3L);
        assertThat(store.eventsAfter(session.id(), 0, 100)).containsExactly(first, second, third);
        assertThat(store.eventsAfter(session.id(), 1, 100)).containsExactly(second, third);
        assertThat(store.eventsAfter(session.id(), 1, 1)).containsExactly(second);
        assertThat(store.eventsAfter(session.id(), 3, 100)).isEmpty();
        assertThat(store.eventsAfter(session.id(), 0, 1).getFirst().data()).isEqualTo(spaced);
        assertThat(store.eventsAfter(newSession(UUID.randomUUID()).id(), 0, 100)).as("events of one session only").isEmpty();
    }

    @Test
    void aBatchOfEventsIsNumberedInOrderAfterSingleAppendsAndStoredWholeOrNotAtAll() {
        AgentSession session = newSession(UUID.randomUUID());
        store.appendEvent(session.id(), "message.delta", "{\"text\":\"a\"}");

        List<SessionEvent> batch = store.appendEvents(session.id(), List.of(
                new NewEvent("message.delta", "{\"text\":\"b\"}"),
                new NewEvent("message.delta", "{ \"text\" : \"c\" }"),
                new NewEvent("message.completed", "{}")));

        assertThat(batch).extracting(SessionEvent::sequence).containsExactly(2L, 3L, 4L);
        assertThat(batch).extracting(SessionEvent::type).containsExactly("message.delta", "message.delta", "message.completed");
        assertThat(store.eventsAfter(session.id(), 1, 100)).isEqualTo(batch);
        assertThat(batch.get(1).data()).isEqualTo("{ \"text\" : \"c\" }");
        assertThatThrownBy(() -> store.appendEvents(session.id(), List.of(new NewEvent("done", "{}"),
                new NewEvent("error", "{broken")))).hasMessageContaining("event data must be JSON");
        assertThat(store.appendEvents(session.id(), List.of())).isEmpty();
        assertThatThrownBy(() -> store.appendEvents(UUID.randomUUID(), List.of(new NewEvent("done", "{}"))))
                .isInstanceOf(SessionNotFoundException.class);
        assertThat(store.appendEvent(session.id(), "done", "{}").sequence()).isEqualTo(5);
    }

    @Test
    void aStepsWritesAreStoredInOneGoInTheOrderGiven() {
        AgentSession session = newSession(UUID.randomUUID());
        store.appendMessage(session.id(), new ChatTurn.User("Why?"));
        store.appendEvent(session.id(), "message.delta", "{\"text\":\"a\"}");
        // Ids whose alphabetical order is not the order asked in: the calls keep the latter.
        var z = new ToolCall("z_call", "aggregate", "{}");
        var a = new ToolCall("a_call", "shell", "{\"command\":\"curl x\"}");
        var m = new ToolCall("m_call", "trace_search", "{}");
        // 30 of the 100 input tokens read from the provider's cache and 10 written to it, 5 of the 20 output reasoning.
        var usage = new ModelUsage(session.id(), session.workspaceId(), "user-1", "gpt-4o-mini",
                new TokenCounts(100, 20, 30, 10, 5), false, 42, true, Instant.parse("2026-03-02T10:00:00Z"));

        List<SessionEvent> reply = store.write(session.id(), new SessionWrites().usage(usage)
                .message(new ChatTurn.Assistant("", List.of(z, a, m)))
                .startCall(z).awaitApproval(a).startCall(m)
                .event("usage", "{\"input_tokens\":100}").event("tool.started", "{\"call_id\":\"z_call\"}")
                .event("tool.started", "{ \"call_id\" : \"m_call\" }")
                .status(SessionStatus.RUNNING));

        assertThat(reply).extracting(SessionEvent::sequence).containsExactly(2L, 3L, 4L);
        assertThat(store.eventsAfter(session.id(), 1, 100)).isEqualTo(reply);
        assertThat(reply.get(2).data()).isEqualTo("{ \"call_id\" : \"m_call\" }");
        assertThat(store.toolCalls(session.id())).extracting(SessionToolCall::callId, SessionToolCall::status)
                .containsExactly(tuple("z_call", ToolCallStatus.RUNNING), tuple("a_call", ToolCallStatus.AWAITING_APPROVAL),
                        tuple("m_call", ToolCallStatus.RUNNING));
        assertThat(store.toolCalls(session.id()).getFirst().startedAt()).isPresent();
        assertThat(store.sessionUsage(session.id())).isEqualTo(new UsageTotals(1, 100, 20, 30, 10, 5, 42, false, false));
        assertThat(store.get(session.id()).orElseThrow().status()).isEqualTo(SessionStatus.RUNNING);

        List<SessionEvent> results = store.write(session.id(), new SessionWrites()
                .finishCall("z_call", ToolCallStatus.SUCCEEDED, "3 rows", Optional.of("{\"rows\":3}"))
                .finishCall("m_call", ToolCallStatus.FAILED, "timed out", Optional.empty())
                .message(new ChatTurn.ToolResult("z_call", "aggregate", "3 rows"))
                .message(new ChatTurn.ToolResult("a_call", "shell", "denied"))
                .message(new ChatTurn.ToolResult("m_call", "trace_search", "timed out"))
                .event("tool.finished", "{\"call_id\":\"z_call\"}").event("tool.finished", "{\"call_id\":\"m_call\"}"));
        // A finish of a call that finished already leaves it as it was.
        store.write(session.id(), new SessionWrites().finishCall("z_call", ToolCallStatus.CANCELLED, "cancelled",
                Optional.empty()).status(SessionStatus.IDLE));

        assertThat(results).extracting(SessionEvent::sequence).containsExactly(5L, 6L);
        assertThat(store.toolCalls(session.id())).extracting(SessionToolCall::callId, SessionToolCall::status,
                        SessionToolCall::output, SessionToolCall::result)
                .containsExactly(tuple("z_call", ToolCallStatus.SUCCEEDED, Optional.of("3 rows"), Optional.of("{\"rows\": 3}")),
                        tuple("a_call", ToolCallStatus.AWAITING_APPROVAL, Optional.empty(), Optional.empty()),
                        tuple("m_call", ToolCallStatus.FAILED, Optional.of("timed out"), Optional.empty()));
        assertThat(store.messages(session.id())).extracting(SessionMessage::ordinal).containsExactly(1, 2, 3, 4, 5);
        assertThat(store.conversation(session.id())).containsExactly(new ChatTurn.User("Why?"),
                new ChatTurn.Assistant("", List.of(z, a, m)), new ChatTurn.ToolResult("z_call", "aggregate", "3 rows"),
                new ChatTurn.ToolResult("a_call", "shell", "denied"),
                new ChatTurn.ToolResult("m_call", "trace_search", "timed out"));
        assertThat(store.get(session.id()).orElseThrow().status()).isEqualTo(SessionStatus.IDLE);
        assertThat(store.lastEventSequence(session.id())).isEqualTo(6);
    }

    @Test
    void aStepsWritesAreStoredWholeOrNotAtAllButUsageOutlivesADeletedSession() {
        AgentSession session = newSession(UUID.randomUUID());
        store.startToolCall(session.id(), new ToolCall("dup", "shell", "{}"));
        var usage = new ModelUsage(session.id(), session.workspaceId(), "user-1", "gpt-4o-mini", TokenCounts.of(100, 20),
                false, 42, true, Instant.now());

        assertThatThrownBy(() -> store.write(session.id(), new SessionWrites().usage(usage)
                .message(new ChatTurn.Assistant("", List.of(new ToolCall("dup", "shell", "{}"))))
                .startCall(new ToolCall("dup", "shell", "{}")).event("usage", "{}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already used");
        assertThatThrownBy(() -> store.write(session.id(), new SessionWrites().usage(usage).event("usage", "{broken")))
                .hasMessageContaining("event data must be JSON");
        assertThat(store.sessionUsage(session.id()).modelCalls()).isZero();
        assertThat(store.messages(session.id())).isEmpty();
        assertThat(store.lastEventSequence(session.id())).isZero();

        store.delete(session.id());
        assertThatThrownBy(() -> store.write(session.id(), new SessionWrites().usage(usage)
                .message(new ChatTurn.Assistant("Done.", List.of())).event("usage", "{}")))
                .isInstanceOf(SessionNotFoundException.class);
        assertThat(store.sessionUsage(session.id())).as("it was spent")
                .isEqualTo(new UsageTotals(1, 100, 20, 0, 0, 0, 42, false, false));
        assertThat(store.eventsAfter(session.id(), 0, 100)).isEmpty();
    }

    @Test
    void badEventsAreRefusedAndTakeNoNumber() {
        AgentSession session = newSession(UUID.randomUUID());

        assertThatThrownBy(() -> store.appendEvent(session.id(), "Tool Started", "{}"))
                .hasMessageContaining("dotted lowercase name");
        assertThatThrownBy(() -> store.appendEvent(session.id(), "usage", "{\"tokens\":"))
                .hasMessageContaining("event data must be JSON");
        assertThatThrownBy(() -> store.eventsAfter(session.id(), -1, 10)).hasMessageContaining("0 or more");
        assertThatThrownBy(() -> store.appendEvent(UUID.randomUUID(), "done", "{}"))
                .isInstanceOf(SessionNotFoundException.class);

        assertThat(store.appendEvent(session.id(), "done", "{}").sequence()).isEqualTo(1);
    }

    @Test
    void concurrentAppendsToOneSessionGetDistinctGapFreeNumbersAndAReaderNeverSeesAGap() throws Exception {
        AgentSession session = newSession(UUID.randomUUID());
        int threads = 8;
        int perThread = 200;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Long>>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads + 1)) {
            for (int t = 0; t < threads; t++) {
                SessionStore instance = database.newStore(); // each thread its own connection
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    List<Long> numbers = new ArrayList<>();
                    if (thread % 2 == 0) {
                        for (int i = 0; i < perThread; i++) {
                            numbers.add(instance.appendEvent(session.id(), "message.delta",
                                    "{\"thread\":" + thread + ",\"i\":" + i + "}").sequence());
                        }
                    } else { // half the threads append in batches of 10
                        for (int i = 0; i < perThread; i += 10) {
                            List<NewEvent> batch = new ArrayList<>();
                            for (int j = i; j < i + 10; j++) {
                                batch.add(new NewEvent("message.delta", "{\"thread\":" + thread + ",\"i\":" + j + "}"));
                            }
                            List<Long> batchNumbers = instance.appendEvents(session.id(), batch).stream()
                                    .map(SessionEvent::sequence).toList();
                            assertThat(batchNumbers).as("a batch is numbered consecutively")
                                    .isEqualTo(LongStream.range(batchNumbers.getFirst(), batchNumbers.getFirst() + 10)
                                            .boxed().toList());
                            numbers.addAll(batchNumbers);
                        }
                    }
                    return numbers;
                }));
            }
            AtomicBoolean writing = new AtomicBoolean(true);
            SessionStore reader = database.newStore();
            Future<Long> tailed = pool.submit(() -> {
                // Tails the log as an SSE stream would: each read continues after the last number seen.
                long last = 0;
                while (writing.get() || last < (long) threads * perThread) {
                    for (SessionEvent event : reader.eventsAfter(session.id(), last, 500)) {
                        assertThat(event.sequence()).as("a reader never sees a number before all those below it")
                                .isEqualTo(last + 1);
                        last = event.sequence();
                    }
                    if (!writing.get() && results.stream().anyMatch(f -> f.state() == Future.State.FAILED)) {
                        break;
                    }
                }
                return last;
            });
            start.countDown();
            List<Long> all = new ArrayList<>();
            try {
                for (Future<List<Long>> result : results) {
                    List<Long> numbers = result.get();
                    assertThat(numbers).as("one thread's appends are numbered in its order").isSorted();
                    all.addAll(numbers);
                }
            } finally {
                writing.set(false);
            }
            assertThat(tailed.get()).isEqualTo((long) threads * perThread);
            assertThat(all).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, threads * perThread).boxed().toList());
        }
        List<SessionEvent> replay = store.eventsAfter(session.id(), 0, SessionStore.MAX_EVENTS_PER_READ);
        assertThat(replay).extracting(SessionEvent::sequence)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, threads * perThread).boxed().toList());
    }

    @Test
    void anotherStoreOnTheSameDatabaseSeesTheWholeSessionAndContinuesIt() {
        AgentSession session = newSession(UUID.randomUUID());
        store.appendMessage(session.id(), new ChatTurn.User("why is checkout slow?"));
        store.appendMessage(session.id(), new ChatTurn.Assistant("", List.of(new ToolCall("c1", "aggregate", "{}"))));
        store.startToolCall(session.id(), new ToolCall("c1", "aggregate", "{}"));
        store.appendEvent(session.id(), "tool.started", "{\"id\":\"c1\"}");
        store.awaitApproval(session.id(), new ToolCall("c2", "shell", "{\"command\":\"ls\"}"));
        store.appendEvent(session.id(), "approval.required", "{\"id\":\"c2\"}");
        store.setStatus(session.id(), SessionStatus.AWAITING_APPROVAL);

        SessionStore restarted = database.newStore();

        assertThat(restarted.get(session.id())).hasValueSatisfying(s -> {
            assertThat(s.title()).isEqualTo(session.title());
            assertThat(s.status()).isEqualTo(SessionStatus.AWAITING_APPROVAL);
        });
        assertThat(restarted.conversation(session.id())).isEqualTo(store.conversation(session.id()));
        assertThat(restarted.toolCalls(session.id())).extracting(SessionToolCall::callId, SessionToolCall::status)
                .containsExactly(tuple("c1", ToolCallStatus.RUNNING),
                        tuple("c2", ToolCallStatus.AWAITING_APPROVAL));
        assertThat(restarted.eventsAfter(session.id(), 0, 100)).extracting(SessionEvent::type)
                .containsExactly("tool.started", "approval.required");

        assertThat(restarted.approve(session.id(), "c2")).isPresent();
        assertThat(restarted.appendMessage(session.id(), new ChatTurn.ToolResult("c1", "aggregate", "ok")).ordinal())
                .isEqualTo(3);
        assertThat(restarted.appendEvent(session.id(), "tool.finished", "{\"id\":\"c1\"}").sequence()).isEqualTo(3);
        assertThat(store.eventsAfter(session.id(), 2, 100)).extracting(SessionEvent::type).containsExactly("tool.finished");
    }

    @Test
    void usageAddsUpPerSessionAndPerWorkspaceWithinAPeriod() {
        UUID workspace = UUID.randomUUID();
        AgentSession one = store.create(workspace, UUID.randomUUID(), "alice", "one", "gpt-4o");
        AgentSession two = store.create(workspace, UUID.randomUUID(), "bob", "two", "mystery-model");
        AgentSession elsewhere = newSession(UUID.randomUUID());
        Instant march = Instant.parse("2026-03-10T12:00:00Z");
        Instant april = Instant.parse("2026-04-02T08:00:00Z");
        store.recordUsage(new ModelUsage(one.id(), workspace, "alice", "gpt-4o", new TokenCounts(1000, 200, 400, 0, 50),
                false, 4500, true, march));
        store.recordUsage(new ModelUsage(one.id(), workspace, "alice", "gpt-4o", new TokenCounts(2000, 100, 0, 300, 0),
                true, 6000, true, april));
        store.recordUsage(new ModelUsage(two.id(), workspace, "bob", "mystery-model", TokenCounts.of(50, 50), false, 0,
                false, march));
        store.recordUsage(new ModelUsage(elsewhere.id(), elsewhere.workspaceId(), "user-1", "gpt-4o",
                new TokenCounts(9, 9, 9, 0, 9), false, 9, true, march));

        assertThat(store.sessionUsage(one.id())).isEqualTo(new UsageTotals(2, 3000, 300, 400, 300, 50, 10_500, true, false));
        assertThat(store.sessionUsage(two.id())).isEqualTo(new UsageTotals(1, 50, 50, 0, 0, 0, 0, false, true));
        assertThat(store.sessionUsage(newSession(UUID.randomUUID()).id())).isEqualTo(UsageTotals.NONE);
        assertThat(store.workspaceUsage(workspace, Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z")))
                .isEqualTo(new UsageTotals(2, 1050, 250, 400, 0, 50, 4500, false, true));
        assertThat(store.workspaceUsage(workspace, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z")))
                .isEqualTo(new UsageTotals(3, 3050, 350, 400, 300, 50, 10_500, true, true));
        assertThat(store.workspaceUsage(workspace, april, april.plusSeconds(1)).modelCalls()).as("from is inclusive").isEqualTo(1);
        assertThat(store.workspaceUsage(workspace, march.minusSeconds(1), march).modelCalls()).as("to is exclusive").isZero();
        assertThatThrownBy(() -> store.workspaceUsage(workspace, april, march)).hasMessageContaining("must end after");
    }
}
