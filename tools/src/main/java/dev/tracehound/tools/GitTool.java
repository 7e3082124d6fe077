package dev.tracehound.tools;

import dev.tracehound.sandbox.Command;
import dev.tracehound.sandbox.CommandResult;
import dev.tracehound.sandbox.FileEntry;
import dev.tracehound.sandbox.Sandbox;
import dev.tracehound.sandbox.SandboxSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

final class GitTool implements Tool {

    static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CLONE_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final long OUTPUT_LIMIT = 256 * 1024;
    /** A bundle bigger than this is not sent into a sandbox (its workspace is small). */
    private static final long MAX_BUNDLE_BYTES = 200L << 20;
    private static final String BUNDLES = SandboxSpec.WORKSPACE + "/.bundles";
    private static final char FIELD = '\u001f';

    @Override
    public String name() {
        return "git";
    }

    @Override
    public String description() {
        return """
                Read the project's code history in this session's sandbox. First 'clone' one of the \
                repositories the project configured ('source': its path or URL; the error lists them) into \
                /workspace/<name>; then, with 'repo' (that name; optional when one repository is cloned): \
                'log' (commits, newest first; 'ref', 'path', 'since' e.g. "2 days ago", 'max_count'), 'show' \
                (one commit's message and patch; 'ref'), 'diff' (changes from 'base' to 'ref' or the working \
                tree; 'path'), 'blame' ('path', optional 'ref', 'start_line', 'end_line'), 'grep' ('pattern', \
                a regular expression; optional 'ref', 'path'). Use it to link a regression to a deploy: which \
                commits changed the slow or failing code, and what they changed.
                Output: {"op", "repo", "exit_code", "output"}; log adds "commits": [{"commit", "author", \
                "date", "subject"}].""";
    }

    @Override
    public String inputSchema() {
        return """
                {"type": "object", "additionalProperties": false, "required": ["op"],
                 "properties": {
                   "op": {"type": "string", "enum": ["clone", "log", "show", "diff", "blame", "grep"]},
                   "source": {"type": "string", "minLength": 1, "description": "clone: a repository path or URL the project configured."},
                   "name": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$", "description": "clone: the directory under /workspace; default the source's last path part."},
                   "repo": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$", "description": "The cloned repository's directory under /workspace."},
                   "ref": {"type": "string", "pattern": "^[A-Za-z0-9_.][A-Za-z0-9._/~^@{}+-]{0,199}$", "description": "A commit, branch or tag, e.g. HEAD~3, main, v2.3.1."},
                   "base": {"type": "string", "pattern": "^[A-Za-z0-9_.][A-Za-z0-9._/~^@{}+-]{0,199}$", "description": "diff: the commit to compare from."},
                   "path": {"type": "string", "minLength": 1, "pattern": "^[^-]", "description": "A file or directory in the repository."},
                   "pattern": {"type": "string", "minLength": 1, "maxLength": 500, "description": "grep: a regular expression."},
                   "since": {"type": "string", "pattern": "^[A-Za-z0-9 :.-]{1,40}$", "description": "log: e.g. 2026-11-20 or '2 days ago'."},
                   "max_count": {"type": "integer", "minimum": 1, "maximum": 200, "description": "log: most commits, default 20."},
                   "start_line": {"type": "integer", "minimum": 1},
                   "end_line": {"type": "integer", "minimum": 1}
                 }}""";
    }

    @Override
    public Duration timeout() {
        return TIMEOUT;
    }

    @Override
    public boolean needsApproval(JsonNode input) {
        return false;
    }

    @Override
    public ToolResult run(JsonNode input, ToolContext context) throws InterruptedException {
        String op = input.get("op").asString();
        if (op.equals("clone")) {
            return clone(input, context);
        }
        Sandbox sandbox = context.sandbox().get();
        String repo = Inputs.text(input, "repo").orElseGet(() -> onlyRepository(sandbox));
        String dir = SandboxSpec.WORKSPACE + "/" + repo;
        var argv = new ArrayList<>(List.of("git", "--no-pager", "-C", dir));
        Optional<String> ref = Inputs.text(input, "ref");
        Optional<String> path = Inputs.text(input, "path");
        switch (op) {
            case "log" -> {
                argv.addAll(List.of("log", "--max-count=" + Inputs.integer(input, "max_count", 20), "--date=iso-strict",
                        "--format=%H" + FIELD + "%an" + FIELD + "%ad" + FIELD + "%s"));
                Inputs.text(input, "since").ifPresent(s -> argv.add("--since=" + s));
                ref.ifPresent(argv::add);
            }
            case "show" -> {
                argv.addAll(List.of("show", "--stat", "--patch", "--format=fuller"));
                argv.add(ref.orElse("HEAD"));
            }
            case "diff" -> {
                String base = Inputs.text(input, "base").orElseThrow(() ->
                        new ToolFailure("diff needs 'base': the commit to compare from (and optionally 'ref')"));
                argv.addAll(List.of("diff", "--stat", "--patch", base));
                ref.ifPresent(argv::add);
            }
            case "blame" -> {
                if (path.isEmpty()) {
                    throw new ToolFailure("blame needs 'path': a file in the repository");
                }
                argv.addAll(List.of("blame", "--date=short"));
                lines(input).ifPresent(range -> argv.add("-L" + range));
                ref.ifPresent(argv::add);
            }
            case "grep" -> {
                String pattern = Inputs.text(input, "pattern").orElseThrow(() ->
                        new ToolFailure("grep needs 'pattern': a regular expression to look for"));
                argv.addAll(List.of("grep", "-n", "-I", "-E", "-e", pattern));
                ref.ifPresent(argv::add);
            }
            default -> throw new ToolFailure("unknown op '" + op + "'");
        }
        path.ifPresent(p -> argv.addAll(List.of("--", p)));
        Command command = new Command(argv, Optional.empty(), Map.of("GIT_TERMINAL_PROMPT", "0"), Optional.empty(),
                READ_TIMEOUT, OUTPUT_LIMIT);
        CommandResult result = SandboxCommands.run(sandbox, command);
        return result(op, repo, result, input);
    }

