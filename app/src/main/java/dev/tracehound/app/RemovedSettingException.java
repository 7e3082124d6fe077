package dev.tracehound.app;

/** A setting this version no longer reads is still set; the message names the one that replaced it. */
final class RemovedSettingException extends IllegalStateException {

    RemovedSettingException(String message) {
        super(message);
    }
}
