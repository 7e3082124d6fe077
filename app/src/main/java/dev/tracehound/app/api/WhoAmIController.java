package dev.tracehound.app.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
final class WhoAmIController {

    @Operation(summary = "The project the presented read key belongs to; its id is the {project} of every other path")
    @GetMapping("/api/v1/whoami")
    AuthorizedArguments.KeyOwner whoAmI(@Parameter(hidden = true) AuthorizedArguments.KeyOwner owner) {
        return owner;
    }
}
