package dev.tracehound.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.platform.identity.AuditAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The audit page's action filter lists the service's actions by name (the API takes them lower
 * case); a new {@link AuditAction} without its entry there could not be filtered on.
 */
class AuditActionsInTheUiTest {

    private static final Path UI_LIST = Path.of("../frontend/src/features/admin/auditFilters.ts");

    @Test
    void theAuditPageOffersEveryActionTheServiceRecords() throws Exception {
        String source = Files.readString(UI_LIST);
        int start = source.indexOf("export const AUDIT_ACTIONS = [");
        assertThat(start).as("AUDIT_ACTIONS in %s", UI_LIST).isNotNegative();
        String list = source.substring(start, source.indexOf("] as const", start));
        var inTheUi = Pattern.compile("'([a-z_]+)'").matcher(list).results().map(m -> m.group(1)).toList();

        assertThat(inTheUi).containsExactlyInAnyOrderElementsOf(Arrays.stream(AuditAction.values())
                .map(action -> action.name().toLowerCase(Locale.ROOT)).toList());
    }
}
