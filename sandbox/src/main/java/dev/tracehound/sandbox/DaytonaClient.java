package dev.tracehound.sandbox;

import dev.tracehound.sandbox.SandboxException.Reason;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The few Daytona REST calls the provider needs, with authentication, retries and the mapping of
 * HTTP failures to {@link SandboxException}s. See {@link DaytonaSandboxProvider} for the sources
 * of every path and field.
 */
final class DaytonaClient {

    static final String ORGANIZATION_HEADER = "X-Daytona-Organization-ID";
    /** Answered by the toolbox when a command passes its timeout (the daemon's RequestTimeoutError). */
    static final int REQUEST_TIMEOUT = 408;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final DaytonaSettings settings;
    private final Duration firstBackoff;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();

    DaytonaClient(DaytonaSettings settings, Duration firstBackoff) {
        this.settings = settings;
        this.firstBackoff = firstBackoff;
        this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
    }

    JsonMapper json() {
        return json;
    }

    URI baseUrl() {
        return settings.baseUrl();
    }

    /** POST /sandbox; a 404 means the snapshot (our image) does not exist. */
    JsonNode createSandbox(JsonNode body) {
        Answer answer = send(jsonRequest("/sandbox", body, settings.requestTimeout()), true);
        return readJson(expectSuccess(answer, "create a sandbox", Reason.IMAGE_NOT_FOUND));
    }

    /** GET /sandbox/{id}. */
    JsonNode getSandbox(String id) {
        Answer answer = send(request("/sandbox/" + encode(id), settings.requestTimeout()).GET(), true);
        return readJson(expectSuccess(answer, "read sandbox " + id, Reason.SANDBOX_GONE));
    }

    /** DELETE /sandbox/{id}; a sandbox already gone is fine. */
    void deleteSandbox(String id) {
        Answer answer = send(request("/sandbox/" + encode(id), settings.requestTimeout()).DELETE(), true);
        if (answer.status() != 404) {
            expectSuccess(answer, "delete sandbox " + id, Reason.SANDBOX_GONE);
        }
    }

    /**
     * POST /toolbox/{id}/toolbox/process/execute. Never retried: the command may have run. Returns
     * the raw answer so the caller can read a 408 as the command's timeout.
     */
    Answer execute(String id, String command, String cwd, long timeoutSeconds) {
        var body = json.createObjectNode().put("command", command).put("timeout", timeoutSeconds);
        if (cwd != null) {
            body.put("cwd", cwd);
        }
        Duration httpTimeout = settings.requestTimeout().plusSeconds(timeoutSeconds);
        Answer answer = send(jsonRequest(toolbox(id, "/process/execute"), body, httpTimeout), false);
        if (answer.status() == REQUEST_TIMEOUT) {
            return answer;
        }
        expectSuccess(answer, "run a command in sandbox " + id, Reason.SANDBOX_GONE);
        return answer;
    }

    /** POST /toolbox/{id}/toolbox/files/upload?path=…, multipart field {@code file}. */
    void upload(String id, String path, byte[] content) {
        String boundary = "tracehound-" + UUID.randomUUID();
        String name = path.substring(path.lastIndexOf('/') + 1);
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + name.replace("\"", "%22") + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        var builder = request(toolbox(id, "/files/upload?path=" + encode(path)), settings.requestTimeout())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(BodyPublishers.concat(BodyPublishers.ofByteArray(head), BodyPublishers.ofByteArray(content),
                        BodyPublishers.ofByteArray(tail)));
        expectFileSuccess(send(builder, true), "write " + path + " in sandbox " + id);
    }

    /** GET /toolbox/{id}/toolbox/files/download?path=… → the raw bytes. */
    byte[] download(String id, String path) {
        var builder = request(toolbox(id, "/files/download?path=" + encode(path)), settings.requestTimeout()).GET();
        return expectFileSuccess(send(builder, true), "read " + path + " in sandbox " + id);
    }

    /** GET /toolbox/{id}/toolbox/files?path=… → [FileInfo{name, isDir, size, …}]. */
    JsonNode listFiles(String id, String path) {
        var builder = request(toolbox(id, "/files?path=" + encode(path)), settings.requestTimeout()).GET();
        return readJson(expectFileSuccess(send(builder, true), "list " + path + " in sandbox " + id));
    }

