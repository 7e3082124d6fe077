package dev.tracehound.architecture.samples.low;

public class Low {
    public static int answer() {
        return Door.open();
    }
}
