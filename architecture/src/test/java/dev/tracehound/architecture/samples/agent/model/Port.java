package dev.tracehound.architecture.samples.agent.model;

public class Port {
    public static String reply() {
        return "hello";
    }
}
