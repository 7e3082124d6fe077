package dev.tracehound.incidents.alerting;

import dev.tracehound.incidents.IncidentContext;
import dev.tracehound.incidents.InvestigationRequests;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records the investigations asked for; can be told to refuse the next few. */
final class RecordingInvestigations implements InvestigationRequests {

    record Request(IncidentContext incident, String requestedBy) {}

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusals = new AtomicInteger();

    void refuseNext(int times) {
        refusals.set(times);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public UUID request(IncidentContext incident, String requestedBy) {
        if (refusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("the investigation queue is not reachable (test)");
        }
        requests.add(new Request(incident, requestedBy));
        return UUID.randomUUID();
    }
}
