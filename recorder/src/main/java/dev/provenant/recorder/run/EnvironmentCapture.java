package dev.provenant.recorder.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.Digest;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment fingerprint of a run: OS and architecture, the runtime the step's command runs
 * on, digests of the dependency lockfiles found in the working directory, the container image
 * digest if any, GPU driver and CUDA versions where {@code nvidia-smi} exists, and the values of
 * an allowlist of environment variables ({@code PROVENANT_ENV_ALLOWLIST}, comma separated; default
 * {@link #DEFAULT_ALLOWLIST}), never those whose name looks like a secret ({@link #isSecret}).
 *
 * <p>The runtime: when the command runs a Python interpreter ({@code python}, {@code python3.11},
 * a venv's {@code bin/python}, {@code env python3}, or a script with a python shebang), that
 * interpreter is asked, in one subprocess with the step's own environment, for its path, version,
 * implementation, {@code sys.prefix}/{@code sys.base_prefix} (a virtualenv), {@code CONDA_PREFIX}
 * and every installed distribution with its version (through {@code importlib.metadata}). The full
 * list is stored as a content-addressed JSON document ({@code python.environment}: its digest); the
 * fingerprint keeps only a few summary properties, so it stays small. Other commands record the
 * Java runtime that Provenant runs on, as before.
 *
 * <p>Probes start before the caller hashes inputs and code ({@link #start}) and are collected
 * after ({@link Pending#finish}), so they add little to a step's time.
 */
public final class EnvironmentCapture {

    public static final List<String> DEFAULT_ALLOWLIST =
            List.of("LANG", "LC_ALL", "TZ", "PYTHONHASHSEED", "OMP_NUM_THREADS", "CUDA_VISIBLE_DEVICES");
    static final List<String> LOCKFILES = List.of(
            "pom.xml",
            "build.gradle",
            "gradle.lockfile",
            "package-lock.json",
            "yarn.lock",
            "pnpm-lock.yaml",
            "requirements.txt",
            "poetry.lock",
            "Pipfile.lock",
            "uv.lock",
            "environment.yml",
            "conda-lock.yml",
            "Cargo.lock",
            "go.sum");

    /** Names that are never recorded or restored, whatever the allowlist says. */
    static final List<String> SECRET_MARKERS = List.of("TOKEN", "SECRET", "PASSWORD", "PASSWD", "KEY", "CREDENTIAL");

    /** The document format of {@code python.environment}. */
    public static final String PYTHON_FORMAT = "provenant-python-environment 1";

    static final long PROBE_TIMEOUT_SECONDS = 30;

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    /**
     * What the interpreter reports: one JSON object on stdout. The installed distributions are
     * those importlib.metadata finds, in sys.path order (the first of a name is the one an import
     * gets): the dist-info/egg-info entries of each sys.path directory, named and versioned by
     * their directory names where those carry both (as pip and wheel write them), else by the
     * Name/Version header of their METADATA/PKG-INFO (else through importlib.metadata); with a zip
     * on sys.path or another distribution finder installed, all through importlib.metadata. Reading names instead of METADATA files matters: with 103
     * packages the probe costs 5 ms over the interpreter's own start here, importlib.metadata
     * alone 55 ms (its import) to 180 ms (parsing every METADATA); the results were the same.
     */
    static final String PYTHON_PROBE = String.join(
            "\n",
            "import sys, os, json, re",
            "r = {'executable': sys.executable, 'version': '%d.%d.%d' % tuple(sys.version_info[:3]),",
            "     'implementation': sys.implementation.name, 'prefix': sys.prefix,",
            "     'base_prefix': getattr(sys, 'base_prefix', sys.prefix), 'conda_prefix': os.environ.get('CONDA_PREFIX'),",
            "     'platform': sys.platform}",
            "pk = {}",
            "def add(name, version):",
            "    if name:",
            "        pk.setdefault(re.sub(r'[-_.]+', '-', name).lower(), version or '?')",
            "def parts(base):",
            "    if base.endswith('.dist-info'):",
            "        p = base[:-10].split('-')",
            "    elif base.endswith('.egg-info'):",
            "        p = base[:-9].split('-')",
            "        if len(p) == 3 and re.match(r'py[0-9]', p[2]):",
            "            p = p[:2]",
            "    else:",
            "        return None",
            "    return p if len(p) == 2 and p[0] and p[1] else []",
            "def header(path):",
            "    f = os.path.join(path, 'METADATA' if path.endswith('.dist-info') else 'PKG-INFO') if os.path.isdir(path) else path",
            "    name = version = None",
            "    with open(f, encoding='utf-8', errors='replace') as h:",
            "        for line in h:",
            "            if not line.strip():",
            "                break",
            "            if line.startswith('Name:'):",
            "                name = line[5:].strip()",
            "            elif line.startswith('Version:'):",
            "                version = line[8:].strip()",
            "    return name, version",
            "def meta(dist):",
            "    try:",
            "        add(dist.metadata['Name'], dist.version)",
            "    except Exception:",
            "        pass",
            "try:",
            "    fast = not any(getattr(f, 'find_distributions', None) is not None and f.__name__ != 'PathFinder'",
            "                   for f in (x if isinstance(x, type) else type(x) for x in sys.meta_path))",
            "    entries = []",
            "    if fast:",
            "        for d in sys.path:",
            "            d = d or '.'",
            "            if os.path.isdir(d):",
            "                try:",
            "                    entries.extend((d, n) for n in sorted(os.listdir(d)))",
            "                except OSError:",
            "                    pass",
            "            elif os.path.exists(d):",
            "                fast = False",
            "                break",
            "    if fast:",
            "        for d, n in entries:",
            "            p = parts(n)",
            "            if p:",
            "                add(*p)",
            "            elif p is not None:",
            "                try:",
            "                    add(*header(os.path.join(d, n)))",
            "                except Exception:",
            "                    from importlib import metadata as md",
            "                    meta(md.Distribution.at(os.path.join(d, n)))",
            "    else:",
            "        from importlib import metadata as md",
            "        for dist in md.distributions():",
            "            p = parts(getattr(getattr(dist, '_path', None), 'name', ''))",
            "            if p:",
            "                add(*p)",
            "            else:",
            "                meta(dist)",
            "except Exception as e:",
            "    r['error'] = '%s: %s' % (type(e).__name__, e)",
            "r['packages'] = pk",
            "sys.stdout.write(json.dumps(r, sort_keys=True))",
            "");

    private static final Pattern PYTHON_NAME = Pattern.compile("(python|pypy)(\\d+(\\.\\d+)*)?[tw]?");
    private static final Pattern ISOLATION_FLAGS = Pattern.compile("-[IsSEbBdOqRuv]+");

    private EnvironmentCapture() {}

    /** The basic facts only (no interpreter probe, no GPU): OS, Java, lockfiles, image, variables. */
    public static Map<String, String> capture(Path workdir, Map<String, String> env) {
        Map<String, String> facts = base(workdir, env);
        facts.put("java.version", System.getProperty("java.version"));
        facts.put("java.vendor", String.valueOf(System.getProperty("java.vendor")));
        return facts;
    }

    private static Map<String, String> base(Path workdir, Map<String, String> env) {
        Map<String, String> facts = new TreeMap<>();
        facts.put("os.name", System.getProperty("os.name"));
        facts.put("os.arch", System.getProperty("os.arch"));
        for (String lock : LOCKFILES) {
            Path p = workdir.resolve(lock);
            if (Files.isRegularFile(p)) {
                facts.put("lockfile." + lock, sha256(p));
            }
        }
        String image = env.get("PROVENANT_CONTAINER_IMAGE_DIGEST");
        if (image != null && !image.isBlank()) {
            facts.put("container.image", image);
        }
        for (String n : allowlist(env)) {
            String v = env.get(n);
            if (v != null && !v.contains("\n") && v.length() <= 4096) {
                facts.put("env." + n, v);
            }
        }
        return facts;
    }

    /** The allow-listed variable names, secrets left out. */
    public static List<String> allowlist(Map<String, String> env) {
        String allow = env.get("PROVENANT_ENV_ALLOWLIST");
        List<String> names = new ArrayList<>();
        for (String n : allow == null || allow.isBlank() ? DEFAULT_ALLOWLIST : List.of(allow.split(","))) {
            String t = n.trim();
            if (!t.isEmpty() && !isSecret(t) && !names.contains(t)) {
                names.add(t);
            }
        }
        return names;
    }

    /** Whether a variable name looks like a secret: contains TOKEN, SECRET, PASSWORD, PASSWD, KEY or CREDENTIAL. */
    public static boolean isSecret(String name) {
        String u = name.toUpperCase(Locale.ROOT);
        return SECRET_MARKERS.stream().anyMatch(u::contains);
    }

    /**
     * Starts capturing the environment of {@code command}: the interpreter probe (through {@code
     * sandbox} when given) and {@code nvidia-smi} run in the background until {@link
     * Pending#finish}.
     *
     * @param env the variables the facts are read from (the allowlist, the container image)
     * @param childEnv the environment the command itself will get (the probe runs with it; its PATH
     *     finds the interpreter)
     */
    public static Pending start(
            Path workdir,
            Map<String, String> env,
            List<String> command,
            Map<String, String> childEnv,
            Sandbox sandbox) {
        String path = sandbox != null ? Sandbox.PATH : childEnv.getOrDefault("PATH", Sandbox.PATH);
        Optional<PythonCommand> python = python(command, workdir, path);
        Map<String, String> facts = base(workdir, env);
        if (python.isEmpty()) {
            facts.put("java.version", System.getProperty("java.version"));
            facts.put("java.vendor", String.valueOf(System.getProperty("java.vendor")));
        }
        long t0 = System.nanoTime();
        Probe py = python.map(p -> Probe.python(p, workdir, childEnv, sandbox, path))
                .orElse(null);
        Probe gpu = which("nvidia-smi", childEnv.getOrDefault("PATH", Sandbox.PATH))
                .map(smi -> Probe.start(List.of(smi.toString()), workdir, null, null))
                .orElse(null);
        return new Pending(facts, python.orElse(null), py, gpu, t0);
    }

    /** Probes under way; {@link #finish} collects them into the fingerprint. */
    public static final class Pending {
        private final Map<String, String> facts;
        private final PythonCommand python;
        private final Probe py;
        private final Probe gpu;
        private final long t0;
        private long elapsedNanos = -1;
        private JsonNode pythonDocument;

        Pending(Map<String, String> facts, PythonCommand python, Probe py, Probe gpu, long t0) {
            this.facts = facts;
            this.python = python;
            this.py = py;
            this.gpu = gpu;
            this.t0 = t0;
        }

        /** The fingerprint; the Python environment document is stored in {@code store} first. */
        public Map<String, String> finish(ArtifactStore store) {
            Map<String, String> out = new TreeMap<>(facts);
            if (python != null) {
                pythonFacts(store, out);
            }
            if (gpu != null) {
                Probe.Output o = gpu.await();
                if (o.exit() == 0) {
                    out.putAll(nvidiaSmi(o.stdout()));
                }
            }
            elapsedNanos = System.nanoTime() - t0;
            return out;
        }

        /** The stored Python environment document, once finished (null for other commands). */
        public JsonNode pythonDocument() {
            return pythonDocument;
        }

        /** From start to the end of {@link #finish}, in milliseconds. */
        public double elapsedMillis() {
            return elapsedNanos / 1e6;
        }

        private void pythonFacts(ArtifactStore store, Map<String, String> out) {
            if (python.resolved() == null) {
                out.put("python.interpreter", python.interpreter());
                out.put("python.probe", "failed: '" + python.interpreter() + "' not found on PATH");
                return;
            }
            Probe.Output o = py.await();
            JsonNode reply = null;
            if (o.exit() == 0) {
                try {
                    reply = CANONICAL.readTree(o.stdout());
                } catch (IOException e) {
                    reply = null;
                }
            }
            if (reply == null || !reply.isObject() || !reply.path("packages").isObject()) {
                out.put("python.interpreter", python.resolved());
                out.put(
                        "python.probe",
                        clip("failed: "
                                + (o.timedOut()
                                        ? "no answer within " + PROBE_TIMEOUT_SECONDS + " s"
                                        : "exit " + o.exit()
                                                + (o.stderr().isBlank() ? "" : ": " + lastLine(o.stderr())))));
                return;
            }
            ObjectNode doc = CANONICAL.createObjectNode();
            doc.put("format", PYTHON_FORMAT);
            doc.put("executable", reply.path("executable").asText(python.resolved()));
            doc.put("version", reply.path("version").asText());
            doc.put("implementation", reply.path("implementation").asText());
            doc.put("platform", reply.path("platform").asText());
            doc.put("prefix", reply.path("prefix").asText());
            doc.put("basePrefix", reply.path("base_prefix").asText());
            if (!reply.path("conda_prefix").isNull()
                    && !reply.path("conda_prefix").isMissingNode()) {
                doc.put("condaPrefix", reply.path("conda_prefix").asText());
            }
            if (reply.has("error")) {
                doc.put("error", reply.path("error").asText());
            }
            ObjectNode packages = doc.putObject("packages");
            Map<String, String> sorted = new TreeMap<>();
            reply.path("packages")
                    .fields()
                    .forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
            sorted.forEach(packages::put);
            byte[] bytes;
            try {
                bytes = CANONICAL.writeValueAsBytes(CANONICAL.treeToValue(doc, Object.class));
            } catch (IOException e) {
                throw new IllegalStateException("cannot write the Python environment document", e);
            }
            String digest = store.put(bytes).digest().toString();
            pythonDocument = doc;
            out.put("python.environment", digest);
            out.put("python.executable", clip(doc.path("executable").asText()));
            out.put("python.version", doc.path("version").asText());
            out.put("python.implementation", doc.path("implementation").asText());
            out.put("python.prefix", clip(doc.path("prefix").asText()));
            if (!doc.path("basePrefix").asText().equals(doc.path("prefix").asText())) {
                out.put("python.base_prefix", clip(doc.path("basePrefix").asText()));
            }
            if (doc.has("condaPrefix")) {
                out.put("python.conda_prefix", clip(doc.path("condaPrefix").asText()));
            }
            out.put("python.packages", Integer.toString(packages.size()));
            if (doc.has("error")) {
                out.put("python.probe", clip("partial: " + doc.path("error").asText()));
            }
        }
    }

    /** Installed distributions (name → version) of a stored Python environment document; null if unreadable. */
    public static Map<String, String> pythonPackages(ArtifactStore store, String digest) {
        try (InputStream in = store.get(Digest.parse(digest))) {
            JsonNode doc = CANONICAL.readTree(in.readNBytes(64 << 20));
            if (!PYTHON_FORMAT.equals(doc.path("format").asText())) {
                return null;
            }
            Map<String, String> m = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("packages").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), e.getValue().asText());
            }
            return m;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * A Python interpreter a command runs: {@code interpreter} as the command names it, {@code
     * resolved} the file it is (null when not found; unresolved inside a sandbox, whose own PATH
     * finds it), and the isolation flags ({@code -I}, {@code -s}, {@code -S}, {@code -E}, ...) given
     * to it, which change what it can import.
     */
    public record PythonCommand(String interpreter, String resolved, List<String> flags) {}

    /** The Python interpreter {@code command} runs, if any. */
    static Optional<PythonCommand> python(List<String> command, Path workdir, String path) {
        if (command.isEmpty()) {
            return Optional.empty();
        }
        List<String> argv = skipEnv(command);
        if (argv.isEmpty()) {
            return Optional.empty();
        }
        String program = argv.get(0);
        if (isPythonName(program)) {
            return Optional.of(pythonCommand(program, argv.subList(1, argv.size()), workdir, path));
        }
        Optional<Path> script = program.contains("/")
                ? Optional.of(workdir.resolve(program)).filter(Files::isRegularFile)
                : which(program, path);
        if (script.isEmpty()) {
            return Optional.empty();
        }
        List<String> shebang = shebang(script.get());
        if (shebang.isEmpty()) {
            return Optional.empty();
        }
        List<String> interp = skipEnv(shebang);
        if (interp.isEmpty() || !isPythonName(interp.get(0))) {
            return Optional.empty();
        }
        return Optional.of(pythonCommand(interp.get(0), interp.subList(1, interp.size()), workdir, path));
    }

    private static PythonCommand pythonCommand(String interpreter, List<String> args, Path workdir, String path) {
        List<String> flags = new ArrayList<>();
        for (String a : args) {
            if (!ISOLATION_FLAGS.matcher(a).matches()) {
                break;
            }
            flags.add(a);
        }
        String resolved;
        if (interpreter.contains("/")) {
            Path p = workdir.resolve(interpreter).normalize();
            resolved = Files.isExecutable(p) ? p.toString() : null;
        } else {
            resolved = which(interpreter, path).map(Path::toString).orElse(null);
        }
        return new PythonCommand(interpreter, resolved, List.copyOf(flags));
    }

    static boolean isPythonName(String program) {
        String base = program.substring(program.lastIndexOf('/') + 1);
        return PYTHON_NAME.matcher(base).matches();
    }

    /** {@code env [-i] [-u NAME] [NAME=VALUE]... [-S "cmd args"] cmd args} → {@code cmd args}. */
    private static List<String> skipEnv(List<String> argv) {
        if (argv.isEmpty()
                || !argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1).equals("env")) {
            return argv;
        }
        int i = 1;
        while (i < argv.size()) {
            String a = argv.get(i);
            if (a.equals("-S") || a.equals("--split-string")) {
                List<String> out = new ArrayList<>();
                if (i + 1 < argv.size()) {
                    out.addAll(List.of(argv.get(i + 1).trim().split("\\s+")));
                }
                out.addAll(argv.subList(Math.min(i + 2, argv.size()), argv.size()));
                return skipEnv(prepend("env", out));
            } else if (a.startsWith("-S")) {
                List<String> out = new ArrayList<>(List.of(a.substring(2).trim().split("\\s+")));
                out.addAll(argv.subList(i + 1, argv.size()));
                return skipEnv(prepend("env", out));
            } else if (a.equals("-u") || a.equals("--unset") || a.equals("-C") || a.equals("--chdir")) {
                i += 2;
            } else if (a.startsWith("-") || a.contains("=")) {
                i++;
            } else {
                break;
            }
        }
        return argv.subList(Math.min(i, argv.size()), argv.size());
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> out = new ArrayList<>();
        out.add(first);
        out.addAll(rest);
        return out;
    }

    /** The words of a {@code #!} line, or empty. */
    private static List<String> shebang(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(256);
            if (head.length < 3 || head[0] != '#' || head[1] != '!') {
                return List.of();
            }
            String line = new String(head, 2, head.length - 2, StandardCharsets.UTF_8);
            int nl = line.indexOf('\n');
            if (nl >= 0) {
                line = line.substring(0, nl);
            }
            line = line.trim();
            return line.isEmpty() ? List.of() : List.of(line.split("\\s+"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The first executable file named {@code name} in {@code path}. */
    static Optional<Path> which(String name, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir).resolve(name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /** Driver, CUDA version and GPU models from {@code nvidia-smi}'s table. */
    static Map<String, String> nvidiaSmi(String out) {
        Map<String, String> facts = new TreeMap<>();
        Matcher driver = Pattern.compile("Driver Version:\\s*([0-9][0-9.]*)").matcher(out);
        if (driver.find()) {
            facts.put("gpu.driver", driver.group(1));
        }
        Matcher cuda = Pattern.compile("CUDA Version:\\s*([0-9][0-9.]*)").matcher(out);
        if (cuda.find()) {
            facts.put("gpu.cuda", cuda.group(1));
        }
        List<String> names = new ArrayList<>();
        Matcher gpu = Pattern.compile("(?m)^\\|\\s+(\\d+)\\s+(\\S.*?)\\s+(On|Off)\\s+\\|")
                .matcher(out);
        while (gpu.find()) {
            names.add(gpu.group(2).trim());
        }
        if (!names.isEmpty()) {
            facts.put("gpu.count", Integer.toString(names.size()));
            facts.put("gpu.models", clip(String.join(", ", names)));
        }
        return facts;
    }

    private static String clip(String s) {
        String one = s.replace('\n', ' ').replace('\r', ' ');
        return one.length() > 1000 ? one.substring(0, 1000) + "…" : one;
    }

    private static String lastLine(String s) {
        String[] lines = s.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    /** A background process whose output goes to temporary files (no pipe to drain). */
    static final class Probe {
        record Output(int exit, boolean timedOut, String stdout, String stderr) {}

        private final Process process;
        private final Path out;
        private final Path err;
        private final String failure;

        private Probe(Process process, Path out, Path err, String failure) {
            this.process = process;
            this.out = out;
            this.err = err;
            this.failure = failure;
        }

        static Probe python(PythonCommand p, Path workdir, Map<String, String> childEnv, Sandbox sandbox, String path) {
            if (p.resolved() == null) {
                return null;
            }
            List<String> cmd = new ArrayList<>();
            cmd.add(sandbox != null && !p.interpreter().contains("/") ? p.interpreter() : p.resolved());
            cmd.addAll(p.flags());
            cmd.add("-c");
            cmd.add(PYTHON_PROBE);
            if (sandbox != null) {
                sandbox.prepare(workdir);
                return start(sandbox.wrap(workdir, cmd, childEnv), workdir, Map.of("PATH", Sandbox.PATH), sandbox);
            }
            return start(cmd, workdir, childEnv, null);
        }

        static Probe start(List<String> cmd, Path workdir, Map<String, String> environment, Sandbox sandbox) {
            Path out = null;
            Path err = null;
            try {
                out = Files.createTempFile("provenant-probe-", ".out");
                err = Files.createTempFile("provenant-probe-", ".err");
                ProcessBuilder pb = new ProcessBuilder(cmd)
                        .directory(Files.isDirectory(workdir) ? workdir.toFile() : null)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                if (environment != null) {
                    pb.environment().clear();
                    pb.environment().putAll(environment);
                }
                return new Probe(pb.start(), out, err, null);
            } catch (IOException e) {
                deleteQuietly(out);
                deleteQuietly(err);
                return new Probe(null, null, null, e.getMessage());
            }
        }

        Output await() {
            if (process == null) {
                return new Output(127, false, "", failure == null ? "" : failure);
            }
            try {
                boolean done = process.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (!done) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
                String o = read(out, 64 << 20);
                String e = read(err, 16 << 10);
                return new Output(done ? process.exitValue() : -1, !done, o, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                return new Output(-1, false, "", "interrupted");
            } finally {
                deleteQuietly(out);
                deleteQuietly(err);
            }
        }

        private static String read(Path p, int max) {
            try (InputStream in = Files.newInputStream(p)) {
                return new String(in.readNBytes(max), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }

        private static void deleteQuietly(Path p) {
            if (p != null) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temp file
                }
            }
        }
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = Digest.newSha256();
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return Digest.ofBytes(md.digest()).toString();
        } catch (IOException e) {
            return "unreadable";
        }
    }
}
