package dev.tracehound.tools;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The git repositories a project lets the agent clone: directories of repositories on the
 * host (sent into the sandbox as a bundle; the sandbox needs no network) and remote URLs
 * (cloned inside the sandbox, which then needs its network).
 */
public record GitSources(List<Path> localPaths, List<String> urls) {

    static final GitSources NONE = new GitSources(List.of(), List.of());

    public GitSources {
        localPaths = localPaths == null ? List.of()
                : localPaths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        urls = urls == null ? List.of() : List.copyOf(urls);
    }

    /** The configured local path {@code source} names, compared after normalising. */
    Optional<Path> localPath(String source) {
        if (source.contains("://") || source.startsWith("git@")) {
            return Optional.empty();
        }
        Path asked;
        try {
            asked = Path.of(source).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return localPaths.stream().filter(asked::equals).findFirst();
    }

    /** The configured URL {@code source} names, ignoring a trailing slash, {@code .git} and case of the host. */
    Optional<String> url(String source) {
        String asked = comparable(source);
        return urls.stream().filter(u -> comparable(u).equals(asked)).findFirst();
    }

    /** Every source, for telling a model what it may clone. */
    List<String> all() {
        var all = new java.util.ArrayList<String>();
        localPaths.forEach(p -> all.add(p.toString()));
        all.addAll(urls);
        return all;
    }

    private static String comparable(String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        if (u.endsWith(".git")) {
            u = u.substring(0, u.length() - 4);
        }
        return u.toLowerCase(Locale.ROOT);
    }
}
