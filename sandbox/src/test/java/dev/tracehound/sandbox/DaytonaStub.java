package dev.tracehound.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local stand-in for Daytona's API and toolbox daemon, answering with the documented shapes
 * (see {@link DaytonaSandboxProvider}). Commands really run on this host, split the way the
 * daemon splits them (its parseCommand, ported), in a new process group as the daemon starts
 * them; {@code /workspace} maps to a temporary directory, {@code /tmp} is the host's.
 */
final class DaytonaStub implements AutoCloseable {

    static final String KEY = "dtn_test_key_0123456789";
    private static final Pattern TOOLBOX = Pattern.compile("/api/toolbox/([^/]+)/toolbox(/.*)");
    private static final Pattern SANDBOX = Pattern.compile("/api/sandbox/([^/]+)");
    private static final Pattern PID_FILE = Pattern.compile("/tmp/\\.tracehound-[0-9a-f-]+\\.pid");

    record Request(String method, String path, String query, Map<String, String> headers, byte[] body) {
        String route() {
            return method + " " + path;
        }

        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private record Canned(int status, byte[] body) {
        Canned(int status, String body) {
            this(status, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Sandbox id → its state; a GET moves creating → starting → started. */
    final Map<String, String> sandboxes = new ConcurrentHashMap<>();
    /** The pid files of the commands the stub started, so a test knows a command is running. */
    final List<Path> pidFiles = new CopyOnWriteArrayList<>();
    /** The state a new sandbox ends in after starting. */
    volatile String finalState = "started";

    private final Map<String, Deque<Canned>> canned = new HashMap<>();
    private final Map<String, Canned> always = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final HttpServer server;
    private final Path root;

    DaytonaStub() throws IOException {
        root = Files.createTempDirectory("daytona-stub");
        Files.createDirectories(root.resolve("workspace"));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api");
    }

    Path workspace() {
        return root.resolve("workspace");
    }

    /** The next {@code times} requests to {@code route} (e.g. "POST /api/sandbox") get this answer. */
    synchronized void answerNext(String route, int times, int status, String body) {
        var queue = canned.computeIfAbsent(route, r -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(new Canned(status, body));
        }
    }

    void answerAlways(String route, int status, String body) {
        always.put(route, new Canned(status, body));
    }

    List<Request> requests(String route) {
        return requests.stream().filter(r -> r.route().equals(route)).toList();
    }

    private synchronized Canned nextCanned(String route) {
        var queue = canned.get(route);
        return queue == null ? null : queue.poll();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.getFirst()));
            var request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), headers, exchange.getRequestBody().readAllBytes());
            requests.add(request);
            Canned answer = always.getOrDefault(request.route(), nextCanned(request.route()));
            if (answer == null) {
                answer = answer(request);
            }
            byte[] body = answer.body();
            boolean json = body.length > 0 && (body[0] == '{' || body[0] == '[');
            exchange.getResponseHeaders().add("Content-Type", json ? "application/json" : "application/octet-stream");
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    private static Canned error(int status, String error, String message) {
        ObjectNode node = JSON.createObjectNode().put("statusCode", status).put("message", message)
                .put("error", error);
        return new Canned(status, node.toString());
    }

    private Canned answer(Request request) throws IOException {
        if (!("Bearer " + KEY).equals(request.header("Authorization"))) {
            return error(401, "Unauthorized", "Invalid API key");
        }
        if (request.route().equals("POST /api/sandbox")) {
            String snapshot = request.json().path("snapshot").asString();
            if (snapshot.startsWith("missing")) {
                return error(404, "Not Found", "Snapshot " + snapshot + " not found");
            }
            String id = "sbx-" + ids.incrementAndGet();
            sandboxes.put(id, "creating");
            return new Canned(200, JSON.createObjectNode().put("id", id).put("state", "creating")
                    .put("snapshot", snapshot).toString());
        }
        Matcher sandbox = SANDBOX.matcher(request.path());
        if (sandbox.matches()) {
            String id = sandbox.group(1);
            String state = sandboxes.get(id);
            if (state == null) {
                return error(404, "Not Found", "Sandbox with ID " + id + " not found");
            }
            if (request.method().equals("DELETE")) {
                sandboxes.remove(id);
                return new Canned(200, "");
            }
            String next = switch (state) {
                case "creating" -> "starting";
                case "starting" -> finalState;
                default -> state;
            };
            sandboxes.put(id, next);
            ObjectNode node = JSON.createObjectNode().put("id", id).put("state", next);
            if (next.equals("error")) {
                node.put("errorReason", "no runner available");
            }
            return new Canned(200, node.toString());
        }
        Matcher toolbox = TOOLBOX.matcher(request.path());
        if (toolbox.matches()) {
            if (!sandboxes.containsKey(toolbox.group(1))) {
                return error(404, "Not Found", "Sandbox with ID " + toolbox.group(1) + " not found");
            }
            return toolbox(request, toolbox.group(2));
        }
        return error(404, "Not Found", "Cannot " + request.route());
    }

