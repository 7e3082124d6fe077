package dev.tracehound.sandbox;

/** Some output of a running command, as it came. */
public record OutputChunk(Stream stream, byte[] bytes) {

    public enum Stream { STDOUT, STDERR }
}