    private ToolResult result(String op, String repo, CommandResult result, JsonNode input) {
        ObjectNode data = Json.object().put("op", op).put("repo", repo).put("exit_code", result.exitCode());
        boolean noMatch = op.equals("grep") && result.exitCode() == 1 && result.stderr().length == 0;
        if (result.ending() != CommandResult.Ending.EXITED || result.exitCode() != 0 && !noMatch) {
            String why = result.ending() == CommandResult.Ending.EXITED ? result.stderrText().strip()
                    : "git " + op + " ended " + result.ending().name().toLowerCase(java.util.Locale.ROOT);
            throw new ToolFailure("git " + op + " in /workspace/" + repo + " failed: " + why);
        }
        String output = noMatch ? "" : result.stdoutText();
        data.put("output", output);
        var references = new ArrayList<ToolReference>();
        String content;
        if (op.equals("log")) {
            var commits = data.putArray("commits");
            var text = new StringBuilder();
            for (String line : output.split("\n")) {
                String[] parts = line.split(String.valueOf(FIELD), 4);
                if (parts.length == 4) {
                    commits.addObject().put("commit", parts[0]).put("author", parts[1]).put("date", parts[2])
                            .put("subject", parts[3]);
                    text.append(parts[0], 0, 12).append(' ').append(parts[2]).append(' ').append(parts[1])
                            .append(": ").append(parts[3]).append('\n');
                    references.add(new ToolReference(ToolReference.COMMIT, parts[0], parts[3]));
                }
            }
            data.remove("output");
            content = commits.isEmpty() ? "no commits match" : text.toString();
        } else {
            content = noMatch ? "no matches" : output;
            if (op.equals("show")) {
                Inputs.text(input, "ref").ifPresent(r -> references.add(new ToolReference(ToolReference.COMMIT, r, "")));
            }
            Inputs.text(input, "path").ifPresent(p ->
                    references.add(new ToolReference(ToolReference.FILE, SandboxSpec.WORKSPACE + "/" + repo + "/" + p, "")));
        }
        return new ToolResult(false, data, content, result.truncated(), references);
    }

    private static Optional<String> lines(JsonNode input) {
        if (!input.has("start_line") && !input.has("end_line")) {
            return Optional.empty();
        }
        int start = Inputs.integer(input, "start_line", 1);
        Optional<Integer> end = input.has("end_line") ? Optional.of(input.get("end_line").asInt()) : Optional.empty();
        if (end.isPresent() && end.get() < start) {
            throw new ToolFailure("end_line (" + end.get() + ") is before start_line (" + start + ")");
        }
        return Optional.of(start + "," + end.map(String::valueOf).orElse(""));
    }

    /** The one repository under /workspace, when the model did not name one. */
    private static String onlyRepository(Sandbox sandbox) {
        var repositories = sandbox.listFiles(SandboxSpec.WORKSPACE).stream().filter(FileEntry::directory)
                .map(e -> e.path().substring(e.path().lastIndexOf('/') + 1))
                .filter(name -> !name.startsWith("."))
                .filter(name -> sandbox.listFiles(SandboxSpec.WORKSPACE + "/" + name).stream()
                        .anyMatch(f -> f.path().endsWith("/.git")))
                .toList();
        if (repositories.size() == 1) {
            return repositories.getFirst();
        }
        throw new ToolFailure(repositories.isEmpty()
                ? "no repository is cloned yet: call git with op 'clone' and a 'source' first"
                : "several repositories are cloned (" + String.join(", ", repositories) + "): name one in 'repo'");
    }

