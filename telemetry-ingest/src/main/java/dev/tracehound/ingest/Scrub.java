package dev.tracehound.ingest;

import java.util.Map;

/** One request's scrubbing: the project's scrubber and the count of what it replaced. */
record Scrub(PiiScrubber scrubber, PiiScrubCounts counts) {

    String text(String value) {
        return scrubber.scrub(value, counts);
    }

    Map<String, String> attributes(Map<String, String> attributes) {
        return scrubber.scrubAttributes(attributes, counts);
    }
}
