package dev.tracehound.app.api;

/**
 * The project of a request's path, after its read key was checked: a handler that takes one
 * cannot run for a project the caller may not read.
 */
record ReadableProject(String id) {}
