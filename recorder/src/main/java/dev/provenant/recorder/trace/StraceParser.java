package dev.provenant.recorder.trace;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the output of {@code strace -f [-y] -o FILE}: one {@link FileAccess} per open, creat,
 * execve or rename, with the path made absolute. With {@code -f} a system call interrupted by
 * another process's is split over two lines ({@code <unfinished ...>} and {@code <... openat
 * resumed>}); they are joined per pid. Paths are resolved, in this order, from the path {@code -y}
 * prints after a returned descriptor ({@code = 3</abs/path>}), from the directory it prints after
 * the dirfd ({@code AT_FDCWD</cwd>}), and otherwise against the process's working directory as
 * followed through {@code chdir} (starting from the command's own).
 */
public final class StraceParser {

    /** What a system call did to a path. */
    public enum Kind {
        /** Opened for reading only. */
        READ,
        /** Opened for writing (O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, creat) or the target of a rename. */
        WRITE,
        /** Executed (the program file is read). */
        EXEC
    }

    /**
     * One access: {@code ok} false when the call failed, with {@code errno} (e.g. {@code ENOENT});
     * {@code directory} when opened with O_DIRECTORY (a listing, not a read of content).
     */
    public record FileAccess(int pid, Kind kind, Path path, boolean ok, String errno, boolean directory) {}

    private static final Pattern PID = Pattern.compile("^(?:\\[pid\\s+)?(\\d+)\\]?\\s+(.*)$");
    private static final Pattern RESUMED = Pattern.compile("^<\\.\\.\\. (\\w+) resumed>(.*)$");
    private static final Pattern CALL = Pattern.compile("^(\\w+)\\((.*)$");
    private static final Pattern RETURN = Pattern.compile("^(-?\\d+|\\?)(?:<(.*)>)?(?:\\s+(E[A-Z0-9]+).*)?$");

    private final Path initialCwd;
    private final Map<Integer, Path> cwd = new HashMap<>();
    private final Map<Integer, String> unfinished = new HashMap<>();
    private final List<FileAccess> accesses = new ArrayList<>();

    private StraceParser(Path initialCwd) {
        this.initialCwd = initialCwd.toAbsolutePath().normalize();
    }

    /** Parses a trace file; {@code cwd} is the directory the traced command started in. */
    public static List<FileAccess> parse(Path traceFile, Path cwd) {
        try {
            return parse(Files.readAllLines(traceFile, StandardCharsets.ISO_8859_1), cwd);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trace " + traceFile, e);
        }
    }

    /** Parses trace lines (read as ISO-8859-1, so that every byte survives until paths are decoded). */
    public static List<FileAccess> parse(List<String> lines, Path cwd) {
        StraceParser p = new StraceParser(cwd);
        for (String line : lines) {
            p.line(line);
        }
        return List.copyOf(p.accesses);
    }

    private void line(String raw) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("+++") || line.startsWith("---")) {
            return;
        }
        int pid = 0;
        Matcher m = PID.matcher(line);
        if (m.matches()) {
            pid = Integer.parseInt(m.group(1));
            line = m.group(2);
        }
        if (line.endsWith("<unfinished ...>")) {
            unfinished.put(pid, line.substring(0, line.length() - "<unfinished ...>".length()));
            return;
        }
        Matcher r = RESUMED.matcher(line);
        if (r.matches()) {
            String start = unfinished.remove(pid);
            if (start == null) {
                return; // started before the trace (or its line was lost): nothing to join
            }
            line = start + r.group(2);
        }
        call(pid, line);
    }

    /**
     * One finished system call: its name, its arguments as printed, whether it succeeded, the path
     * {@code -y} printed after a returned descriptor (or null) and the errno name (or null).
     */
    private record Call(int pid, String name, List<String> parts, boolean ok, String retPath, String errno) {}

    private void call(int pid, String line) {
        Call call = parseCall(pid, line);
        if (call == null) {
            return;
        }
        switch (call.name()) {
            case "open", "openat", "openat2", "creat" -> open(call);
            case "execve", "execveat" -> exec(call);
            case "chdir" -> chdir(call);
            case "fchdir" -> fchdir(call);
            case "rename", "renameat", "renameat2" -> rename(call);
            default -> {
                // stat and friends: not reads of content
            }
        }
    }

    /** The call on {@code line}, or null when the line is not a call with a return value. */
    private static Call parseCall(int pid, String line) {
        Matcher c = CALL.matcher(line);
        if (!c.matches()) {
            return null;
        }
        String name = c.group(1);
        String rest = c.group(2);
        int eq = rest.lastIndexOf(") = ");
        if (eq < 0) {
            return null;
        }
        Matcher res = RETURN.matcher(rest.substring(eq + 4).strip());
        if (!res.matches()) {
            return null;
        }
        String ret = res.group(1);
        boolean ok = !ret.startsWith("-") && !ret.equals("?");
        return new Call(pid, name, splitArgs(rest.substring(0, eq)), ok, res.group(2), res.group(3));
    }

    private void open(Call call) {
        String name = call.name();
        List<String> parts = call.parts();
        int pathIndex = name.equals("openat") || name.equals("openat2") ? 1 : 0;
        if (parts.size() <= pathIndex) {
            return;
        }
        String dirfd = pathIndex == 1 ? parts.get(0) : "AT_FDCWD";
        String flags = name.equals("creat") ? "O_CREAT|O_WRONLY|O_TRUNC" : flagsOf(name, parts, pathIndex);
        boolean write = flags.contains("O_WRONLY")
                || flags.contains("O_RDWR")
                || flags.contains("O_CREAT")
                || flags.contains("O_TRUNC");
        Path path = call.ok() && call.retPath() != null
                ? Path.of(decode(call.retPath()))
                : resolve(call.pid(), dirfd, string(parts.get(pathIndex)));
        if (path == null) {
            return;
        }
        accesses.add(new FileAccess(
                call.pid(),
                write ? Kind.WRITE : Kind.READ,
                path,
                call.ok(),
                call.errno(),
                flags.contains("O_DIRECTORY")));
    }

    private void exec(Call call) {
        List<String> parts = call.parts();
        int pathIndex = call.name().equals("execveat") ? 1 : 0;
        if (parts.size() <= pathIndex) {
            return;
        }
        String dirfd = pathIndex == 1 ? parts.get(0) : "AT_FDCWD";
        Path path = resolve(call.pid(), dirfd, string(parts.get(pathIndex)));
        if (path != null) {
            accesses.add(new FileAccess(call.pid(), Kind.EXEC, path, call.ok(), call.errno(), false));
        }
    }

    private void chdir(Call call) {
        if (call.ok() && !call.parts().isEmpty()) {
            Path p = resolve(call.pid(), "AT_FDCWD", string(call.parts().get(0)));
            if (p != null) {
                cwd.put(call.pid(), p);
            }
        }
    }

    private void fchdir(Call call) {
        if (call.ok() && !call.parts().isEmpty()) {
            String dir = decoration(call.parts().get(0));
            if (dir != null) {
                cwd.put(call.pid(), Path.of(decode(dir)));
            }
        }
    }

    /** The target of a successful rename is a write (how tools write a file atomically). */
    private void rename(Call call) {
        String name = call.name();
        List<String> parts = call.parts();
        int toIndex = name.equals("rename") ? 1 : 3;
        if (call.ok() && parts.size() > toIndex) {
            String dirfd = name.equals("rename") ? "AT_FDCWD" : parts.get(2);
            Path to = resolve(call.pid(), dirfd, string(parts.get(toIndex)));
            if (to != null) {
                accesses.add(new FileAccess(call.pid(), Kind.WRITE, to, true, null, false));
            }
        }
    }

    private static String flagsOf(String name, List<String> parts, int pathIndex) {
        if (name.equals("openat2")) {
            // openat2(dirfd, "path", {flags=O_RDONLY|O_CLOEXEC, ...}, 24)
            for (String p : parts) {
                int i = p.indexOf("flags=");
                if (i >= 0) {
                    return p.substring(i);
                }
            }
            return "";
        }
        return parts.size() > pathIndex + 1 ? parts.get(pathIndex + 1) : "";
    }

    /** The path {@code -y} printed after a descriptor ({@code 3</a/b>} → {@code /a/b}), or null. */
    private static String decoration(String fd) {
        int lt = fd.indexOf('<');
        if (lt < 0 || !fd.endsWith(">")) {
            return null;
        }
        return fd.substring(lt + 1, fd.length() - 1);
    }

    private Path resolve(int pid, String dirfd, String path) {
        if (path == null) {
            return null;
        }
        Path p = Path.of(path);
        if (p.isAbsolute()) {
            return p.normalize();
        }
        String dir = decoration(dirfd.strip());
        Path base;
        if (dir != null) {
            base = Path.of(decode(dir));
        } else if (dirfd.strip().startsWith("AT_FDCWD")) {
            base = cwd.getOrDefault(pid, initialCwd);
        } else {
            return null; // relative to a descriptor we cannot name
        }
        return base.resolve(p).normalize();
    }

    /** The string literal an argument is ({@code "a\"b"} → {@code a"b}), or null if it is not one. */
    private static String string(String arg) {
        String a = arg.strip();
        if (a.length() < 2 || a.charAt(0) != '"') {
            return null;
        }
        int end = a.lastIndexOf('"');
        if (end <= 0) {
            return null;
        }
        return decode(a.substring(1, end));
    }

    /** Undoes strace's escapes ({@code \"}, {@code \\}, {@code \n}, octal {@code \303}, hex {@code \x41}) as UTF-8. */
    static String decode(String s) {
        if (s.indexOf('\\') < 0 && s.chars().allMatch(ch -> ch < 0x80)) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch != '\\' || i + 1 >= s.length()) {
                out.write(ch & 0xff);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case 'r' -> out.write('\r');
                case 'v' -> out.write(0x0b);
                case 'f' -> out.write('\f');
                case 'x' -> {
                    int end = Math.min(s.length(), i + 3);
                    out.write(Integer.parseInt(s.substring(i + 1, end), 16));
                    i = end - 1;
                }
                default -> {
                    if (n >= '0' && n <= '7') {
                        int end = i;
                        while (end < s.length() && end < i + 3 && s.charAt(end) >= '0' && s.charAt(end) <= '7') {
                            end++;
                        }
                        out.write(Integer.parseInt(s.substring(i, end), 8));
                        i = end - 1;
                    } else {
                        out.write(n & 0xff);
                    }
                }
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Splits a system call's arguments at top-level commas: not inside a string, braces, brackets
     * or a {@code <...>} decoration.
     */
    static List<String> splitArgs(String args) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < args.length(); i++) {
            char ch = args.charAt(i);
            if (inString) {
                cur.append(ch);
                if (ch == '\\' && i + 1 < args.length()) {
                    cur.append(args.charAt(++i));
                } else if (ch == '"') {
                    inString = false;
                }
                continue;
            }
            switch (ch) {
                case '"' -> {
                    inString = true;
                    cur.append(ch);
                }
                case '{', '[', '<', '(' -> {
                    depth++;
                    cur.append(ch);
                }
                case '}', ']', '>', ')' -> {
                    depth = Math.max(0, depth - 1);
                    cur.append(ch);
                }
                case ',' -> {
                    if (depth == 0) {
                        parts.add(cur.toString().strip());
                        cur.setLength(0);
                    } else {
                        cur.append(ch);
                    }
                }
                default -> cur.append(ch);
            }
        }
        if (!cur.isEmpty()) {
            parts.add(cur.toString().strip());
        }
        return parts;
    }
}
