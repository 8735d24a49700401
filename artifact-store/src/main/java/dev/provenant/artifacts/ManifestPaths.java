package dev.provenant.artifacts;

import java.nio.charset.StandardCharsets;

/** Rules for paths inside a manifest; every rule names what it rejects. */
final class ManifestPaths {

    static final int MAX_SEGMENT_BYTES = 255;
    static final int MAX_PATH_BYTES = 4096;

    private ManifestPaths() {}

    static void validatePath(String path) {
        if (path == null || path.isEmpty()) {
            throw new UnsafePathException("Manifest path must not be empty.");
        }
        checkCharacters("Path", path, path);
        if (path.startsWith("/")) {
            throw new UnsafePathException("Path '" + path + "' is absolute; manifest paths are relative to the tree.");
        }
        if (path.length() >= 2 && path.charAt(1) == ':' && Character.isLetter(path.charAt(0))) {
            throw new UnsafePathException("Path '" + path + "' looks like a drive-absolute path.");
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new UnsafePathException(
                    "Path '" + abbreviate(path) + "' is longer than " + MAX_PATH_BYTES + " bytes.");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new UnsafePathException("Path '" + path + "' has an empty segment (leading, trailing or '//').");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new UnsafePathException(
                        "Path '" + path + "' contains a '" + segment + "' segment; paths must stay inside the tree.");
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw new UnsafePathException("Path '" + abbreviate(path) + "' has a name longer than "
                        + MAX_SEGMENT_BYTES + " bytes: '" + abbreviate(segment) + "'.");
            }
        }
    }

    static void validateLinkTarget(String path, String target) {
        if (target == null || target.isEmpty()) {
            throw new UnsafePathException("Symlink '" + path + "' has an empty target.");
        }
        checkCharacters("Symlink target of '" + path + "'", target, target);
        if (target.startsWith("/")) {
            throw new UnsafePathException(
                    "Symlink '" + path + "' -> '" + target
                            + "' is absolute and escapes the target directory; only relative links inside the tree are allowed.");
        }
        if (target.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new UnsafePathException(
                    "Symlink target of '" + path + "' is longer than " + MAX_PATH_BYTES + " bytes.");
        }
    }

    private static void checkCharacters(String what, String value, String shown) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                throw new UnsafePathException(what + " '" + escape(shown) + "' contains a NUL byte.");
            }
            if (c < 0x20 || c == 0x7f) {
                throw new UnsafePathException(what + " '" + escape(shown) + "' contains control character "
                        + String.format("U+%04X", (int) c) + ".");
            }
            if (c == '\\') {
                throw new UnsafePathException(what + " '" + shown
                        + "' contains a backslash; use '/' as separator (backslashes are separators on Windows).");
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c)
                        && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (!paired) {
                    throw new UnsafePathException(what + " '" + escape(shown) + "' is not valid Unicode.");
                }
                i++;
            }
        }
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return abbreviate(b.toString());
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}
