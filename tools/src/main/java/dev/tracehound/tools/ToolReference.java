package dev.tracehound.tools;

import java.util.Objects;

/**
 * Evidence a result points at, for the UI to render as a link.
 *
 * @param kind  {@value #TRACE} (id: the trace id), {@value #LINK} (id: a path of the HTTP API,
 *              e.g. {@code /api/v1/projects/{p}/traces/{id}}), {@value #COMMIT} (id: the commit
 *              hash), or {@value #FILE} (id: a path in the sandbox)
 * @param label a short human description
 */
public record ToolReference(String kind, String id, String label) {

    public static final String TRACE = "trace";
    static final String LINK = "link";
    static final String COMMIT = "commit";
    static final String FILE = "file";

    public ToolReference {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        label = label == null ? "" : label;
    }
}
