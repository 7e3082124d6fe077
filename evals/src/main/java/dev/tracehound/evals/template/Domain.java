package dev.tracehound.evals.template;

import java.util.List;

/**
 * The names of one made-up business: its front service and the four ways requests go through it,
 * the attribute its main service is known by, the third party it pays, its tables, its tenants
 * and its LLM feature. Templates build the same shape of system from any domain, so the names
 * vary and the mechanics stay comparable.
 *
 * @param edge      the front service every request enters by
 * @param write     the main transaction (e.g. checkout into payments)
 * @param read      the read path, with a cache and a database behind it
 * @param assist    the LLM feature
 * @param other     a fourth, plain path
 * @param bulkRoute a batch endpoint on the edge that one tenant can flood
 * @param choiceKey a span attribute of the write path's service, e.g. {@code payment.provider}
 * @param vendor    the third party the write path calls, seen only through client spans ({@code peer.service})
 * @param vendorOp  the name of that client span
 * @param writeTable the write path's table; {@code readTable} the read path's, {@code otherTable} the fourth's
 * @param tenantKey the attribute on the edge's spans that says whose request it is
 */
record Domain(String name, String edge, Path write, Path read, Path assist, Path other, String bulkRoute,
        String choiceKey, List<String> choices, String vendor, String vendorOp, String writeTable, String readTable,
        String otherTable, String tenantKey, List<String> tenants) {

    List<Path> paths() {
        return List.of(write, read, assist, other);
    }

    /**
     * One way in: the edge's route, what people call it ({@code feature}, {@code things} for
     * "orders started failing"), and the service and operation behind it.
     */
    record Path(String route, String feature, String things, String service, String operation) {}
}
