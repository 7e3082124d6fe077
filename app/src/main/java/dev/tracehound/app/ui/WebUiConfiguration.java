package dev.tracehound.app.ui;

import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.config.ResourceHandlerRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves the web UI (the frontend module's build, under {@code static/} on the class path). The
 * UI routes in the browser, so every GET of a UI path answers {@code index.html} (a history
 * fallback); the service's own paths and files with an extension never do. Vite names the
 * files under {@code /assets/} by their content's hash, so they are cached for a year;
 * {@code index.html} is revalidated every time, so a deploy shows at the next load.
 */
@Configuration(proxyBeanMethods = false)
class WebUiConfiguration implements WebFluxConfigurer {

    private static final List<String> SERVICE_PATHS =
            List.of("/api", "/v1", "/v3", "/actuator", "/oauth2", "/login", "/logout");
    private static final Resource INDEX = new ClassPathResource("static/index.html");

    @Bean
    RouterFunction<ServerResponse> webUiHistoryFallback() {
        return RouterFunctions.route(RequestPredicates.GET("/**").and(WebUiConfiguration::isUiRoute),
                request -> INDEX.exists()
                        ? ServerResponse.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noCache())
                                .bodyValue(INDEX)
                        : ServerResponse.notFound().build());
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/assets/**").addResourceLocations("classpath:/static/assets/")
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
    }

    static boolean isUiRoute(ServerRequest request) {
        String path = request.path();
        for (String service : SERVICE_PATHS) {
            if (path.equals(service) || path.startsWith(service + "/")) {
                return false;
            }
        }
        String lastSegment = path.substring(path.lastIndexOf('/') + 1);
        return !lastSegment.contains(".");
    }
}
