package dev.tracehound.platform.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local HTTP receiver as a customer would write one: it checks the Tracehound-Signature with its own HMAC
 * code (not ours), records what arrived, and answers the statuses it is told to (200 once those run out).
 */
final class WebhookReceiver implements AutoCloseable {

    record Received(String body, String signature, String eventId, boolean signatureValid) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final String secret;
    private final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private volatile int defaultStatus = 200;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    WebhookReceiver(String secret) throws IOException {
        this.secret = secret;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String signature = exchange.getRequestHeaders().getFirst("Tracehound-Signature");
            String eventId = exchange.getRequestHeaders().getFirst("Tracehound-Event-Id");
            received.add(new Received(body, signature, eventId, secret != null && validSignature(signature, body)));
            Integer next = statuses.poll();
            int status = next != null ? next : defaultStatus;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.setExecutor(executor);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    void answerNext(int... next) {
        for (int status : next) {
            statuses.add(status);
        }
    }

    void answerAlways(int status) {
        defaultStatus = status;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** The receiver's side of the scheme: HMAC-SHA256(secret, t + "." + body), hex, compared with v1. */
    private boolean validSignature(String header, String body) {
        if (header == null || !header.matches("t=\\d+,v1=[0-9a-f]{64}")) {
            return false;
        }
        String t = header.substring(2, header.indexOf(','));
        String v1 = header.substring(header.indexOf("v1=") + 3);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
            return expected.equals(v1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
