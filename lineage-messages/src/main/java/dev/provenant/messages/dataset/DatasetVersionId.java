package dev.provenant.messages.dataset;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.provenant.messages.common.TextRules;
import java.util.regex.Pattern;

/**
 * Typed id of a dataset version: {@code dataset:<name>@<version>}.
 *
 * <p>Names may contain letters, digits and {@code . _ - /}; versions letters, digits and
 * {@code . _ - +}. Both are at most 200 characters. {@code DatasetVersionId.parse("dataset:iris@v1")}
 */
public record DatasetVersionId(String name, String version) {

    public static final String PREFIX = "dataset:";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,199}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,199}");

    public DatasetVersionId {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("dataset name '" + TextRules.printable(name)
                    + "' is invalid: use 1-200 letters, digits, '.', '_', '-' or '/', starting with a letter or digit");
        }
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("dataset version '" + TextRules.printable(version)
                    + "' is invalid: use 1-200 letters, digits, '.', '_', '-' or '+', starting with a letter or digit");
        }
    }

    /** Parses {@code dataset:<name>@<version>}; throws {@link IllegalArgumentException} naming the problem. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static DatasetVersionId parse(String id) {
        if (id == null || !id.startsWith(PREFIX)) {
            throw new IllegalArgumentException(
                    "dataset version id '" + TextRules.printable(id) + "' must look like 'dataset:<name>@<version>'");
        }
        String rest = id.substring(PREFIX.length());
        int at = rest.lastIndexOf('@');
        if (at <= 0 || at == rest.length() - 1) {
            throw new IllegalArgumentException(
                    "dataset version id '" + TextRules.printable(id) + "' must look like 'dataset:<name>@<version>'");
        }
        return new DatasetVersionId(rest.substring(0, at), rest.substring(at + 1));
    }

    /** Parses {@code id} when it is not null (an optional field). */
    public static DatasetVersionId parseOrNull(String id) {
        return id == null ? null : parse(id);
    }

    @JsonValue
    @Override
    public String toString() {
        return PREFIX + name + "@" + version;
    }
}
