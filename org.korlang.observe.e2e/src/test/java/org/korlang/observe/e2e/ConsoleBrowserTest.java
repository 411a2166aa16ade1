package org.korlang.observe.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console as a person uses it: {@code bin/korlang} started interactively (with its default
 * workload, korlang:demo, so the heap collects), Debian's headless Chromium driven by Selenium
 * through chromedriver, loopback traffic only.
 *
 * <p>Without credentials, with the Web Console's default {@code admin/admin} or with a wrong password
 * the console answers 401; the password bin/korlang generated sits in {@code KORLANG_HOME} with mode
 * 0600. Logged in, the page's charts receive points, the GC policy is switched with the page's own
 * select and button, and the new policy shows in the page and in {@code gc:stats} typed at the Gogo
 * prompt of the same platform. The screenshot it takes ({@code target/korlang-console.png}) is the one
 * in README. A second test checks that a {@code -c} batch starts no HTTP server and prints the GC
 * trace with KORLANG_GCTRACE=1, a third that a port in use gives one clear line.
 */
class ConsoleBrowserTest {

    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration UI = Duration.ofSeconds(60);
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @TempDir
    Path tmp;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static HttpResponse<String> get(String url, String user, String password) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Timeout(300)
    void logInWatchTheChartsSwitchTheGcPolicyFromThePageAndSeeItInGcStats() throws Exception {
        assertTrue(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
                "Debian's chromium and chromium-driver are installed (bin/setup installs them)");
        int port = freePort();
        Path home = tmp.resolve("korlang-home");
        try (Platform platform = Platform.start(Map.of("KORLANG_HOME", home.toString(), "KORLANG_HTTP_PORT",
                String.valueOf(port)))) {
            String announced = platform.await(platform.err, l -> l.startsWith("korlang: console on "), START, "console line");
            String page = "http://127.0.0.1:" + port + "/system/console/korlang";
            assertTrue(announced.contains(page), announced);
            Path passwordFile = home.resolve("console-password");
            assertTrue(announced.contains("password in " + passwordFile), announced);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
            String password = Files.readString(passwordFile).strip();

            awaitHttp(page, platform);
            HttpResponse<String> anonymous = get(page, null, null);
            assertEquals(401, anonymous.statusCode(), "no credentials");
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm="));
            assertEquals(401, get(page, "admin", "admin").statusCode(), "the Web Console's default password");
            assertEquals(401, get(page, "admin", password + "x").statusCode(), "a wrong password");
            assertEquals(401, get(page + "/data.json", null, null).statusCode(), "the JSON endpoint too");
            assertEquals(200, get(page, "admin", password).statusCode());

            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1500,1250", "--user-data-dir=" + tmp.resolve("chromium-profile"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
            WebDriver browser = new ChromeDriver(service, options);
            try {
                // log in: Basic credentials in the first navigation; the browser keeps them for the page's polls
                browser.get("http://admin:" + password + "@127.0.0.1:" + port + "/system/console/korlang");
                WebDriverWait wait = new WebDriverWait(browser, UI);
                wait.withMessage(() -> diagnosis(browser, platform));
                wait.until(d -> points(d, "kl-chart-heap") >= 4);
                wait.until(d -> points(d, "kl-chart-pauses") >= 1);
                wait.until(d -> !d.findElement(By.id("kl-gc-active")).getText().equals("…"));
                String before = browser.findElement(By.id("kl-gc-active")).getText();
                assertEquals("generational", before);
                assertTrue(browser.findElement(By.cssSelector("#kl-ports tbody")).getText().contains("org.korlang.os.linux"),
                        "the ports table lists the OS port");
                int heapPoints = points(browser, "kl-chart-heap");
                wait.until(d -> points(d, "kl-chart-heap") > heapPoints + 2);

                new Select(browser.findElement(By.id("kl-gc-select"))).selectByValue("marksweep");
                browser.findElement(By.id("kl-gc-switch")).click();
                wait.until(d -> "true".equals(d.findElement(By.id("kl-status")).getAttribute("data-ok"))
                        && d.findElement(By.id("kl-status")).getText().contains("-> marksweep"));
                wait.until(d -> d.findElement(By.id("kl-gc-active")).getText().equals("marksweep"));
                wait.until(d -> d.findElement(By.id("kl-chart-pauses")).getText().contains("marksweep"));

                platform.type("gc:stats");
                platform.await(platform.out, Pattern.compile("(korlang> )*policy\\s+marksweep\\s*").asMatchPredicate(), UI,
                        "gc:stats naming marksweep");

                Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
                Path target = Path.of("target", "korlang-console.png");
                Files.createDirectories(target.getParent());
                Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
                assertTrue(Files.size(target) > 10_000, "a real screenshot");
            } finally {
                browser.quit();
            }
        }
    }

