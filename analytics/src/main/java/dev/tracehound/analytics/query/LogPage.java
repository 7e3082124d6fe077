package dev.tracehound.analytics.query;

import dev.tracehound.analytics.LogRow;
import java.util.List;
import java.util.Optional;

/** One page of a log search, newest first, and the cursor of the next page when there is one. */
public record LogPage(List<LogRow> logs, Optional<String> nextCursor) {}
