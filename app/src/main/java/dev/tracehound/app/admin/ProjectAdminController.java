package dev.tracehound.app.admin;

import static dev.tracehound.app.admin.AdminRequests.actor;
import static dev.tracehound.app.admin.AdminRequests.lower;

import dev.tracehound.app.api.Blocking;
import dev.tracehound.app.security.Authorized;
import dev.tracehound.platform.identity.ProjectDeletion;
import dev.tracehound.platform.identity.Projects;
import dev.tracehound.platform.identity.WorkspaceProject;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A workspace's projects: create, rename, and delete. Deleting is a job: the project and its
 * keys stop at once (keys within the key cache's 30 s), then its ClickHouse rows and its
 * PostgreSQL rows go; the job's progress is at {@code /project-deletions/{job}}.
 */
@RestController
final class ProjectAdminController {

    private static final String PROJECTS = "/api/v1/workspaces/{workspace}/projects";

    private final Projects projects;
    private final Blocking blocking;

    ProjectAdminController(Projects projects, Blocking blocking) {
        this.projects = projects;
        this.blocking = blocking;
    }

    record ProjectView(UUID id, String slug, String name, Instant createdAt, Instant deletionRequestedAt) {}

    record NewProject(String slug, String name) {}

    record Rename(String name) {}

    record DeletionView(UUID id, UUID projectId, String projectSlug, String state, List<String> stepsDone,
            String error, Instant requestedAt, Instant startedAt, Instant finishedAt) {}

    @Operation(summary = "The workspace's projects, those being deleted marked")
    @GetMapping(PROJECTS)
    Mono<List<ProjectView>> list(@Parameter(hidden = true) Authorized access, @PathVariable("workspace") String workspace) {
        return blocking.call(() -> projects.ofWorkspace(access.workspaceId()).stream()
                .map(ProjectAdminController::view).toList());
    }

    @Operation(summary = "Create a project; its id is the {project} of the query API's paths")
    @PostMapping(PROJECTS)
    Mono<ResponseEntity<ProjectView>> create(@Parameter(hidden = true) Authorized access,
            @PathVariable("workspace") String workspace, @RequestBody NewProject body, ServerWebExchange exchange) {
        return blocking.call(() -> {
            if (body == null) {
                throw new IllegalArgumentException("a project needs a 'slug' and a 'name'");
            }
            var created = projects.create(actor(access, exchange), access.workspaceId(), body.slug(), body.name());
            return ResponseEntity.status(HttpStatus.CREATED).body(view(created));
        });
    }

    @Operation(summary = "Rename a project (its id and slug stay)")
    @PatchMapping(PROJECTS + "/{project}")
    Mono<ProjectView> rename(@Parameter(hidden = true) Authorized access, @PathVariable("workspace") String workspace,
            @PathVariable("project") String project, @RequestBody Rename body, ServerWebExchange exchange) {
        return blocking.call(() -> view(projects.rename(actor(access, exchange), access.workspaceId(),
                find(access, project).id(), body == null ? null : body.name())));
    }

    @Operation(summary = "Delete a project with its telemetry and keys, as a job (202); follow it at Location")
    @DeleteMapping(PROJECTS + "/{project}")
    Mono<ResponseEntity<DeletionView>> delete(@Parameter(hidden = true) Authorized access,
            @PathVariable("workspace") String workspace, @PathVariable("project") String project,
            ServerWebExchange exchange) {
        return blocking.call(() -> {
            ProjectDeletion job = projects.startDeletion(actor(access, exchange), access.workspaceId(),
                    find(access, project).id());
            return ResponseEntity.accepted()
                    .location(URI.create("/api/v1/workspaces/" + access.workspaceId() + "/project-deletions/" + job.id()))
                    .body(view(job));
        });
    }

    @Operation(summary = "A project deletion's progress: queued, running (steps done so far), done or failed")
    @GetMapping("/api/v1/workspaces/{workspace}/project-deletions/{job}")
    Mono<DeletionView> deletion(@Parameter(hidden = true) Authorized access,
            @PathVariable("workspace") String workspace, @PathVariable("job") String job) {
        return blocking.call(() -> projects.deletion(access.workspaceId(), AdminRequests.uuid("deletion job", job))
                .map(ProjectAdminController::view)
                .orElseThrow(() -> AdminRequests.notFound("no deletion job '" + job + "' in this workspace")));
    }

    private WorkspaceProject find(Authorized access, String project) {
        return projects.find(access.workspaceId(), project)
                .orElseThrow(() -> AdminRequests.notFound("no project '" + project + "' in this workspace"));
    }

    private static ProjectView view(WorkspaceProject project) {
        return new ProjectView(project.id(), project.slug(), project.name(), project.createdAt(),
                project.deletionRequestedAt());
    }

    static DeletionView view(ProjectDeletion job) {
        return new DeletionView(job.id(), job.projectId(), job.projectSlug(), lower(job.state()), job.stepsDone(),
                job.error(), job.requestedAt(), job.startedAt(), job.finishedAt());
    }
}