    /** What the page and the platform said, for a failed wait. */
    private static String diagnosis(WebDriver browser, Platform platform) {
        String page;
        try {
            page = "page status: '" + browser.findElement(By.id("kl-status")).getText() + "', script error: "
                    + ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                            "return window.korlangConsole ? window.korlangConsole.lastError : 'no script state'")
                    + ", heap points " + points(browser, "kl-chart-heap") + ", pause points " + points(browser, "kl-chart-pauses");
        } catch (RuntimeException e) {
            page = "page: " + e.getMessage() + "\n" + browser.getPageSource();
        }
        return page + "\n" + platform.transcript();
    }

    private static int points(WebDriver d, String chart) {
        String v = d.findElement(By.id(chart)).getAttribute("data-points");
        return v == null ? 0 : Integer.parseInt(v);
    }

    /** Jetty starts a moment after the console line: wait until it answers at all. */
    private static void awaitHttp(String url, Platform platform) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        while (true) {
            try {
                get(url, null, null);
                return;
            } catch (java.io.IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("nothing answers on " + url + " within " + START + "\n" + platform.transcript());
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    @Timeout(180)
    void aBatchStartsNoHttpServerAndPrintsTheGcTraceWhenAsked() throws Exception {
        int port = freePort();
        Path home = tmp.resolve("batch-home");
        try (Platform platform = Platform.start(Map.of("KORLANG_HOME", home.toString(), "KORLANG_HTTP_PORT",
                String.valueOf(port), "KORLANG_GCTRACE", "1"), "-c", "gc:collect full")) {
            assertEquals(0, platform.waitFor(START), platform.transcript());
            assertTrue(platform.err.stream().anyMatch(Pattern.compile(
                    "gc \\d+ @\\d+\\.\\d{3}s generational full explicit: [\\d.]+M->[\\d.]+M \\(limit 256\\.0M\\), promoted [\\d.]+M, "
                            + "pause [\\d.]+ms \\(safepoint [\\d.]+ms\\)").asMatchPredicate()), platform.transcript());
            assertFalse(platform.err.stream().anyMatch(l -> l.contains("console")), platform.transcript());
            assertFalse(Files.exists(home.resolve("console-password")), "no password made for a batch");
        }
    }

    @Test
    @Timeout(180)
    void aPortInUseGivesOneClearLineAndThePlatformRunsOn() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            try (Platform platform = Platform.start(Map.of("KORLANG_HOME", tmp.resolve("busy-home").toString(),
                    "KORLANG_HTTP_PORT", String.valueOf(port), "KORLANG_CONSOLE", "1"), "-c", "gc:policy")) {
                assertEquals(0, platform.waitFor(START), platform.transcript());
                List<String> lines = platform.err.stream().filter(l -> l.contains("console") || l.contains("Exception")
                        || l.contains("\tat ")).toList();
                assertEquals(List.of("korlang: console off: port " + port + " on 127.0.0.1 is already in use "
                        + "(set KORLANG_HTTP_PORT to a free port)"), lines, platform.transcript());
                assertTrue(platform.out.contains("generational"), platform.transcript());
            }
        }
    }
}
