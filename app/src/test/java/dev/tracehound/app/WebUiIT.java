package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web UI as a browser loads it: its routes answer index.html (the UI routes itself), its
 * hashed files are cached for a year, and the service's own paths never fall back to the page.
 */
class WebUiIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RunningApp app;
    private static String index;

    @BeforeAll
    static void start() throws IOException {
        try (InputStream built = WebUiIT.class.getResourceAsStream("/static/index.html")) {
            assumeTrue(built != null, "the frontend module was not built (-Dfrontend.skip=true on a clean clone)");
            index = new String(built.readAllBytes(), StandardCharsets.UTF_8);
        }
        app = RunningApp.start(Map.of());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theRootAnswersTheUi() throws Exception {
        var root = get("/");

        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(root.body()).isEqualTo(index).contains("<div id=\"root\">");
    }

    @Test
    void aDeepLinkIntoTheUiAnswersTheSamePage() throws Exception {
        var members = get("/w/x/p/y/members");

        assertThat(members.statusCode()).isEqualTo(200);
        assertThat(members.body()).isEqualTo(index);
        assertThat(members.headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("no-cache"));
    }

    @Test
    void anApiPathWithoutASessionIsAProblemNotThePage() throws Exception {
        var me = get("/api/v1/me");

        assertThat(me.statusCode()).isEqualTo(401);
        assertThat(me.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(me.body()).doesNotContain("<div id=\"root\">");
    }

    @Test
    void anUnknownApiPathIsAProblemNotThePage() throws Exception {
        var unknown = get("/api/v1/no-such-thing");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(unknown.body()).doesNotContain("<div id=\"root\">");
    }

    @Test
    void aMissingFileIsNotFoundRatherThanThePage() throws Exception {
        var file = get("/no-such-file.js");

        assertThat(file.statusCode()).isEqualTo(404);
        assertThat(file.body()).doesNotContain("<div id=\"root\">");
    }

    @Test
    void hashedAssetsAreCachedForAYear() throws Exception {
        var script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(index);
        assertThat(script.find()).as("index.html loads a script from /assets/").isTrue();

        var asset = get(script.group(1));

        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(c -> assertThat(c).contains("max-age=31536000", "immutable"));
    }

    @Test
    void theApiDocumentDoesNotListTheUisRoutes() throws Exception {
        var document = get("/v3/api-docs");

        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).contains("/api/v1/me").doesNotContain("\"/**\"");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
