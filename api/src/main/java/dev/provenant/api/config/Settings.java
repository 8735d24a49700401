package dev.provenant.api.config;

/** Checks shared by the settings records: a bad value stops the start with the setting's name. */
final class Settings {

    private Settings() {}

    static void atLeast(String property, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(property + " must be at least " + min + ", was " + value);
        }
    }
}
