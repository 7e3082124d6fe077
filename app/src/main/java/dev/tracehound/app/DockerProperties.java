package dev.tracehound.app;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param host a DOCKER_HOST address; @param sandboxImage the locally built base image of sandboxes */
@ConfigurationProperties("tracehound.docker")
public record DockerProperties(String host, String sandboxImage) {}
