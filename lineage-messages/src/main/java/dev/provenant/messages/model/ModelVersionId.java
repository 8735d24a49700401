package dev.provenant.messages.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.provenant.messages.common.TextRules;
import java.util.regex.Pattern;

/** Typed id of a model version: {@code model:<name>@<version>}. {@code ModelVersionId.parse("model:churn@7")} */
public record ModelVersionId(String name, String version) {

    public static final String PREFIX = "model:";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,199}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,199}");

    public ModelVersionId {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("model name '" + TextRules.printable(name)
                    + "' is invalid: use 1-200 letters, digits, '.', '_', '-' or '/', starting with a letter or digit");
        }
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("model version '" + TextRules.printable(version)
                    + "' is invalid: use 1-200 letters, digits, '.', '_', '-' or '+', starting with a letter or digit");
        }
    }

    /** Parses {@code model:<name>@<version>}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ModelVersionId parse(String id) {
        if (id == null || !id.startsWith(PREFIX)) {
            throw new IllegalArgumentException(
                    "model version id '" + TextRules.printable(id) + "' must look like 'model:<name>@<version>'");
        }
        String rest = id.substring(PREFIX.length());
        int at = rest.lastIndexOf('@');
        if (at <= 0 || at == rest.length() - 1) {
            throw new IllegalArgumentException(
                    "model version id '" + TextRules.printable(id) + "' must look like 'model:<name>@<version>'");
        }
        return new ModelVersionId(rest.substring(0, at), rest.substring(at + 1));
    }

    @JsonValue
    @Override
    public String toString() {
        return PREFIX + name + "@" + version;
    }
}
