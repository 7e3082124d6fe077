package dev.tracehound.bench;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real logins through the development provider, done as a browser and as an API client would,
 * with {@code java.net.http}: no redirect is followed by the client library, every hop is checked.
 * Each server has a cookie jar of its own, since cookies ignore ports and both run on localhost.
 */
final class OidcLogins {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final String CALLBACK = "/login/oauth2/code/dev";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final URI service;
    private final URI issuer;
    private final String email;
    private final String password;

    OidcLogins(URI service, URI issuer, String email, String password) {
        this.service = service;
        this.issuer = issuer;
        this.email = email;
        this.password = password;
    }

    /** The service's login callback, the redirect URI the provider knows. */
    static URI callbackOf(URI service) {
        return service.resolve(CALLBACK);
    }

    /**
     * The browser login: the service sends the browser to the provider (with its own PKCE
     * challenge), the provider's form takes the password, the code comes back to the service,
     * which signs the person in. Returns the {@code Cookie} header a browser then sends the
     * service: {@code SESSION} and, after a first API call, {@code XSRF-TOKEN}.
     */
    String sessionCookies() throws Exception {
        var serviceJar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        HttpClient serviceBrowser = browser(serviceJar);
        HttpClient providerBrowser = browser(new CookieManager(null, CookiePolicy.ACCEPT_ALL));

        URI authorize = redirect(serviceBrowser, get(service.resolve("/oauth2/authorization/dev")), issuer);
        URI callback = logInAtProvider(providerBrowser, authorize);
        URI landing = redirect(serviceBrowser, get(callback), service);
        HttpResponse<String> me = serviceBrowser.send(HttpRequest.newBuilder(landing).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (me.statusCode() != 200 || !me.body().contains(email)) {
            throw new IllegalStateException("after the browser login, GET " + landing + " answered " + me.statusCode()
                    + ": " + AgentBenchmark.shorten(me.body()));
        }
        String cookies = serviceJar.getCookieStore().get(service).stream()
                .map(cookie -> cookie.getName() + "=" + cookie.getValue())
                .collect(Collectors.joining("; "));
        if (!cookies.contains("SESSION=")) {
            throw new IllegalStateException("the browser login set no SESSION cookie; it has: " + cookies);
        }
        return cookies;
    }

    /**
     * An API client's bearer JWT: the authorization code flow against the provider itself, with
     * PKCE (S256) and the client's secret at the token endpoint; the code is taken from the redirect
     * to the service's callback, which is not followed.
     */
    String accessToken() throws Exception {
        HttpClient providerBrowser = browser(new CookieManager(null, CookiePolicy.ACCEPT_ALL));
        String verifier = randomUrlSafe();
        String state = randomUrlSafe();
        var query = new LinkedHashMap<String, String>();
        query.put("response_type", "code");
        query.put("client_id", DevProvider.CLIENT_ID);
        query.put("scope", "openid profile email");
        query.put("redirect_uri", callbackOf(service).toString());
        query.put("state", state);
        query.put("code_challenge", s256(verifier));
        query.put("code_challenge_method", "S256");
        URI callback = logInAtProvider(providerBrowser, URI.create(issuer + "/oauth2/authorize?" + form(query)));
        Map<String, String> answer = queryOf(callback);
        if (!state.equals(answer.get("state")) || answer.get("code") == null) {
            throw new IllegalStateException("the provider came back without the code or with another state: " + callback);
        }
        var token = new LinkedHashMap<String, String>();
        token.put("grant_type", "authorization_code");
        token.put("code", answer.get("code"));
        token.put("redirect_uri", callbackOf(service).toString());
        token.put("code_verifier", verifier);
        String basic = DevProvider.CLIENT_ID + ":" + DevProvider.CLIENT_SECRET;
        HttpResponse<String> response = providerBrowser.send(HttpRequest.newBuilder(issuer.resolve("/oauth2/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(form(token))).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the provider's token endpoint answered " + response.statusCode() + ": "
                    + AgentBenchmark.shorten(response.body()));
        }
        return JsonMapper.builder().build().readTree(response.body()).path("access_token").asString();
    }

    /**
     * From the provider's authorization endpoint to the redirect back to the service: the login
     * form (with its CSRF field), the password, the authorization request again. Returns the
     * callback URI with the code.
     */
    private URI logInAtProvider(HttpClient providerBrowser, URI authorize) throws Exception {
        URI loginPage = redirect(providerBrowser, get(authorize), issuer);
        HttpResponse<String> page = providerBrowser.send(get(loginPage), HttpResponse.BodyHandlers.ofString());
        var csrf = CSRF_FIELD.matcher(page.body());
        if (page.statusCode() != 200 || !csrf.find()) {
            throw new IllegalStateException("the provider's login page " + loginPage + " (" + page.statusCode()
                    + ") has no _csrf field");
        }
        URI saved = redirect(providerBrowser, HttpRequest.newBuilder(issuer.resolve("/login"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", email, "password", password,
                        "_csrf", csrf.group(1)))))
                .build(), issuer);
        if ("error".equals(saved.getQuery())) {
            throw new IllegalStateException("the provider refused " + email + " with that password");
        }
        return redirect(providerBrowser, get(saved), service);
    }

    /** Sends the request, requires a redirect to {@code expectedServer}, and returns where it points. */
    private static URI redirect(HttpClient client, HttpRequest request, URI expectedServer) throws Exception {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        String location = response.headers().firstValue("Location").orElse(null);
        if (response.statusCode() / 100 != 3 || location == null) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + response.statusCode()
                    + " instead of a redirect: " + AgentBenchmark.shorten(response.body()));
        }
        URI target = request.uri().resolve(location);
        if (target.getPort() != expectedServer.getPort()) {
            throw new IllegalStateException(request.uri() + " redirected to " + target + ", expected " + expectedServer);
        }
        return target;
    }

    private static HttpClient browser(CookieManager jar) {
        return HttpClient.newBuilder().cookieHandler(jar).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Accept", "text/html").build();
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static Map<String, String> queryOf(URI uri) {
        var query = new LinkedHashMap<String, String>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static String randomUrlSafe() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String s256(String verifier) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }
}
