package dev.provenant.recorder.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.ArtifactStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Environment capture: which commands are Python, what the interpreter reports, secrets, GPUs. */
class EnvironmentCaptureTest {

    @TempDir
    Path dir;

    private ArtifactStore store;
    private Path bin;

    @BeforeEach
    void setUp() throws Exception {
        store = ArtifactStores.fromEnvironment(dir.resolve("home"), Map.of());
        bin = Files.createDirectories(dir.resolve("bin"));
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private Path executable(Path p, String content) throws Exception {
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void givenCommands_whenDetected_thenPythonInterpretersAndShebangsFound() throws Exception {
        executable(bin.resolve("python3.11"), "#!/bin/sh\n");
        executable(bin.resolve("python"), "#!/bin/sh\n");
        Path work = Files.createDirectories(dir.resolve("work"));
        executable(work.resolve(".venv/bin/python"), "#!/bin/sh\n");
        executable(work.resolve("train.py"), "#!/usr/bin/env -S python3.11 -u\nprint(1)\n");
        executable(work.resolve("run.sh"), "#!/bin/sh\necho\n");
        executable(bin.resolve("tool"), "#!" + bin.resolve("python") + " -I\n");
        String path = bin.toString();

        assertThat(EnvironmentCapture.python(List.of("python3.11", "-I", "-s", "x.py"), work, path))
                .get()
                .isEqualTo(new EnvironmentCapture.PythonCommand(
                        "python3.11", bin.resolve("python3.11").toString(), List.of("-I", "-s")));
        assertThat(EnvironmentCapture.python(List.of(".venv/bin/python", "-m", "train"), work, path))
                .get()
                .extracting(EnvironmentCapture.PythonCommand::resolved)
                .isEqualTo(work.resolve(".venv/bin/python").toString());
        assertThat(EnvironmentCapture.python(List.of("./train.py"), work, path))
                .get()
                .extracting(EnvironmentCapture.PythonCommand::interpreter, EnvironmentCapture.PythonCommand::flags)
                .containsExactly("python3.11", List.of("-u"));
        assertThat(EnvironmentCapture.python(List.of("tool", "arg"), work, path))
                .get()
                .extracting(EnvironmentCapture.PythonCommand::resolved, EnvironmentCapture.PythonCommand::flags)
                .containsExactly(bin.resolve("python").toString(), List.of("-I"));
        assertThat(EnvironmentCapture.python(List.of("env", "PYTHONHASHSEED=0", "python", "x.py"), work, path))
                .get()
                .extracting(EnvironmentCapture.PythonCommand::interpreter)
                .isEqualTo("python");
        assertThat(EnvironmentCapture.python(List.of("python3.13t", "x.py"), work, path))
                .get()
                .extracting(EnvironmentCapture.PythonCommand::resolved)
                .isNull(); // a Python, not installed here
        assertThat(EnvironmentCapture.python(List.of("./run.sh"), work, path)).isEmpty();
        assertThat(EnvironmentCapture.python(List.of("sh", "-c", "python x.py"), work, path))
                .isEmpty();
        assertThat(EnvironmentCapture.python(List.of("java", "Train.java"), work, path))
                .isEmpty();
        assertThat(EnvironmentCapture.python(List.of("pythonista"), work, path)).isEmpty();
    }

    private static Optional<String> realPython() {
        return EnvironmentCapture.which("python3", System.getenv("PATH")).map(Path::toString);
    }

    @Test
    void givenPythonStep_whenCaptured_thenInterpreterFactsAndPackagesInAStoredDocument_notInTheFingerprint()
            throws Exception {
        assumeTrue(realPython().isPresent(), "python3 on PATH");
        Path work = Files.createDirectories(dir.resolve("work"));
        Map<String, String> child = new HashMap<>(System.getenv());
        EnvironmentCapture.Pending pending =
                EnvironmentCapture.start(work, Map.of("LANG", "C.UTF-8"), List.of("python3", "train.py"), child, null);
        Map<String, String> facts = pending.finish(store);
        System.out.printf("environment capture of a Python step: %.1f ms%n", pending.elapsedMillis());

        assertThat(facts)
                .containsKeys(
                        "os.name",
                        "python.executable",
                        "python.version",
                        "python.implementation",
                        "python.prefix",
                        "python.packages",
                        "python.environment");
        assertThat(facts).doesNotContainKeys("java.version", "java.vendor", "python.probe");
        assertThat(facts.get("python.version")).matches("3\\.\\d+\\.\\d+");
        assertThat(facts.get("python.implementation")).isEqualTo("cpython");
        assertThat(facts.get("env.LANG")).isEqualTo("C.UTF-8");
        assertThat(facts.size()).as("the fingerprint stays small").isLessThan(20);
        Map<String, String> packages = EnvironmentCapture.pythonPackages(store, facts.get("python.environment"));
        assertThat(packages).hasSize(Integer.parseInt(facts.get("python.packages")));
        assertThat(pending.pythonDocument().path("format").asText()).isEqualTo(EnvironmentCapture.PYTHON_FORMAT);

        // the same interpreter and packages give the same document
        EnvironmentCapture.Pending again =
                EnvironmentCapture.start(work, Map.of(), List.of("python3", "train.py"), child, null);
        assertThat(again.finish(store).get("python.environment")).isEqualTo(facts.get("python.environment"));
    }

    @Test
    void givenPythonStep_whenCaptured_thenThePackagesAreExactlyWhatImportlibMetadataFinds() throws Exception {
        assumeTrue(realPython().isPresent(), "python3 on PATH");
        Path work = Files.createDirectories(dir.resolve("work"));
        // a distribution whose directory name carries no version, and one in a zip on sys.path
        Path odd = Files.createDirectories(dir.resolve("site/odd_pkg.dist-info"));
        Files.writeString(odd.resolve("METADATA"), "Metadata-Version: 2.1\nName: Odd_Pkg\nVersion: 3.0\n\nbody\n");
        Map<String, String> child = new HashMap<>(System.getenv());
        child.put("PYTHONPATH", dir.resolve("site").toString());
        Map<String, String> facts = EnvironmentCapture.start(work, Map.of(), List.of("python3", "x.py"), child, null)
                .finish(store);
        Map<String, String> probed = EnvironmentCapture.pythonPackages(store, facts.get("python.environment"));
        assertThat(probed).containsEntry("odd-pkg", "3.0");

        String reference = "import json, re\nfrom importlib import metadata as md\nref = {}\n"
                + "for d in md.distributions():\n"
                + "    ref.setdefault(re.sub(r'[-_.]+', '-', d.metadata['Name']).lower(), d.version)\n"
                + "print(json.dumps(ref, sort_keys=True))\n";
        ProcessBuilder pb = new ProcessBuilder("python3", "-c", reference).directory(work.toFile());
        pb.environment().put("PYTHONPATH", dir.resolve("site").toString());
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        Map<String, String> expected = new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(
                        out, new com.fasterxml.jackson.core.type.TypeReference<java.util.TreeMap<String, String>>() {});
        assertThat(probed).isEqualTo(expected);
    }

    @Test
    void givenNonPythonStep_whenCaptured_thenJavaFactsAsBefore_andNoProbe() {
        Map<String, String> facts = EnvironmentCapture.start(
                        dir, Map.of(), List.of("sh", "-c", "true"), new HashMap<>(System.getenv()), null)
                .finish(store);
        assertThat(facts).containsKeys("java.version", "java.vendor").doesNotContainKey("python.environment");
        assertThat(facts).containsAllEntriesOf(EnvironmentCapture.capture(dir, Map.of()));
    }

    @Test
    void givenInterpreterThatCannotAnswer_whenCaptured_thenProbeFailureRecorded() throws Exception {
        executable(bin.resolve("python3"), "#!/bin/sh\necho 'broken interpreter' >&2\nexit 3\n");
        Map<String, String> child = new HashMap<>(System.getenv());
        child.put("PATH", bin.toString());
        Map<String, String> facts = EnvironmentCapture.start(dir, Map.of(), List.of("python3", "x.py"), child, null)
                .finish(store);
        assertThat(facts.get("python.probe")).isEqualTo("failed: exit 3: broken interpreter");
        assertThat(facts.get("python.interpreter"))
                .isEqualTo(bin.resolve("python3").toString());

        child.put("PATH", dir.resolve("nothing-here").toString());
        Map<String, String> missing = EnvironmentCapture.start(dir, Map.of(), List.of("python3", "x.py"), child, null)
                .finish(store);
        assertThat(missing.get("python.probe")).isEqualTo("failed: 'python3' not found on PATH");
    }

    @Test
    void givenSecretsInTheAllowlist_whenCaptured_thenNeverRecorded() {
        Map<String, String> env = Map.of(
                "PROVENANT_ENV_ALLOWLIST", "LANG, HF_TOKEN,AWS_SECRET_ACCESS_KEY,DB_PASSWORD,API_KEY,SEED",
                "LANG", "C.UTF-8",
                "HF_TOKEN", "hf_x",
                "AWS_SECRET_ACCESS_KEY", "s",
                "DB_PASSWORD", "p",
                "API_KEY", "k",
                "SEED", "7");
        Map<String, String> facts = EnvironmentCapture.capture(dir, env);
        assertThat(facts).containsEntry("env.LANG", "C.UTF-8").containsEntry("env.SEED", "7");
        assertThat(facts.keySet())
                .noneMatch(k ->
                        k.contains("TOKEN") || k.contains("SECRET") || k.contains("KEY") || k.contains("PASSWORD"));
        assertThat(EnvironmentCapture.allowlist(env)).containsExactly("LANG", "SEED");
    }

    @Test
    void givenNvidiaSmiTable_whenParsed_thenDriverCudaAndModels() {
        String out = String.join(
                "\n",
                "+-----------------------------------------------------------------------------------------+",
                "| NVIDIA-SMI 550.54.15              Driver Version: 550.54.15      CUDA Version: 12.4     |",
                "|-----------------------------------------+------------------------+----------------------+",
                "| GPU  Name                 Persistence-M | Bus-Id          Disp.A | Volatile Uncorr. ECC |",
                "|=========================================+========================+======================|",
                "|   0  NVIDIA A100-SXM4-40GB          On  |   00000000:07:00.0 Off |                    0 |",
                "|   1  NVIDIA A100-SXM4-40GB          On  |   00000000:0F:00.0 Off |                    0 |",
                "+-----------------------------------------+------------------------+----------------------+");
        assertThat(EnvironmentCapture.nvidiaSmi(out))
                .containsEntry("gpu.driver", "550.54.15")
                .containsEntry("gpu.cuda", "12.4")
                .containsEntry("gpu.count", "2")
                .containsEntry("gpu.models", "NVIDIA A100-SXM4-40GB, NVIDIA A100-SXM4-40GB");
    }
}