    /** An HTTP status and body. */
    record Answer(int status, byte[] body, int tries) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    JsonNode readJson(byte[] body) {
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw new SandboxException(Reason.REFUSED, "Daytona at " + settings.baseUrl()
                    + " answered something that is not JSON: " + scrub(e.getOriginalMessage()), e);
        }
    }

    private static String toolbox(String id, String rest) {
        return "/toolbox/" + encode(id) + "/toolbox" + rest;
    }

    private HttpRequest.Builder jsonRequest(String path, JsonNode body, Duration timeout) {
        return request(path, timeout).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        var builder = HttpRequest.newBuilder(URI.create(settings.baseUrl() + path)).timeout(timeout)
                .header("Authorization", "Bearer " + settings.apiKey())
                .header("Accept", "application/json");
        settings.organizationId().ifPresent(id -> builder.header(ORGANIZATION_HEADER, id));
        return builder;
    }

    /**
     * Sends, retrying 5xx and 429 answers and connection failures with exponential backoff when
     * {@code retry}; after the last try such an answer is returned to the caller, a connection failure thrown.
     */
    private Answer send(HttpRequest.Builder builder, boolean retry) {
        HttpRequest request = builder.build();
        int tries = retry ? settings.maxRetries() + 1 : 1;
        List<String> failures = new ArrayList<>();
        IOException lastError = null;
        for (int attempt = 0; attempt < tries; attempt++) {
            if (attempt > 0) {
                sleep(backoff(attempt));
            }
            try {
                var response = http.send(request, BodyHandlers.ofByteArray());
                if (!retryable(response.statusCode()) || attempt == tries - 1) {
                    return new Answer(response.statusCode(), response.body(), attempt + 1);
                }
                failures.add("HTTP " + response.statusCode());
            } catch (IOException e) {
                lastError = e;
                failures.add(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxException(Reason.UNAVAILABLE, "interrupted while calling Daytona at "
                        + settings.baseUrl(), e);
            }
        }
        throw new SandboxException(Reason.UNAVAILABLE, "Daytona at " + settings.baseUrl() + " could not be reached ("
                + request.method() + " " + request.uri().getPath() + ", " + tries + " tries: "
                + scrub(String.join("; ", failures)) + ")", lastError);
    }

    /** 5xx, and 429 from Daytona's rate limiter. */
    private static boolean retryable(int status) {
        return status >= 500 || status == 429;
    }

    private Duration backoff(int attempt) {
        Duration delay = firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 16));
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
    }

    private void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(Reason.UNAVAILABLE, "interrupted while waiting to retry Daytona at "
                    + settings.baseUrl(), e);
        }
    }

    /**
     * The toolbox daemon answers 403 for a file the sandbox user may not touch; the API answers
     * 401 for a bad key, so a 403 here is a path problem (the server's message says which).
     */
    private byte[] expectFileSuccess(Answer answer, String what) {
        if (answer.status() == 403) {
            throw new SandboxException(Reason.BAD_PATH, "Daytona could not " + what + " (HTTP 403): "
                    + scrub(errorMessage(answer)));
        }
        return expectSuccess(answer, what, Reason.SANDBOX_GONE);
    }

    /** The body of a 2xx answer, or the failure its status means. */
    private byte[] expectSuccess(Answer answer, String what, Reason onNotFound) {
        int status = answer.status();
        if (status >= 200 && status < 300) {
            return answer.body();
        }
        String detail = scrub(errorMessage(answer));
        String prefix = "Daytona could not " + what + " (HTTP " + status + ")";
        throw switch (status) {
            case 401, 403 -> new SandboxException(Reason.REFUSED, prefix + ": the API key was refused"
                    + (detail.isEmpty() ? "" : " (" + detail + ")") + "; check the key and the organization id");
            case 404 -> new SandboxException(onNotFound, prefix + (detail.isEmpty() ? "" : ": " + detail));
            default -> retryable(status)
                    ? new SandboxException(Reason.UNAVAILABLE, "Daytona at " + settings.baseUrl() + " could not "
                            + what + ": HTTP " + status + " after " + answer.tries()
                            + (answer.tries() == 1 ? " try" : " tries")
                            + (detail.isEmpty() ? "" : " (" + detail + ")"))
                    : new SandboxException(Reason.REFUSED, prefix + (detail.isEmpty() ? "" : ": " + detail));
        };
    }

    /** Daytona's error body is {@code {"statusCode":…,"message":…,"error":…}}; message may be a list. */
    String errorMessage(Answer answer) {
        String text = answer.text().strip();
        try {
            JsonNode node = json.readTree(text);
            JsonNode message = node.path("message");
            if (message.isArray()) {
                List<String> parts = new ArrayList<>();
                message.forEach(part -> parts.add(part.asString()));
                return String.join("; ", parts);
            }
            if (message.isString()) {
                return message.asString();
            }
        } catch (JacksonException notJson) {
            // fall through: quote the raw text
        }
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    /** No message may carry the key, even if a server echoes it. */
    String scrub(String message) {
        return message == null ? "" : message.replace(settings.apiKey(), "***");
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
