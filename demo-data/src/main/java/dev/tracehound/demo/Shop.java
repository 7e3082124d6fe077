package dev.tracehound.demo;

/** Wires the services of the simulated shop around one trace recorder. */
final class Shop {

    private final TraceRecorder recorder;
    private final Frontend frontend;

    Shop(String projectId, Conditions conditions, Catalogue catalogue, Frontend.RetryScheduler retries) {
        this.recorder = new TraceRecorder(projectId, new Fleet(conditions));
        Calls calls = new Calls(recorder);
        Inventory inventory = new Inventory(recorder, calls, conditions);
        Payments payments = new Payments(recorder, calls, conditions);
        Recommendations recommendations = new Recommendations(recorder, calls);
        Checkout checkout = new Checkout(recorder, calls, inventory, payments);
        this.frontend = new Frontend(recorder, calls, catalogue, checkout, inventory, recommendations, retries);
    }

    TraceRecorder recorder() {
        return recorder;
    }

    Frontend frontend() {
        return frontend;
    }
}
