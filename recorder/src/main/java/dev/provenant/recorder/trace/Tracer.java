package dev.provenant.recorder.trace;

import dev.provenant.recorder.client.CliException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The file-access tracer: {@code strace -f --seccomp-bpf -qq -y} limited to the system calls that
 * open, execute, rename and change directory. With {@code --seccomp-bpf} only those calls stop the
 * traced process (measured in docs/benchmarks.md); stat calls are left out on purpose (a stat is
 * not a read of content, and Python stats every file twice per open).
 */
public final class Tracer {

    /** The traced system calls. */
    public static final String SYSCALLS =
            "open,openat,openat2,creat,execve,execveat,chdir,fchdir,rename,renameat,renameat2";

    private static volatile Boolean usable;

    private final String strace;

    private Tracer(String strace) {
        this.strace = strace;
    }

    /** The tracer of this machine; an error saying what to install when strace is missing or too old. */
    public static Tracer require() {
        String s = find();
        if (s == null || !works(s)) {
            throw new CliException(
                    1,
                    "tracing (--trace, trace: true) needs strace 5.3 or later with --seccomp-bpf, which is not"
                            + " available here: apt-get install strace (Debian/Ubuntu) or dnf install strace");
        }
        return new Tracer(s);
    }

    /** Whether tracing works here (strace found and accepts --seccomp-bpf). */
    public static boolean available() {
        String s = find();
        return s != null && works(s);
    }

    /** The path of the strace binary. */
    public String binary() {
        return strace;
    }

    /** {@code command} run under the tracer, writing the trace to {@code traceFile}. */
    public List<String> wrap(List<String> command, Path traceFile) {
        List<String> cmd = new ArrayList<>(List.of(
                strace, "-f", "--seccomp-bpf", "-qq", "-y", "-e", "trace=" + SYSCALLS, "-o", traceFile.toString()));
        cmd.add("--");
        cmd.addAll(command);
        return cmd;
    }

    private static String find() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/bin").split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, "strace");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private static boolean works(String strace) {
        Boolean u = usable;
        if (u != null) {
            return u;
        }
        boolean ok;
        try {
            Process p = new ProcessBuilder(
                            strace,
                            "-f",
                            "--seccomp-bpf",
                            "-qq",
                            "-e",
                            "trace=execve",
                            "-o",
                            "/dev/null",
                            "--",
                            "/bin/true")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            ok = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            ok = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
        }
        usable = ok;
        return ok;
    }
}
