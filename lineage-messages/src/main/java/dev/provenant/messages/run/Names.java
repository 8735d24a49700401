package dev.provenant.messages.run;

/** Validation of the free-form names used in runs (input/output names, parameter keys, metric names). */
final class Names {

    private Names() {}

    static String requireName(String name, String what) {
        if (name == null || name.isEmpty() || name.length() > 1024) {
            throw new IllegalArgumentException(what + " must be 1-1024 characters");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new IllegalArgumentException(
                        what + " '" + name.replaceAll("\\p{Cntrl}", "?") + "' contains a control character");
            }
        }
        return name;
    }
}
