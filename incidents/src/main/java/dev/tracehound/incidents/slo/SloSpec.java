package dev.tracehound.incidents.slo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What an SLO promises: of the spans of {@code service} (and {@code spanName}, and with every
 * attribute of {@code filters}), at least {@code objective} are good over {@code period}; a span is
 * bad when it failed, or when {@code latencyThreshold} is set and it took longer.
 *
 * @param objective a share, 0.999 for 99.9 %
 */
public record SloSpec(String name, Optional<String> service, Optional<String> spanName, Map<String, String> filters,
        Optional<Duration> latencyThreshold, double objective, Duration period, List<UUID> channelIds,
        boolean investigate, boolean enabled) {

    static final int MAX_FILTERS = 10;
    private static final Pattern ATTRIBUTE_KEY = Pattern.compile("[A-Za-z0-9_.:/-]{1,200}");

    /** @throws InvalidSloException saying what to change */
    public SloSpec {
        name = name == null ? "" : name.strip();
        if (name.isEmpty() || name.length() > 200) {
            throw new InvalidSloException("an SLO needs a 'name' of 1 to 200 characters");
        }
        service = blankless(service);
        spanName = blankless(spanName);
        filters = filters == null ? Map.of() : Map.copyOf(filters);
        if (filters.size() > MAX_FILTERS) {
            throw new InvalidSloException("at most " + MAX_FILTERS + " attribute filters, got " + filters.size());
        }
        filters.keySet().forEach(key -> {
            if (!ATTRIBUTE_KEY.matcher(key).matches()) {
                throw new InvalidSloException("'" + key + "' is not an attribute key (letters, digits and _.:/-)");
            }
        });
        latencyThreshold = latencyThreshold == null ? Optional.empty() : latencyThreshold;
        latencyThreshold.ifPresent(threshold -> {
            if (threshold.toMillis() < 1) {
                throw new InvalidSloException("'latencyThresholdMs' must be at least 1");
            }
        });
        if (!(objective >= 0.5 && objective < 1)) {
            throw new InvalidSloException("'objective' is a percentage of good spans from 50 to below 100, e.g. 99.9; was "
                    + objective * 100);
        }
        Objects.requireNonNull(period, "period");
        if (period.toDays() < 1 || period.toDays() > 90 || !period.equals(Duration.ofDays(period.toDays()))) {
            throw new InvalidSloException("'periodDays' is a whole number of days from 1 to 90, was " + period);
        }
        channelIds = channelIds == null ? List.of() : List.copyOf(channelIds);
    }

    /** The share of spans that may be bad: the error budget as a ratio. */
    public double budget() {
        return 1 - objective;
    }

    private static Optional<String> blankless(Optional<String> text) {
        return text == null ? Optional.empty() : text.map(String::strip).filter(s -> !s.isEmpty());
    }
}
