package dev.tracehound.agent.session;

/** An event to append to a session's log: a dotted lowercase type and JSON data. */
record NewEvent(String type, String data) {}
