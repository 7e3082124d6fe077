package dev.tracehound.app.api;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.query.TelemetryQueries;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import tools.jackson.databind.MapperFeature;

/**
 * The query API: the analytics engine over HTTP, under {@code /api/v1/projects/{project}/…},
 * for read keys of that project. The query engines are one set, shared with the agent's tools,
 * that reads through a ClickHouse view held to {@link QueryProperties}' limits.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(QueryProperties.class)
class QueryApiConfiguration {

    @Bean(destroyMethod = "close")
    Blocking queryThreads() {
        return new Blocking();
    }

    @Bean
    TelemetryQueries telemetryQueries(ClickHouse clickHouse, QueryProperties properties) {
        return TelemetryQueries.over(clickHouse.limitedTo(properties.limits()), Clock.systemUTC());
    }

    @Bean
    AuthorizedArguments authorizedArguments() {
        return new AuthorizedArguments();
    }

    @Bean
    WebFluxConfigurer authorizedArgumentResolver(AuthorizedArguments access) {
        return new WebFluxConfigurer() {
            @Override
            public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
                configurer.addCustomResolver(access);
            }
        };
    }

    /** The document's title and how to authenticate; the paths come from the controllers. */
    @Bean
    OpenAPI queryApiDocument() {
        return new OpenAPI()
                .info(new Info().title("Tracehound API").version("v1").description(
                        "Traces, logs, aggregates, BubbleUp, LLM usage, metrics and live tail of a project; the agent; "
                                + "workspace administration. Sign in through the browser (session cookie; changes also "
                                + "send the XSRF-TOKEN cookie's value as X-XSRF-TOKEN), or send a bearer JWT of the "
                                + "configured issuer, or a read key of the project as a bearer token (query API and "
                                + "agent only); ingest keys cannot read."))
                .components(new Components()
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("a bearer JWT of the configured issuer, or a project read key"))
                        .addSecuritySchemes("session", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.COOKIE).name("SESSION")
                                .description("the browser's session after logging in at /oauth2/authorization/{registration}")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"))
                .addSecurityItem(new SecurityRequirement().addList("session"));
    }

    @Bean
    NanosAsStrings nanosAsStrings() {
        return new NanosAsStrings();
    }

    @Bean
    JsonMapperBuilderCustomizer caseInsensitiveEnums() {
        return builder -> builder.enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS);
    }
}
