package dev.tracehound.platform.identity;

/** A workspace a person belongs to, with their role in it. */
public record UserWorkspace(Workspace workspace, Role role) {}
