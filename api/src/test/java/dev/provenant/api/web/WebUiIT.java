package dev.provenant.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.api.AbstractGraphQlIT;
import dev.provenant.api.ProvenantTestSupport;
import dev.provenant.recorder.client.GraphQlDocuments;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web app in a real browser: headless Chromium driven through WebDriver against a real server
 * (PostgreSQL, artifact store) holding the demo's churn pipeline. Every host but the server's is
 * unresolvable in this browser, so the pages must work offline. Screenshots go to
 * {@code target/ui-screenshots/}. Skipped only when Chromium or chromedriver is not installed
 * ({@code apt-get install chromium chromium-driver}; CI installs them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiIT extends AbstractGraphQlIT {

    private String base;
    private ChurnDemoData data;
    private WebDriver driver;
    private WebDriverWait wait;
    private Path downloads;
    private final Path shots = Path.of("target", "ui-screenshots");

    /** The first existing executable among the candidates (an environment variable first). */
    static Optional<Path> executable(String env, String... names) {
        String given = System.getenv(env);
        if (given != null && !given.isBlank()) {
            return Optional.of(Path.of(given)).filter(Files::isExecutable);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            for (String name : names) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** Headless Chromium that can reach only loopback (no CDN, no internet), downloading into a directory. */
    static WebDriver chromium(Path downloads) {
        Optional<Path> browser = executable("PROVENANT_CHROMIUM", "chromium", "chromium-browser", "google-chrome");
        Optional<Path> chromedriver = executable("PROVENANT_CHROMEDRIVER", "chromedriver");
        Assumptions.assumeTrue(
                browser.isPresent() && chromedriver.isPresent(),
                "browser tests skipped: Chromium and chromedriver are not installed"
                        + " (apt-get install -y --no-install-recommends chromium chromium-driver)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.get().toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1440,960",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toAbsolutePath().toString());
        prefs.put("download.prompt_for_download", false);
        options.setExperimentalOption("prefs", prefs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.get().toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    @BeforeAll
    void start() throws Exception {
        downloads = Files.createTempDirectory("provenant-ui-downloads");
        driver = chromium(downloads);
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        Files.createDirectories(shots);
        base = "http://127.0.0.1:" + port;
        data = new ChurnDemoData(base, ProvenantTestSupport.ALICE_TOKEN).record();
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
    }

    // ------------------------------------------------------------------------------- helpers

    /** Opens a page of the app; what the previous page drew is cleared first, so waits see only the new one. */
    private void open(String hash) {
        js("const v = document.getElementById('view'); if (v) v.replaceChildren();"
                + " if (document.body) delete document.body.dataset.lineageReady;");
        driver.get(base + "/#/" + hash);
    }

    private WebElement waitFor(String css) {
        try {
            return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
        } catch (org.openqa.selenium.TimeoutException e) {
            try {
                screenshot("failed-" + css.replaceAll("[^A-Za-z0-9]+", "_"));
            } catch (Exception ignored) {
                // the wait's failure is what matters
            }
            throw new AssertionError(
                    "no " + css + " at " + driver.getCurrentUrl() + "; the page shows: "
                            + js("return document.body.innerText"),
                    e);
        }
    }

    private List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private void screenshot(String name) throws Exception {
        Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, shots.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private List<String> runNames() {
        waitFor("#runs-table");
        return all("#runs-table tbody tr[data-run] .run-name").stream()
                .map(WebElement::getText)
                .toList();
    }

    /** Opens a runs table address and waits until the page drawn is that one. */
    private List<String> runsAt(String query) {
        open("runs" + query);
        return runNames();
    }

    private void lineageReady(String root) {
        wait.until(d ->
                js("return document.body.dataset.lineageReady || ''").toString().startsWith(root + "|"));
    }

    // --------------------------------------------------------------------------------- tests

    @Test
    @Order(1)
    void givenNoToken_whenOpeningTheApp_thenAskedOnce_andKeptAfterReload() throws Exception {
        driver.get(base + "/");
        WebElement input = waitFor("#token-input");
        screenshot("00-sign-in");
        input.sendKeys("wrong-token-0123456789");
        driver.findElement(By.cssSelector(".token-form button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".token-form .error"), "token"));
        driver.findElement(By.id("token-input")).clear();
        driver.findElement(By.id("token-input")).sendKeys(ProvenantTestSupport.ALICE_TOKEN);
        driver.findElement(By.cssSelector(".token-form button")).click();
        waitFor("#runs-table");
        driver.navigate().refresh();
        waitFor("#runs-table");
        assertThat(all("#token-input")).isEmpty();
        // the favicon is served without a token
        assertThat(js("return fetch('/favicon.ico').then(r => r.status)")).isEqualTo(200L);
        // data is not: the app's files are public, the GraphQL answers are not
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        String body = json.writeValueAsString(Map.of("query", GraphQlDocuments.load("web/runs-ids")));
        assertThat(js("return fetch('/graphql', {method:'POST', headers:{'Content-Type':'application/json'},"
                        + " body: " + json.writeValueAsString(body) + "}).then(r => r.status)"))
                .isEqualTo(401L);
    }

    @Test
    @Order(2)
    void runsTable_filtersAndSortsOnTheServer() throws Exception {
        List<String> everything = runsAt("");
        assertThat(everything).hasSize(14);
        screenshot("01-runs");
        assertThat(runsAt("?status=FAILED")).containsExactly("train");
        assertThat(all("#runs-table tbody tr[data-run] .status").get(0).getText())
                .contains("failed");
        assertThat(runsAt("?param=seed%3Dclock")).containsExactly("train-unseeded", "train-unseeded");
        assertThat(runsAt("?metric=accuracy&min=0.8&max=0.9")).containsExactly("evaluate");
        assertThat(runsAt("?metric=accuracy&min=0.9")).isEmpty();
        assertThat(runsAt("?pipeline=pipeline%3Achurn")).hasSize(8);
        assertThat(runsAt("?name=unseeded")).hasSize(2);
        assertThat(runsAt("?from=2000-01-01T00:00:00&to=2001-01-01T00:00:00")).isEmpty();

        // sorting by clicking a column header: duration ascending, then descending
        runsAt("?status=SUCCEEDED");
        driver.findElement(By.cssSelector("button.sort[data-sort='DURATION']")).click();
        waitFor("th[aria-sort='ascending'] button.sort[data-sort='DURATION']");
        List<Long> asc = durations();
        assertThat(asc).isSorted();
        driver.findElement(By.cssSelector("button.sort[data-sort='DURATION']")).click();
        waitFor("th[aria-sort='descending'] button.sort[data-sort='DURATION']");
        List<Long> desc = durations();
        assertThat(desc).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(desc.get(0)).isEqualTo(8500L);
        // by a metric column, largest first; runs without the metric last
        assertThat(runsAt("?sort=METRIC&sortKey=train_accuracy&desc=1").subList(0, 4))
                .containsExactly("train", "train", "train-unseeded", "train-unseeded");
        screenshot("02-runs-sorted");
    }

    private List<Long> durations() {
        return all("#runs-table tbody td[data-ms]").stream()
                .map(e -> e.getAttribute("data-ms"))
                .filter(s -> !s.isEmpty())
                .map(Long::parseLong)
                .toList();
    }

    @Test
    @Order(3)
    void selectingTwoRuns_comparesThem() throws Exception {
        runsAt("?param=epochs%3D30&sort=STARTED_AT");
        driver.findElement(By.cssSelector("tr[data-run='" + data.train + "'] input[type=checkbox]"))
                .click();
        driver.findElement(By.cssSelector("tr[data-run='" + data.unseeded + "'] input[type=checkbox]"))
                .click();
        driver.findElement(By.id("compare")).click();
        WebElement params = waitFor("section.diff[data-dimension='parameters']");
        assertThat(params.getText()).contains("seed").contains("7").contains("clock");
        assertThat(driver.findElement(By.cssSelector("section.diff[data-dimension='outputs']"))
                        .getText())
                .contains("model/model.txt");
        assertThat(driver.findElement(By.cssSelector("section.diff[data-dimension='command']"))
                        .getText())
                .contains("same");
        screenshot("03-diff");
    }

    @Test
    @Order(4)
    void runPage_showsMetricChart_andDownloadsAVerifiedOutput() throws Exception {
        open("run?id=" + data.train);
        WebElement chart = waitFor("figure.metric-chart[data-metric='loss']");
        assertThat(chart.getAttribute("data-points")).isEqualTo("30");
        assertThat(chart.findElements(By.cssSelector("circle.pt"))).hasSize(30);
        assertThat(driver.findElement(By.tagName("h1")).getText())
                .contains("train")
                .contains("succeeded");
        assertThat(driver.findElement(By.id("confirmations")).getText())
                .contains("replay")
                .contains("identical")
                .contains("cache hit");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("pre.log"), "epoch 30"));
        screenshot("04-run");
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 2600));
        screenshot("04-run-full");
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 960));

        String digest = ChurnDemoData.sha256(data.files.get("model/model.txt"));
        WebElement button =
                driver.findElement(By.cssSelector("#outputs button.download[data-digest='" + digest + "']"));
        button.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#outputs .verify"), "verified"));
        Path file = downloads.resolve("model.txt");
        wait.until(d -> Files.exists(file));
        assertThat(ChurnDemoData.sha256(Files.readAllBytes(file))).isEqualTo(digest);

        // server-side replay is off on this server (not the embedded default): no button, the reason instead
        assertThat(waitFor("#replay-unavailable").getText())
                .contains("not available")
                .contains("PROVENANT_SERVER_REPLAY")
                .contains("provenant replay-run " + data.train);
        assertThat(all("#replay")).isEmpty();

        // the code snapshot: its files listed from the manifest, one shown as text
        assertThat(driver.findElement(By.id("dirty")).getText()).isEqualTo("no");
        waitFor("#snapshot tr[data-path='steps/Train.java']");
        assertThat(all("#snapshot tbody tr"))
                .extracting(e -> e.getAttribute("data-path"))
                .containsExactly("README.md", "steps/Train.java");
        driver.findElement(By.cssSelector("#snapshot tr[data-path='steps/Train.java'] button.file"))
                .click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("snapshot-file"), "// code of train"));
        assertThat(driver.findElement(By.id("snapshot-title")).getText()).isEqualTo("steps/Train.java");
        // train is the first run of its name: its environment is compared with the newest other one (the failed run)
        waitFor("#drift-result table");
        js("document.getElementById('code').scrollIntoView()");
        screenshot("04-run-code");
    }

    @Test
    @Order(4)
    void runPage_ofAnEditedCheckout_saysTheDiffIsNotRecorded_andShowsEnvironmentDrift() throws Exception {
        open("run?id=" + data.failed);
        assertThat(waitFor("#dirty").getText())
                .isEqualTo("yes (the diff is not recorded; the snapshot below holds the files as they were)");
        // by default against the previous run of the same name (the IDENTICAL replay of train)
        waitFor("#drift-result table");
        assertThat(new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("drift-against")))
                        .getFirstSelectedOption()
                        .getAttribute("value"))
                .isEqualTo(data.replay);
        assertThat(driftRows())
                .containsEntry("java.version", "changed")
                .containsEntry("CUDA_VISIBLE_DEVICES", "added")
                .doesNotContainKey("os.name");
        assertThat(driver.findElement(By.cssSelector("#drift tr[data-key='java.version']"))
                        .getText())
                .contains("17.0.13")
                .contains("17.0.14");
        js("document.getElementById('environment').scrollIntoView()");
        screenshot("04-run-drift");
        // another run chosen: the original train run, same drift
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("drift-against"))).selectByValue(data.train);
        wait.until(d -> {
            List<WebElement> links = all("#drift-result a");
            return !links.isEmpty()
                    && decoded(links.get(0).getAttribute("href")).contains("a=" + data.train);
        });
        assertThat(driftRows()).containsEntry("java.version", "changed").containsEntry("CUDA_VISIBLE_DEVICES", "added");
    }

    private static String decoded(String href) {
        return java.net.URLDecoder.decode(href, java.nio.charset.StandardCharsets.UTF_8);
    }

    private Map<String, String> driftRows() {
        Map<String, String> rows = new HashMap<>();
        for (WebElement tr : all("#drift-result tbody tr")) {
            rows.put(tr.getAttribute("data-key"), tr.getAttribute("data-drift"));
        }
        return rows;
    }

    @Test
    @Order(9)
    void runPage_ofARunningRun_followsItsStatus_untilItEnds() throws Exception {
        String live = data.start(
                "live-train", null, null, List.of("java", "steps/Train.java"), List.of(), List.of(), Map.of());
        open("run?id=" + live);
        assertThat(waitFor("#live").getText()).contains("the log and outputs arrive when the run ends");
        assertThat(driver.findElement(By.tagName("h1")).getText()).contains("running");
        data.finish(
                live, List.of(data.file("logs/live.log", "epoch 1 loss 0.7\ndone\n", "LOG")), Map.of(), 0, 1500, null);
        // no reload: the page polls and redraws itself when the run ends
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "succeeded"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("pre.log"), "done"));
        assertThat(all("#live")).isEmpty();
    }

    @Test
    @Order(1)
    void manifestAndServerReplay_overGraphQl() {
        dev.provenant.api.GraphQlClient admin =
                new dev.provenant.api.GraphQlClient(base, ProvenantTestSupport.ALICE_TOKEN);
        String snapshot = data.query(GraphQlDocuments.load("web/run"), Map.of("id", data.train))
                .path("run")
                .path("code")
                .path("snapshotDigest")
                .asText();
        var m = data.query(GraphQlDocuments.load("web/manifest-first-entry"), Map.of("d", snapshot))
                .path("manifest");
        assertThat(m.path("digest").asText()).isEqualTo(snapshot);
        assertThat(m.path("entryCount").asInt()).isEqualTo(2);
        assertThat(m.path("entries")).hasSize(1);
        assertThat(m.path("entries").get(0).path("path").asText()).isEqualTo("README.md");
        assertThat(m.path("entries").get(0).path("digest").asText())
                .isEqualTo(ChurnDemoData.sha256(data.files.get("README.md")));
        assertThat(m.path("entries").get(0).path("type").asText()).isEqualTo("FILE");
        // absent: null; a plain file, a bad digest, a bad page size: clear errors
        String absent = "sha256:" + "0".repeat(64);
        assertThat(data.query(GraphQlDocuments.load("web/manifest-digest"), Map.of("d", absent))
                        .path("manifest")
                        .isNull())
                .isTrue();
        String plain = ChurnDemoData.sha256(data.files.get("README.md"));
        for (Map.Entry<Map<String, Object>, String> bad : Map.of(
                        Map.<String, Object>of("d", plain, "n", 10), "single file, not a manifest",
                        Map.<String, Object>of("d", "sha256:../../etc/passwd", "n", 10), "sha256",
                        Map.<String, Object>of("d", snapshot, "n", 0), "first must be between 1 and 10000",
                        Map.<String, Object>of("d", snapshot, "n", 100_000), "first must be between 1 and 10000")
                .entrySet()) {
            var r = admin.post(GraphQlDocuments.load("web/manifest-first-n"), bad.getKey());
            assertThat(r.errors().toString())
                    .as(bad.getKey().toString())
                    .contains(bad.getValue())
                    .contains("BAD_REQUEST");
        }
        // server replay: off on this server (not loopback on the embedded database), for admins by default
        var sr = admin.post(GraphQlDocuments.load("web/serverInfo-replay"))
                .data()
                .path("serverInfo")
                .path("serverReplay");
        assertThat(sr.path("enabled").asBoolean()).isFalse();
        assertThat(sr.path("allowed").asBoolean()).isFalse();
        assertThat(sr.path("role").asText()).isEqualTo("ADMIN");
        assertThat(sr.path("reason").asText()).contains("PROVENANT_SERVER_REPLAY");
        var reader = new dev.provenant.api.GraphQlClient(base, ProvenantTestSupport.READER_TOKEN)
                .post(GraphQlDocuments.load("web/serverInfo-replay-allowed"))
                .data()
                .path("serverInfo");
        assertThat(reader.path("role").asText()).isEqualTo("READER");
        assertThat(reader.path("serverReplay").path("allowed").asBoolean()).isFalse();
    }

    @Test
    @Order(5)
    void lineageOfTheModel_showsTheStepRunsAndThePipeline_withConfirmationsCollapsed() throws Exception {
        open("lineage?node=model:churn@1&dir=UPSTREAM&depth=8");
        lineageReady("model:churn@1");
        // where the model came from: ingest, prepare, train and their pipeline run (evaluate read the
        // model, it is downstream); the second pipeline's cache hits and the replay are badges, not nodes
        assertThat(runNodes()).containsExactlyInAnyOrder(data.ingest, data.prepare, data.train, data.pipeline);
        WebElement badge = driver.findElement(By.cssSelector("g.node[data-id='" + data.train + "'] g.badge"));
        assertThat(badge.getAttribute("data-confirmations")).isEqualTo("2");
        WebElement stats = driver.findElement(By.id("lineage-stats"));
        assertThat(stats.getAttribute("data-runs")).isEqualTo("4");
        assertThat(Integer.parseInt(stats.getAttribute("data-confirmations"))).isGreaterThanOrEqualTo(4);
        screenshot("05-lineage");
        driver.findElement(By.id("fit")).click();
        screenshot("05-lineage-fit");

        // the pipeline run: its four step runs
        open("lineage?node=" + data.pipeline + "&dir=DOWNSTREAM&depth=1");
        lineageReady(data.pipeline);
        assertThat(runNodes())
                .containsExactlyInAnyOrder(data.pipeline, data.ingest, data.prepare, data.train, data.evaluate);
        open("lineage?node=model:churn@1&dir=BOTH&depth=3");
        lineageReady("model:churn@1");
        assertThat(runNodes()).contains(data.evaluate).doesNotContain(data.replay);
        screenshot("05b-lineage-both");
    }

    private List<String> runNodes() {
        return all("g.node[data-kind='RUN']").stream()
                .map(e -> e.getAttribute("data-id"))
                .toList();
    }

    @Test
    @Order(6)
    void recentreAndReload_keepTheGraphState_andBackReturns() throws Exception {
        open("lineage?node=model:churn@1&dir=UPSTREAM&depth=5");
        lineageReady("model:churn@1");
        driver.findElement(By.id("fit")).click();
        WebElement prepare = driver.findElement(By.cssSelector("g.node[data-id='" + data.prepare + "']"));
        js("delete document.body.dataset.lineageReady");
        new Actions(driver).doubleClick(prepare).perform();
        lineageReady(data.prepare);
        assertThat(driver.getCurrentUrl()).contains("dir=UPSTREAM").contains("depth=5");
        driver.navigate().refresh();
        lineageReady(data.prepare);
        assertThat(driver.findElement(By.id("lineage-dir")).getAttribute("value"))
                .isEqualTo("UPSTREAM");
        assertThat(driver.findElement(By.id("lineage-depth")).getAttribute("value"))
                .isEqualTo("5");
        assertThat(all("g.node.root").get(0).getAttribute("data-id")).isEqualTo(data.prepare);
        js("delete document.body.dataset.lineageReady");
        driver.navigate().back();
        lineageReady("model:churn@1");

        // nodes are reachable by keyboard: Tab from the Fit button reaches a node, Enter shows it
        driver.findElement(By.id("fit")).sendKeys(Keys.TAB);
        String id = null;
        for (int i = 0; i < 8 && id == null; i++) {
            WebElement active = driver.switchTo().activeElement();
            String cls = active.getAttribute("class");
            if (cls != null && cls.contains("node")) {
                id = active.getAttribute("data-id");
                active.sendKeys(Keys.ENTER);
            } else {
                active.sendKeys(Keys.TAB);
            }
        }
        assertThat(id).as("a node gets keyboard focus").isNotNull();
        assertThat(driver.findElement(By.id("details")).getText()).contains(id);
        screenshot("06-lineage-focus");
    }

    @Test
    @Order(7)
    void search_findsAModelByPrefix_aRunByIdPrefix_andAnArtifactByDigestPrefix() throws Exception {
        open("runs");
        waitFor("#runs-table");
        WebElement box = driver.findElement(By.id("search-input"));
        box.clear();
        box.sendKeys("chu", Keys.ENTER);
        waitFor("#search-results tr[data-id='model:churn@1']");
        screenshot("07-search");
        open("search?q=" + data.train.substring(0, 12));
        waitFor("#search-results tr[data-id='" + data.train + "']");
        String digest = ChurnDemoData.sha256(data.files.get("data/customers.csv"));
        open("search?q=" + digest.substring(7, 19));
        waitFor("#search-results tr[data-id='" + digest + "']");
    }

    @Test
    @Order(8)
    void modelsAndLedgerPages() throws Exception {
        open("models");
        WebElement model = waitFor("section.model[data-model='churn']");
        assertThat(model.getText()).contains("STAGING").contains("held-out accuracy 0.870");
        screenshot("08-models");
        open("model?id=model:churn@1");
        assertThat(waitFor("#transitions").getText())
                .contains("NONE")
                .contains("STAGING")
                .contains("alice");
        open("ledger");
        assertThat(waitFor(".page-ledger").getText()).contains("Chain head");
        screenshot("09-ledger");
    }

    @Test
    @Order(9)
    void everyDocumentTheAppNames_isServedToTheBrowser_withoutAToken_asWritten() {
        driver.get(base + "/favicon.svg");
        Map<String, String> files = WebUiDocuments.files();
        List<String> names = WebUiDocuments.referencedNames();
        assertThat(names).isNotEmpty();
        @SuppressWarnings("unchecked")
        List<List<Object>> served = (List<List<Object>>) js(
                "return Promise.all(arguments[0].map(n => fetch('" + WebUiDocuments.URL_PATH
                        + "' + n + '.graphql', {credentials: 'omit'}).then(r => r.text().then(t => [r.status, t]))))",
                names);
        for (int i = 0; i < names.size(); i++) {
            assertThat(served.get(i).get(0)).as(names.get(i)).isEqualTo(200L);
            assertThat(served.get(i).get(1)).as(names.get(i)).isEqualTo(files.get(names.get(i)));
        }
    }

    @Test
    @Order(9)
    void graphiql_rendersOffline() throws Exception {
        driver.get(base + "/graphiql");
        waitFor(".graphiql-container");
        @SuppressWarnings("unchecked")
        List<String> loaded = (List<String>) js("return performance.getEntriesByType('resource').map(e => e.name)");
        assertThat(loaded).isNotEmpty().allMatch(u -> u.startsWith(base));
        screenshot("10-graphiql");
    }

    @Test
    @Order(10)
    void logout_forgetsTheToken() {
        open("runs");
        waitFor("#logout").click();
        waitFor("#token-input");
        assertThat(js("return localStorage.getItem('provenant.token')")).isNull();
        try (Stream<Path> files = Files.list(shots)) {
            assertThat(files.count()).isGreaterThanOrEqualTo(10);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
