package dev.tracehound.sandbox;

/** A file or directory in a sandbox's workspace; {@code path} is absolute. */
public record FileEntry(String path, long size, boolean directory) {}
