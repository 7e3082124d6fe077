package dev.tracehound.demo;

import java.util.Map;

/** One running pod of a service version, with the OTel resource attributes it reports. */
record ServiceInstance(Service service, String version, String podName, Map<String, String> resourceAttributes) {
}
