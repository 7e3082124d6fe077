package dev.tracehound.demo;

/** OpenTelemetry log severities: the number is the first of each range in the logs data model. */
enum Severity {
    DEBUG(5), INFO(9), WARN(13), ERROR(17);

    final int number;

    Severity(int number) {
        this.number = number;
    }
}
