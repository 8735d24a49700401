package dev.provenant.messages.run;

import dev.provenant.messages.common.TextRules;

/** Validation of the free-form names used in runs (input/output names, parameter keys, metric names). */
final class Names {

    private Names() {}

    /** 1-{@value TextRules#NAME_MAX} characters, no control characters (see {@link TextRules}). */
    static String requireName(String name, String what) {
        return TextRules.requireName(what, name, TextRules.NAME_MAX);
    }
}
