package dev.tracehound.app.incidents;

import static dev.tracehound.app.admin.AdminRequests.notFound;
import static dev.tracehound.app.admin.AdminRequests.uuid;

import dev.tracehound.app.api.Blocking;
import dev.tracehound.app.security.Authorized;
import dev.tracehound.incidents.rule.AlertRules;
import dev.tracehound.incidents.rule.InvalidRuleException;
import dev.tracehound.incidents.rule.Preview;
import dev.tracehound.incidents.rule.RuleJson;
import dev.tracehound.incidents.rule.RulePreview;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A project's alert rules: a query over spans or logs, a condition (a threshold, or a change against
 * the day or week before or the trailing hours), a window and an interval, severity, labels,
 * channels, and whether a firing starts an investigation. Bodies are read strictly (RuleJson): an
 * unknown field or a wrong type is a 400 naming it.
 */
@RestController
final class RulesController {

    private static final String RULES = "/api/v1/projects/{project}/alert-rules";

    private final AlertRules rules;
    private final RulePreview preview;
    private final Blocking blocking;

    RulesController(AlertRules rules, RulePreview preview, Blocking blocking) {
        this.rules = rules;
        this.preview = preview;
        this.blocking = blocking;
    }

    @Operation(summary = "The project's alert rules, by name")
    @GetMapping(RULES)
    Mono<List<ObjectNode>> list(@Parameter(hidden = true) Authorized access, @PathVariable("project") String project) {
        return blocking.call(() -> rules.list(access.projectId()).stream().map(RuleJson::json).toList());
    }

    @Operation(summary = "Add an alert rule (see docs/incidents.md for the body)")
    @PostMapping(RULES)
    Mono<ResponseEntity<ObjectNode>> create(@Parameter(hidden = true) Authorized access,
            @PathVariable("project") String project, @RequestBody JsonNode body) {
        return blocking.call(() -> ResponseEntity.status(HttpStatus.CREATED).body(RuleJson.json(rules.create(
                access.workspaceId(), access.projectId(), RuleJson.draft(body), SilencesController.who(access)))));
    }

    @Operation(summary = "One alert rule")
    @GetMapping(RULES + "/{rule}")
    Mono<ObjectNode> get(@Parameter(hidden = true) Authorized access, @PathVariable("project") String project,
            @PathVariable("rule") String rule) {
        return blocking.call(() -> RuleJson.json(rules.get(access.workspaceId(), access.projectId(), uuid("rule", rule))
                .orElseThrow(() -> notFound("no alert rule '" + rule + "' in this project"))));
    }

    @Operation(summary = "Change an alert rule (the whole of it); its alert states carry on")
    @PutMapping(RULES + "/{rule}")
    Mono<ObjectNode> update(@Parameter(hidden = true) Authorized access, @PathVariable("project") String project,
            @PathVariable("rule") String rule, @RequestBody JsonNode body) {
        return blocking.call(() -> RuleJson.json(rules.update(access.workspaceId(), access.projectId(), uuid("rule", rule),
                RuleJson.draft(body)).orElseThrow(() -> notFound("no alert rule '" + rule + "' in this project"))));
    }

    @Operation(summary = "Remove an alert rule; its firing alerts resolve at the next round as no longer evaluated")
    @DeleteMapping(RULES + "/{rule}")
    Mono<ResponseEntity<Void>> delete(@Parameter(hidden = true) Authorized access, @PathVariable("project") String project,
            @PathVariable("rule") String rule) {
        return blocking.call(() -> {
            if (!rules.delete(access.workspaceId(), access.projectId(), uuid("rule", rule))) {
                throw notFound("no alert rule '" + rule + "' in this project");
            }
            return ResponseEntity.noContent().build();
        });
    }

    @Operation(summary = "A rule as written (saved or not, named or not), over the last day in window-sized steps: each series' value, "
            + "what it is compared with, and whether it breaches")
    @PostMapping(RULES + "/preview")
    Mono<Preview> preview(@Parameter(hidden = true) Authorized access, @PathVariable("project") String project,
            @RequestBody JsonNode body) {
        return blocking.call(() -> {
            if (body == null || !body.isObject() || !body.hasNonNull("window")) {
                throw new InvalidRuleException("a preview needs the rule's 'query', 'condition' and 'window' (a name is not needed)");
            }
            return preview.preview(access.projectId(), RuleJson.query(body.get("query")),
                    RuleJson.condition(body.get("condition")), RuleJson.parseDuration(body.get("window").asString()));
        });
    }
}
