package dev.tracehound.demo;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The pods of the Kubernetes deployment. Pod names follow the ReplicaSet pattern and are derived
 * from the service and version alone, so a deploy changes them and every scenario names them alike.
 */
final class Fleet {

    static final String NAMESPACE = "shop";
    static final String ENVIRONMENT = "production";
    static final String CLOUD_REGION = "europe-west1";
    private static final String[] NODES = {
        "gke-shop-prod-pool-1-6f2c9a1e-5k2x", "gke-shop-prod-pool-1-6f2c9a1e-9qzt", "gke-shop-prod-pool-1-6f2c9a1e-d7vb",
        "gke-shop-prod-pool-1-6f2c9a1e-hw4m", "gke-shop-prod-pool-1-6f2c9a1e-m3rj", "gke-shop-prod-pool-1-6f2c9a1e-x8np"
    };
    /** The alphabet Kubernetes uses for generated name suffixes (no vowels, no look-alikes). */
    private static final char[] KUBE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789".toCharArray();

    private final Conditions conditions;
    private final Map<Service, Map<String, List<ServiceInstance>>> instancesByVersion = new EnumMap<>(Service.class);

    Fleet(Conditions conditions) {
        this.conditions = conditions;
    }

    ServiceInstance pick(Service service, long epochNanos, Rng rng) {
        List<ServiceInstance> pods = instancesOf(service, conditions.versionOf(service, epochNanos));
        return pods.get(rng.nextInt(pods.size()));
    }

    List<ServiceInstance> instancesOf(Service service, String version) {
        return instancesByVersion.computeIfAbsent(service, s -> new HashMap<>())
                .computeIfAbsent(version, v -> IntStream.range(0, service.replicas)
                        .mapToObj(replica -> instance(service, v, replica))
                        .toList());
    }

    private static ServiceInstance instance(Service service, String version, int replica) {
        long replicaSetHash = Rng.mix((service.serviceName + "@" + version).hashCode() * 0x9E3779B97F4A7C15L);
        long podHash = Rng.mix(replicaSetHash + replica + 1);
        String podName = service.serviceName + "-" + kubeName(replicaSetHash, 10) + "-" + kubeName(podHash, 5);
        String node = NODES[(int) Long.remainderUnsigned(podHash, NODES.length)];
        long instanceHigh = Rng.mix(podHash);
        long instanceLow = Rng.mix(instanceHigh);
        String instanceId = Ids.hex(instanceHigh >>> 32, 8) + "-" + Ids.hex(instanceHigh >>> 16, 4) + "-4"
                + Ids.hex(instanceHigh, 3) + "-a" + Ids.hex(instanceLow >>> 48, 3) + "-" + Ids.hex(instanceLow, 12);

        Map<String, String> resource = new LinkedHashMap<>();
        resource.put("service.name", service.serviceName);
        resource.put("service.namespace", NAMESPACE);
        resource.put("service.version", version);
        resource.put("service.instance.id", instanceId);
        resource.put("deployment.environment", ENVIRONMENT);
        resource.put("host.name", podName);
        resource.put("k8s.namespace.name", NAMESPACE);
        resource.put("k8s.deployment.name", service.serviceName);
        resource.put("k8s.pod.name", podName);
        resource.put("k8s.node.name", node);
        resource.put("cloud.provider", "gcp");
        resource.put("cloud.platform", "gcp_kubernetes_engine");
        resource.put("cloud.region", CLOUD_REGION);
        resource.put("telemetry.sdk.name", "opentelemetry");
        resource.put("telemetry.sdk.language", service.language.sdkLanguage);
        resource.put("telemetry.sdk.version", service.language.sdkVersion);
        return new ServiceInstance(service, version, podName, Collections.unmodifiableMap(resource));
    }

    private static String kubeName(long hash, int length) {
        char[] chars = new char[length];
        long value = hash;
        for (int i = 0; i < length; i++) {
            chars[i] = KUBE_ALPHABET[(int) Long.remainderUnsigned(value, KUBE_ALPHABET.length)];
            value = Long.divideUnsigned(value, KUBE_ALPHABET.length);
            if (value == 0) {
                value = Rng.mix(hash + i);
            }
        }
        return new String(chars);
    }
}
