package dev.provenant.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.recorder.client.GraphQlDocuments;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code ./bench/run ui}: how long the web app's lineage page takes to show a 500-node graph in
 * headless Chromium, from navigation to the graph laid out, drawn and fitted (fetch, layout and
 * SVG included), against a static page drawing 500 pre-positioned nodes in the same browser
 * (the cost of a page and its paint alone). The graph: 25 layers of 10 runs, each reading two
 * outputs of the layer before, and a final run reading the last layer's outputs; its output's
 * upstream lineage is ~500 nodes.
 */
final class UiBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "bench-ui-token-0123456789abcdef";
    private static final int LAYERS = 25;
    private static final int WIDTH = 10;
    private static final int REPEATS = 7;

    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    void run(BenchReporter out) throws Exception {
        Path chromium = find("PROVENANT_CHROMIUM", "chromium", "chromium-browser", "google-chrome");
        Path chromedriver = find("PROVENANT_CHROMEDRIVER", "chromedriver");
        if (chromium == null || chromedriver == null) {
            throw new IllegalStateException("the ui suite needs Chromium and chromedriver:"
                    + " apt-get install -y --no-install-recommends chromium chromium-driver");
        }
        try (BenchService service = BenchService.start(TOKEN)) {
            base = "http://127.0.0.1:" + service.port();
            out.note("recording " + (LAYERS * WIDTH + 1) + " runs through GraphQL");
            String root = record();
            WebDriver driver = browser(chromium, chromedriver);
            try {
                driver.get(base + "/favicon.svg");
                js(driver, "localStorage.setItem('provenant.token', arguments[0])", TOKEN);
                String hash = "#/lineage?node=" + root + "&dir=UPSTREAM&depth=100";
                // warm-up: JIT of the server and the browser's caches, as a returning user has them
                double[] warm = measureApp(driver, hash, root, 2);
                long nodes = (Long) js(driver, "return +document.getElementById('lineage-stats').dataset.nodes");
                out.note("graph drawn: " + nodes + " nodes; warm-up " + Arrays.toString(warm) + " ms");
                double[] app = measureApp(driver, hash, root, REPEATS);
                Path page = staticPage((int) nodes);
                double[] baseline = measureStatic(driver, page, REPEATS);
                double[] layout = new double[REPEATS];
                // where the time goes: until the page asks for the graph (HTML, modules), the GraphQL
                // answer, the rest (collapse, layout, SVG, fit, first frame)
                StringBuilder parts = new StringBuilder();
                for (int i = 0; i < REPEATS; i++) {
                    driver.get(base + "/?r=l" + i + hash);
                    waitReady(driver, root);
                    layout[i] = Double.parseDouble(
                            (String) js(driver, "return document.querySelector('svg.graph').dataset.layoutMs"));
                    parts.append(js(
                                    driver,
                                    "const d = document.querySelector('svg.graph').dataset;"
                                            + " const ready = performance.getEntriesByName('lineage-ready')[0].startTime;"
                                            + " return '[start ' + Math.round(ready - d.rendered) + ', fetch ' + d.fetchMs"
                                            + " + ', draw ' + (d.rendered - d.fetchMs) + ']'"))
                            .append(' ');
                }
                out.note("lineage page parts ms " + parts.toString().trim());
                out.note("lineage page ms " + Arrays.toString(app) + "; static page ms " + Arrays.toString(baseline)
                        + "; layout ms " + Arrays.toString(layout) + " ("
                        + js(driver, "return document.querySelector('svg.graph').dataset.layout") + ")");
                Path shot = Path.of(System.getProperty("bench.root", "."), "bench", "target", "ui-lineage-500.png");
                Files.createDirectories(shot.getParent());
                Files.copy(
                        ((org.openqa.selenium.TakesScreenshot) driver)
                                .getScreenshotAs(org.openqa.selenium.OutputType.FILE)
                                .toPath(),
                        shot,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                out.note("screenshot: " + shot);
                out.report("ui_lineage_" + nodes + "_nodes_render", median(app), "ms", median(baseline));
                out.report("ui_lineage_" + nodes + "_nodes_vs_goal", median(app), "ms", 1000);
                out.report("ui_lineage_" + nodes + "_nodes_layout", median(layout), "ms", median(baseline));
            } finally {
                driver.quit();
            }
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    /** Navigation start to the graph fitted (the page's own mark), a full page load each time. */
    private double[] measureApp(WebDriver driver, String hash, String root, int times) {
        double[] ms = new double[times];
        for (int i = 0; i < times; i++) {
            // a new query string: a real page load, not a fragment change
            driver.get(base + "/?r=" + System.nanoTime() + hash);
            waitReady(driver, root);
            ms[i] = mark(driver, "lineage-ready");
        }
        return ms;
    }

    private double[] measureStatic(WebDriver driver, Path page, int times) {
        double[] ms = new double[times];
        for (int i = 0; i < times; i++) {
            driver.get(page.toUri() + "?r=" + i);
            new WebDriverWait(driver, Duration.ofSeconds(30))
                    .until(d -> (Boolean) js(d, "return performance.getEntriesByName('static-ready').length > 0"));
            ms[i] = mark(driver, "static-ready");
        }
        return ms;
    }

    private static double mark(WebDriver driver, String name) {
        return ((Number) js(
                        driver,
                        "const m = performance.getEntriesByName(arguments[0]); return m[m.length - 1].startTime",
                        name))
                .doubleValue();
    }

    private static void waitReady(WebDriver driver, String root) {
        new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(50))
                .until(d -> js(d, "return document.body.dataset.lineageReady || ''")
                        .toString()
                        .startsWith(root + "|"));
    }

    /** The baseline: a static page of n positioned nodes and n edges in SVG, painted once. */
    private static Path staticPage(int n) throws Exception {
        StringBuilder svg = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int x = (i / 20) * 170;
            int y = (i % 20) * 46;
            svg.append("<path d='M")
                    .append(x + 140)
                    .append(',')
                    .append(y + 19)
                    .append(" L")
                    .append(x + 170)
                    .append(',')
                    .append((y + 65) % 920)
                    .append("' stroke='#98a2b3' fill='none'/>");
            svg.append("<g transform='translate(")
                    .append(x)
                    .append(',')
                    .append(y)
                    .append(")'><rect width='140' height='38' rx='6' fill='#e8f4ff' stroke='#667085'/>")
                    .append("<text x='10' y='15' font-size='11'>node ")
                    .append(i)
                    .append("</text>")
                    .append("<text x='10' y='30' font-size='10'>run · succeeded</text></g>");
        }
        String html = "<!doctype html><html><head><meta charset='utf-8'><title>baseline</title></head><body>"
                + "<svg width='100%' height='900' viewBox='0 0 4400 920'>" + svg + "</svg><script>"
                + "requestAnimationFrame(() => performance.mark('static-ready'));</script></body></html>";
        Path file = Files.createTempFile("ui-baseline", ".html");
        Files.writeString(file, html);
        return file;
    }

    // ------------------------------------------------------------------------------ recording

    private String record() throws Exception {
        String code = "sha256:" + "c".repeat(64);
        List<String> previous = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int layer = 0; layer < LAYERS; layer++) {
                List<Future<String>> outs = new ArrayList<>();
                for (int i = 0; i < WIDTH; i++) {
                    List<String> inputs = previous.isEmpty()
                            ? List.of()
                            : List.of(previous.get(i), previous.get((i + 1) % previous.size()));
                    String name = "step-" + layer + "-" + i;
                    outs.add(pool.submit(() -> run(name, inputs, code)));
                }
                List<String> next = new ArrayList<>();
                for (Future<String> f : outs) {
                    next.add(f.get());
                }
                previous = next;
            }
        } finally {
            pool.shutdown();
        }
        return run("report", previous, code);
    }

    /** Records one run reading these artifacts and producing one; returns the output's digest. */
    private String run(String name, List<String> inputs, String code) throws Exception {
        List<Map<String, Object>> in = new ArrayList<>();
        for (String d : inputs) {
            in.add(Map.of("name", "in-" + d.substring(7, 15), "digest", d, "sizeBytes", 100));
        }
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("name", name);
        start.put("command", List.of("python", name + ".py"));
        start.put("inputs", in);
        start.put("code", Map.of("snapshotDigest", code));
        start.put("environment", List.of(Map.of("key", "os.name", "value", "Linux")));
        String run = mutate("bench/ui/startRun", start).path("id").asText();
        String digest = "sha256:" + sha(name);
        mutate(
                "bench/ui/recordRunOutputs",
                Map.of(
                        "runId",
                        run,
                        "outputs",
                        List.of(Map.of("name", name + ".out", "digest", digest, "sizeBytes", 100))));
        mutate("bench/ui/finishRun", Map.of("runId", run, "exitCode", 0, "durationMillis", 10));
        return digest;
    }

    private static String sha(String s) throws Exception {
        byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes());
        return java.util.HexFormat.of().formatHex(d);
    }

    /**
     * Sends the document {@code bench/ui/<field>} ({@code graphql-documents/bench/ui/<field>.graphql}), which selects
     * {@code id} and {@code errors} of the mutation named as the file.
     */
    private JsonNode mutate(String document, Map<String, Object> input) throws Exception {
        String field = document.substring(document.lastIndexOf('/') + 1);
        String body = JSON.writeValueAsString(
                Map.of("query", GraphQlDocuments.load(document), "variables", Map.of("i", input)));
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/graphql"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(r.body());
        JsonNode payload = json.path("data").path(field);
        if (json.has("errors") || !payload.path("errors").isEmpty()) {
            throw new IllegalStateException(field + " failed: " + r.body());
        }
        return payload;
    }

    // -------------------------------------------------------------------------------- browser

    private static Path find(String env, String... names) {
        String given = System.getenv(env);
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            for (String name : names) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    private static WebDriver browser(Path chromium, Path chromedriver) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1440,960",
                "--allow-file-access-from-files");
        return new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(chromedriver.toFile())
                        .usingAnyFreePort()
                        .build(),
                options);
    }

    private static Object js(WebDriver driver, String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }
}
