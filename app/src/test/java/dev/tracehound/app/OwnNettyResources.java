package dev.tracehound.app;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Netty's event loops of this application context only. Reactor Netty's resources are global by
 * default, so closing one of two instances in a JVM (a restart in a test) would stop the other's
 * server too; separate processes, as in production, never share them.
 */
@Configuration(proxyBeanMethods = false)
class OwnNettyResources {

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        var factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        return factory;
    }
}
