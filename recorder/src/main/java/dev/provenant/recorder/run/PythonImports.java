package dev.provenant.recorder.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local modules Python scripts import, found by reading their {@code import} lines (not by
 * running them): {@code import a.b}, {@code from a.b import c}, {@code from . import c}, {@code from
 * .x import y}. A module counts when it resolves to a file or package inside the working directory,
 * next to the importing file or at the root; standard-library and installed packages never do.
 * Imports built at run time ({@code importlib}, {@code __import__}) are not seen: declare such code
 * with {@code code:}.
 */
final class PythonImports {

    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+([\\w.]+(?:\\s*,\\s*[\\w.]+)*)");
    private static final Pattern FROM = Pattern.compile("^\\s*from\\s+(\\.*)([\\w.]*)\\s+import\\s+([\\w*,\\s()]+)");
    private static final int MAX_FILES = 10_000;

    private PythonImports() {}

    /** Every local module file reachable from the {@code .py} files among {@code files} (relative paths). */
    static Set<String> closure(Path workdir, Collection<String> files) {
        Set<String> found = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        files.stream().filter(f -> f.endsWith(".py")).forEach(todo::add);
        Set<String> seen = new LinkedHashSet<>(todo);
        while (!todo.isEmpty() && seen.size() < MAX_FILES) {
            String file = todo.poll();
            for (String dep : importsOf(workdir, file)) {
                if (seen.add(dep)) {
                    found.add(dep);
                    todo.add(dep);
                }
            }
        }
        return found;
    }

    private static Set<String> importsOf(Path workdir, String file) {
        Set<String> deps = new LinkedHashSet<>();
        Path path = workdir.resolve(file);
        Path dir = path.getParent() == null ? workdir : path.getParent();
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return deps; // unreadable or not UTF-8: nothing to follow
        }
        for (String line : text.split("\n")) {
            Matcher m = IMPORT.matcher(line);
            if (m.find()) {
                for (String module : m.group(1).split(",")) {
                    resolve(workdir, dir, module.trim(), deps);
                }
                continue;
            }
            Matcher f = FROM.matcher(line);
            if (f.find()) {
                int dots = f.group(1).length();
                String module = f.group(2);
                Path base = dir;
                for (int i = 1; i < dots && base != null; i++) {
                    base = base.getParent();
                }
                if (base == null || !base.normalize().startsWith(workdir)) {
                    continue;
                }
                if (dots > 0) {
                    if (module.isEmpty()) {
                        // from . import a, b: each name may be a module beside the file
                        for (String name : f.group(3).replaceAll("[()]", "").split(",")) {
                            resolveFrom(workdir, base, name.trim(), deps);
                        }
                    } else {
                        resolveFrom(workdir, base, module, deps);
                    }
                } else {
                    resolve(workdir, dir, module, deps);
                    // from pkg import sub: sub may be a module of a local package
                    for (String name : f.group(3).replaceAll("[()]", "").split(",")) {
                        if (!name.isBlank() && !name.trim().equals("*")) {
                            resolve(workdir, dir, module + "." + name.trim(), deps);
                        }
                    }
                }
            }
        }
        return deps;
    }

    /** An absolute import: tried next to the importing file, then at the root of the working directory. */
    private static void resolve(Path workdir, Path dir, String module, Set<String> deps) {
        if (module.isEmpty()) {
            return;
        }
        if (!resolveFrom(workdir, dir, module, deps)) {
            resolveFrom(workdir, workdir, module, deps);
        }
    }

    private static boolean resolveFrom(Path workdir, Path base, String module, Set<String> deps) {
        if (module.isEmpty() || !module.matches("[\\w.]+")) {
            return false;
        }
        String rel = module.replace('.', '/');
        Path file = base.resolve(rel + ".py").normalize();
        Path pkg = base.resolve(rel).resolve("__init__.py").normalize();
        boolean any = false;
        // the packages on the way (a.b imports a/__init__.py too)
        String[] parts = module.split("\\.");
        Path p = base;
        for (int i = 0; i < parts.length - 1; i++) {
            p = p.resolve(parts[i]);
            Path init = p.resolve("__init__.py").normalize();
            if (init.startsWith(workdir) && Files.isRegularFile(init, LinkOption.NOFOLLOW_LINKS)) {
                deps.add(workdir.relativize(init).toString());
            }
        }
        for (Path candidate : new Path[] {file, pkg}) {
            if (candidate.startsWith(workdir) && Files.isRegularFile(candidate, LinkOption.NOFOLLOW_LINKS)) {
                deps.add(workdir.relativize(candidate).toString());
                any = true;
            }
        }
        return any;
    }
}
