package dev.tracehound.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Java end of the command runner ({@code runner.py}), the container's main process: requests
 * go to its stdin and events come from its stdout over one attached connection, so a command costs
 * a fork in the container instead of a {@code docker exec}. When the connection ends the runner
 * sees the end of its input and exits, and with it the container: a sandbox never outlives the
 * process that drives it.
 */
final class CommandRunner implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(CommandRunner.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /**
     * The runner's source travels in this variable, which the runner removes before it starts
     * commands: as an argument it would fill every {@code ps} listing a model asks for.
     */
    static final String SOURCE_VARIABLE = "TRACEHOUND_RUNNER";
    static final String SOURCE = script();
    static final List<String> COMMAND = List.of("python3", "-I", "-u", "-c",
            "import os; exec(os.environ.pop('" + SOURCE_VARIABLE + "'))");

    /** What one command hears from the runner, on the connection's thread: keep it short. */
    interface Listener {
        void output(OutputChunk.Stream stream, byte[] bytes);

        void exited(int exitCode, boolean stdoutCut, boolean stderrCut);

        /** The runner could not start the command (e.g. the process limit is reached). */
        void failed(String message);

        /** The connection to the runner ended: the sandbox is gone, or going. */
        void lost();
    }

    private final String containerId;
    private final Requests requests = new Requests();
    private final Map<String, Listener> listeners = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> attached = new CompletableFuture<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final ByteArrayOutputStream partialLine = new ByteArrayOutputStream();
    private final StringBuilder diagnostics = new StringBuilder();
    private volatile boolean lost;

    private CommandRunner(String containerId) {
        this.containerId = containerId;
    }

    /** Attaches to the (created, not yet started) container, so no event is missed. */
    static CommandRunner attach(DockerClient client, String containerId, Duration within) {
        var runner = new CommandRunner(containerId);
        client.attachContainerCmd(containerId)
                .withStdIn(runner.requests)
                .withStdOut(true)
                .withStdErr(true)
                .withFollowStream(true)
                .exec(runner.new Events());
        runner.await(runner.attached, within, "attaching to");
        return runner;
    }

    /** Waits for the runner's first word after the container started. */
    void awaitReady(Duration within) {
        await(ready, within, "starting the command runner in");
    }

    /** What the runner wrote to its stderr (a Python error, say): for error messages. */
    String diagnostics() {
        synchronized (diagnostics) {
            return diagnostics.toString().strip();
        }
    }

    boolean lost() {
        return lost;
    }

    void run(String id, Command command, String defaultCwd, Listener listener) {
        if (lost) {
            listener.lost();
            return;
        }
        var request = new LinkedHashMap<String, Object>();
        request.put("op", "run");
        request.put("id", id);
        request.put("argv", command.argv());
        request.put("cwd", command.cwd().orElse(defaultCwd));
        request.put("env", command.env());
        request.put("stdin", command.stdin().map(bytes -> Base64.getEncoder().encodeToString(bytes)).orElse(null));
        request.put("limit", command.outputLimit());
        listeners.put(id, listener);
        send(request);
        // the connection may have ended between the check and the registration
        if (lost && listeners.remove(id) != null) {
            listener.lost();
        }
    }

    void signal(String id, int signal) {
        if (!lost && listeners.containsKey(id)) {
            send(Map.of("op", "signal", "id", id, "signal", signal));
        }
    }

    @Override
    public void close() {
        requests.end();
    }

    private void send(Map<String, ?> request) {
        requests.put((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private void await(CompletableFuture<Void> step, Duration within, String what) {
        try {
            step.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(SandboxException.Reason.REFUSED, "interrupted while " + what + " sandbox "
                    + containerId, e);
        } catch (ExecutionException e) {
            throw new SandboxException(SandboxException.Reason.REFUSED, what + " sandbox " + containerId
                    + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new SandboxException(SandboxException.Reason.REFUSED, what + " sandbox " + containerId
                    + " took more than " + within.toMillis() + " ms", e);
        }
    }

    private void line(byte[] bytes) {
        JsonNode event = JSON.readTree(bytes);
        String type = event.path("ev").asString();
        if (type.equals("ready")) {
            ready.complete(null);
            return;
        }
        String id = event.path("id").asString();
        Listener listener = type.equals("out") ? listeners.get(id) : listeners.remove(id);
        if (listener == null) {
            return;
        }
        switch (type) {
            case "out" -> listener.output(event.path("fd").asInt() == 2 ? OutputChunk.Stream.STDERR
                    : OutputChunk.Stream.STDOUT, Base64.getDecoder().decode(event.path("data").asString()));
            case "exit" -> listener.exited(event.path("code").asInt(), event.path("cut").path(0).asBoolean(),
                    event.path("cut").path(1).asBoolean());
            case "fail" -> listener.failed(event.path("message").asString());
            default -> log.warn("sandbox {}: unknown event from the command runner: {}", containerId, event);
        }
    }

    private final class Events extends ResultCallback.Adapter<Frame> {

        @Override
        public void onStart(Closeable stream) {
            super.onStart(stream);
            attached.complete(null);
        }

        @Override
        public void onNext(Frame frame) {
            if (frame.getStreamType() == StreamType.STDERR) {
                synchronized (diagnostics) {
                    if (diagnostics.length() < 4096) {
                        diagnostics.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    }
                }
                log.debug("sandbox {} runner: {}", containerId, new String(frame.getPayload(), StandardCharsets.UTF_8));
                return;
            }
            byte[] payload = frame.getPayload();
            int from = 0;
            for (int i = 0; i < payload.length; i++) {
                if (payload[i] == '\n') {
                    partialLine.write(payload, from, i - from);
                    from = i + 1;
                    byte[] complete = partialLine.toByteArray();
                    partialLine.reset();
                    try {
                        line(complete);
                    } catch (RuntimeException e) {
                        log.warn("sandbox {}: an event from the command runner could not be handled", containerId, e);
                    }
                }
            }
            partialLine.write(payload, from, payload.length - from);
        }

        @Override
        public void onError(Throwable failure) {
            log.debug("sandbox {}: the connection to the command runner failed", containerId, failure);
            ended(failure);
        }

        @Override
        public void onComplete() {
            ended(new IOException("the command runner ended"));
        }

        private void ended(Throwable why) {
            lost = true;
            requests.end();
            attached.completeExceptionally(why);
            ready.completeExceptionally(why);
            for (String id : List.copyOf(listeners.keySet())) {
                Listener listener = listeners.remove(id);
                if (listener != null) {
                    listener.lost();
                }
            }
        }
    }

    /** The runner's stdin: what {@link #send} queued, until {@link #end}. */
    private static final class Requests extends InputStream {

        private static final byte[] END = new byte[0];
        private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
        private byte[] current = new byte[0];
        private int position;
        private volatile boolean ended;

        void put(byte[] bytes) {
            if (!ended) {
                queue.add(bytes);
            }
        }

        void end() {
            ended = true;
            queue.add(END);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (position == current.length) {
                if (current == END) {
                    return -1;
                }
                try {
                    current = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
                position = 0;
                if (current == END) {
                    queue.add(END);
                    return -1;
                }
            }
            int take = Math.min(length, current.length - position);
            System.arraycopy(current, position, buffer, offset, take);
            position += take;
            return take;
        }
    }

    private static String script() {
        try (InputStream in = CommandRunner.class.getResourceAsStream("runner.py")) {
            if (in == null) {
                throw new IllegalStateException("runner.py is missing from the sandbox module's resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
