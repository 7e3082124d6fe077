package dev.tracehound.devidp;

import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The development OIDC provider as its own small application: {@code java -jar dev-idp.jar
 * --server.port=9000}. Only the auto-configurations it needs are imported, by name, so that it
 * behaves the same when a test starts it in-process next to the service's own (bigger) class path.
 * Its settings come from {@code dev-idp.yaml}, never from the service's {@code application.yaml}.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({
    PropertyPlaceholderAutoConfiguration.class,
    TomcatServletWebServerAutoConfiguration.class,
    DispatcherServletAutoConfiguration.class
})
@Import(AuthorizationServerConfig.class)
@EnableConfigurationProperties(DevIdpProperties.class)
public class DevIdpApplication {

    private static final Logger log = LoggerFactory.getLogger(DevIdpApplication.class);

    public static void main(String[] args) {
        builder().run(args);
    }

    static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(DevIdpApplication.class)
                .main(DevIdpApplication.class)
                .web(WebApplicationType.SERVLET)
                .properties("spring.config.name=dev-idp");
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> printTheDemoUsers(DevIdpProperties properties) {
        return ready -> log.info("Development OIDC provider (not for production) at {}; client {}; demo users:\n{}",
                properties.issuer(), DevIdentityProvider.CLIENT_ID,
                DemoUsers.ALL.stream()
                        .map(u -> "  %-8s %-20s password %s".formatted(u.role(), u.email(), u.password()))
                        .collect(Collectors.joining("\n")));
    }
}
