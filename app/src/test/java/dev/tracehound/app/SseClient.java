package dev.tracehound.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Server-Sent Events client for tests, reading the stream as a browser's EventSource does:
 * {@code id}, {@code event} and {@code data} fields, events ended by a blank line, comments
 * (heartbeats) counted but not returned.
 */
final class SseClient {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SseClient() {}

    record Event(long id, String type, JsonNode data) {}

    /** A stream being read on a thread of its own; {@link #next} takes its events one by one. */
    static final class Stream implements AutoCloseable {
        private static final Event END = new Event(-1, "", null);

        private final int status;
        private final String errorBody;
        private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final java.util.stream.Stream<String> lines;
        private volatile int comments;

        private Stream(HttpResponse<java.util.stream.Stream<String>> response) {
            this.status = response.statusCode();
            this.lines = response.body();
            if (status != 200) {
                this.errorBody = String.join("\n", lines.toList());
                events.add(END);
                return;
            }
            this.errorBody = null;
            Thread.ofVirtual().start(this::read);
        }

        int status() {
            return status;
        }

        String errorBody() {
            return errorBody;
        }

        int comments() {
            return comments;
        }

        /** The next event, or null when the stream ended or nothing came within {@code timeout}. */
        Event next(Duration timeout) throws InterruptedException {
            Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (event == END) {
                events.add(END);
                return null;
            }
            return event;
        }

        /** Every event up to the stream's end; fails when it does not end within {@code timeout}. */
        List<Event> untilEnd(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            var all = new ArrayList<Event>();
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the stream did not end within " + timeout + "; got " + types(all));
                }
                Event event = events.poll(left, TimeUnit.NANOSECONDS);
                if (event == END) {
                    events.add(END);
                    return all;
                }
                if (event != null) {
                    all.add(event);
                }
            }
        }

        /** Events until one of this type (included); fails when none comes within {@code timeout}. */
        List<Event> until(String type, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            var all = new ArrayList<Event>();
            while (true) {
                long left = deadline - System.nanoTime();
                Event event = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
                if (event == null || event == END) {
                    throw new AssertionError("no " + type + " event within " + timeout + "; got " + types(all));
                }
                all.add(event);
                if (event.type().equals(type)) {
                    return all;
                }
            }
        }

        private void read() {
            long id = -1;
            String type = "message";
            var data = new StringBuilder();
            try {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.isEmpty()) {
                        if (!data.isEmpty()) {
                            events.add(new Event(id, type, JSON.readTree(data.toString())));
                        }
                        id = -1;
                        type = "message";
                        data.setLength(0);
                    } else if (line.startsWith(":")) {
                        comments++;
                    } else if (line.startsWith("id:")) {
                        id = Long.parseLong(value(line));
                    } else if (line.startsWith("event:")) {
                        type = value(line);
                    } else if (line.startsWith("data:")) {
                        if (!data.isEmpty()) {
                            data.append('\n');
                        }
                        data.append(value(line));
                    }
                }
            } catch (RuntimeException e) {
                // the stream was closed by this side, or broke: either way it has ended
            } finally {
                events.add(END);
            }
        }

        private static String value(String line) {
            String value = line.substring(line.indexOf(':') + 1);
            return value.startsWith(" ") ? value.substring(1) : value;
        }

        @Override
        public void close() {
            lines.close();
        }
    }

    static Stream post(String url, String key, String body) throws Exception {
        return open(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), key, null);
    }

    static Stream get(String url, String key, String lastEventId) throws Exception {
        return open(HttpRequest.newBuilder(URI.create(url)).GET(), key, lastEventId);
    }

    private static Stream open(HttpRequest.Builder request, String key, String lastEventId) throws Exception {
        request.header("Accept", "text/event-stream").header("Authorization", "Bearer " + key);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return new Stream(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
    }

    static List<String> types(List<Event> events) {
        return events.stream().map(Event::type).toList();
    }
}