    private ToolResult clone(JsonNode input, ToolContext context) throws InterruptedException {
        String source = Inputs.text(input, "source").orElseThrow(() -> new ToolFailure("clone needs 'source'; "
                + configured(context.repositories())));
        Optional<Path> local = context.repositories().localPath(source);
        Optional<String> url = local.isPresent() ? Optional.empty() : context.repositories().url(source);
        if (local.isEmpty() && url.isEmpty()) {
            throw new ToolFailure("'" + source + "' is not a repository this project allows; "
                    + configured(context.repositories()));
        }
        String name = Inputs.text(input, "name").orElseGet(() -> defaultName(local.map(Path::toString).orElse(url.orElse(""))));
        String target = SandboxSpec.WORKSPACE + "/" + name;
        Sandbox sandbox = context.sandbox().get();
        if (url.isPresent() && sandbox.spec().network() == SandboxSpec.Network.NONE) {
            throw new ToolFailure("cloning " + url.get() + " needs the network, and this session's sandbox has none;"
                    + " ask for the repository to be configured as a local path, or for a sandbox with network");
        }
        if (sandbox.listFiles(SandboxSpec.WORKSPACE).stream().anyMatch(f -> f.path().equals(target))) {
            throw new ToolFailure(target + " already exists: use repo '" + name + "', or clone under another 'name'");
        }
        String from;
        if (local.isPresent()) {
            from = BUNDLES + "/" + name + ".bundle";
            sandbox.writeFile(from, bundle(local.get()));
        } else {
            from = url.get();
        }
        Command command = new Command(List.of("git", "clone", "--quiet", "--", from, target), Optional.empty(),
                Map.of("GIT_TERMINAL_PROMPT", "0"), Optional.empty(), CLONE_TIMEOUT, OUTPUT_LIMIT);
        CommandResult result = SandboxCommands.run(sandbox, command);
        if (local.isPresent()) {
            SandboxCommands.run(sandbox, Command.argv("rm", "-f", from));
        }
        if (result.ending() != CommandResult.Ending.EXITED || result.exitCode() != 0) {
            throw new ToolFailure("git clone of " + source + " failed: " + result.stderrText().strip()
                    + (result.ending() == CommandResult.Ending.TIMED_OUT ? " (timed out)" : ""));
        }
        CommandResult head = SandboxCommands.run(sandbox,
                Command.argv("git", "-C", target, "log", "-1", "--format=%H %s").withTimeout(READ_TIMEOUT));
        String headLine = head.stdoutText().strip();
        ObjectNode data = Json.object().put("op", "clone").put("repo", name).put("path", target)
                .put("source", source).put("exit_code", 0).put("output", headLine);
        var references = new ArrayList<ToolReference>();
        references.add(new ToolReference(ToolReference.FILE, target, "clone of " + source));
        if (headLine.length() >= 40) {
            references.add(new ToolReference(ToolReference.COMMIT, headLine.substring(0, 40), headLine.substring(40).strip()));
        }
        return new ToolResult(false, data, "cloned " + source + " into " + target + "; HEAD is " + headLine, false,
                references);
    }

    /** Every ref of the repository on the host, as one bundle file's bytes. */
    private static byte[] bundle(Path repository) throws InterruptedException {
        Path dir = null;
        Process process = null;
        try {
            dir = Files.createTempDirectory("tracehound-bundle-");
            Path file = dir.resolve("repository.bundle");
            Path output = dir.resolve("output.txt");
            // The project configured this path, so its owner (maybe not this process's user) is trusted.
            process = new ProcessBuilder("git", "-c", "safe.directory=" + repository, "-C", repository.toString(),
                    "bundle", "create", "--quiet", file.toString(), "--all")
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(CLONE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new ToolFailure("bundling " + repository + " on the host took too long");
            }
            if (process.exitValue() != 0) {
                throw new ToolFailure("could not bundle " + repository + " on the host: "
                        + Files.readString(output).strip());
            }
            if (Files.size(file) > MAX_BUNDLE_BYTES) {
                throw new ToolFailure(repository + " is " + (Files.size(file) >> 20) + " MiB as a bundle, more than the "
                        + (MAX_BUNDLE_BYTES >> 20) + " MiB a sandbox takes");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ToolFailure("could not bundle " + repository + " on the host: " + e.getMessage());
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // A temporary directory; the OS cleans its temp directory.
        }
    }

    private static String defaultName(String source) {
        String s = source.strip();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        s = s.substring(Math.max(s.lastIndexOf('/'), s.lastIndexOf(':')) + 1);
        if (s.endsWith(".git")) {
            s = s.substring(0, s.length() - 4);
        }
        s = s.replaceAll("[^A-Za-z0-9._-]", "-");
        return s.isEmpty() || !Character.isLetterOrDigit(s.charAt(0)) ? "repo" : s;
    }

    private static String configured(GitSources sources) {
        List<String> all = sources.all();
        return all.isEmpty() ? "this project has no repositories configured"
                : "the project's repositories are: " + String.join(", ", all);
    }
}