    private Canned toolbox(Request request, String route) throws IOException {
        String path = query(request.query()).get("path");
        switch (request.method() + " " + route) {
            case "POST /process/execute" -> {
                return execute(request.json());
            }
            case "POST /files/upload" -> {
                Path target = local(path);
                Files.createDirectories(target.getParent());
                Files.write(target, multipartFile(request));
                return new Canned(200, "");
            }
            case "GET /files/download" -> {
                Path target = local(path);
                if (!Files.isRegularFile(target)) {
                    return error(404, "Not Found", "stat " + path + ": no such file or directory");
                }
                return new Canned(200, Files.readAllBytes(target));
            }
            case "GET /files" -> {
                Path target = local(path);
                if (!Files.isDirectory(target)) {
                    return error(404, "Not Found", "open " + path + ": no such file or directory");
                }
                var list = JSON.createArrayNode();
                try (var entries = Files.list(target)) {
                    for (Path entry : entries.toList()) {
                        list.addObject().put("name", entry.getFileName().toString())
                                .put("isDir", Files.isDirectory(entry))
                                .put("size", Files.isDirectory(entry) ? 4096 : Files.size(entry))
                                .put("modTime", "2026-11-22T05:00:00Z").put("mode", "-rw-r--r--")
                                .put("permissions", "0644").put("owner", "daytona").put("group", "daytona");
                    }
                }
                return new Canned(200, list.toString());
            }
            default -> {
                return error(404, "Not Found", "Cannot " + request.route());
            }
        }
    }

    /** The daemon's execute: split, run with combined output, kill the group after the timeout. */
    private Canned execute(JsonNode body) throws IOException {
        List<String> argv = new ArrayList<>(List.of("setsid"));
        argv.addAll(parseCommand(body.path("command").asString()));
        var builder = new ProcessBuilder(argv).redirectErrorStream(true);
        if (body.has("cwd")) {
            builder.directory(local(body.path("cwd").asString()).toFile());
        }
        Matcher pid = PID_FILE.matcher(body.path("command").asString());
        if (pid.find() && !body.path("command").asString().contains("kill -")) {
            pidFiles.add(Path.of(pid.group()));
        }
        Process process = builder.start();
        byte[][] result = new byte[1][];
        Thread output = Thread.ofVirtual().start(() -> {
            try {
                result[0] = process.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        long timeout = body.path("timeout").asLong(360);
        try {
            if (!process.waitFor(timeout, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                return error(408, "Request Timeout", "Command execution timed out after " + timeout
                        + " seconds. The timeout can be increased by adjusting the timeout parameter in the request.");
            }
            output.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Canned(200, JSON.createObjectNode().put("exitCode", process.exitValue())
                .put("result", new String(result[0], StandardCharsets.UTF_8)).toString());
    }

    /** Daytona daemon's parseCommand (apps/daemon/pkg/toolbox/process/execute/execute.go), in Java. */
    static List<String> parseCommand(String command) {
        List<String> args = new ArrayList<>();
        var current = new StringBuilder();
        boolean inQuotes = false;
        int quoteChar = 0;
        for (int r : command.codePoints().toArray()) {
            if (r == '"' || r == '\'') {
                if (!inQuotes) {
                    inQuotes = true;
                    quoteChar = r;
                } else if (quoteChar == r) {
                    inQuotes = false;
                    quoteChar = 0;
                } else {
                    current.appendCodePoint(r);
                }
            } else if (r == ' ' && !inQuotes) {
                if (!current.isEmpty()) {
                    args.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.appendCodePoint(r);
            }
        }
        if (!current.isEmpty()) {
            args.add(current.toString());
        }
        return args;
    }

    private Path local(String path) {
        if (path.equals("/workspace") || path.startsWith("/workspace/")) {
            return root.resolve(path.substring(1));
        }
        if (path.startsWith("/tmp/")) {
            return Path.of(path);
        }
        throw new IllegalArgumentException("the stub maps only /workspace and /tmp, not " + path);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    /** The bytes of the multipart part named {@code file}. */
    private static byte[] multipartFile(Request request) {
        String type = request.header("Content-Type");
        String boundary = type.substring(type.indexOf("boundary=") + "boundary=".length());
        String body = new String(request.body(), StandardCharsets.ISO_8859_1);
        int part = body.indexOf("Content-Disposition: form-data; name=\"file\"");
        int start = body.indexOf("\r\n\r\n", part) + 4;
        int end = body.indexOf("\r\n--" + boundary + "--", start);
        if (part < 0 || end < 0) {
            throw new IllegalArgumentException("no multipart field 'file'");
        }
        return body.substring(start, end).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        try (var files = Files.walk(root)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(file -> file.toFile().delete());
        }
        for (Path pidFile : pidFiles) {
            Files.deleteIfExists(pidFile);
        }
    }
}
