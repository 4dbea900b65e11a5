package org.custodyledger.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium session (Debian's {@code chromium} and {@code chromium-driver}) for
 * workspace tests: {@code try (Browser b = Browser.open("sign-in")) { b.get(url); … b.screenshot("home"); }}.
 * Screenshots go to target/screenshots/&lt;name&gt;-&lt;step&gt;.png. Where Chromium or its driver is
 * missing the test is skipped, saying so — except under CI=true, where it fails: CI must run them.
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_BINARY", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final ChromeDriver driver;
    private final String name;

    private Browser(ChromeDriver driver, String name) {
        this.driver = driver;
        this.name = name;
    }

    /** A fresh browser (its own cookies) named {@code name} in screenshot files; skips or fails as described. */
    public static Browser open(String name) {
        return open(name, true);
    }

    /** As {@link #open(String)}, with JavaScript switched off: what a page shows to a reader without it. */
    public static Browser withoutJavaScript(String name) {
        return open(name, false);
    }

    private static Browser open(String name, boolean javaScript) {
        requireChromium();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=1280,900", "--no-first-run", "--disable-extensions", "--lang=en-GB");
        // The page's console, for consoleErrors().
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        if (!javaScript) {
            options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(driver, name);
    }

    /** Skips the calling test when Chromium cannot run here; under CI=true a missing Chromium is a failure. */
    public static void requireChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String why = "browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                + "): apt-get install chromium chromium-driver";
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true: " + why);
        }
        Assumptions.assumeTrue(present, why);
    }

    public void get(String url) {
        driver.get(url);
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    public WebElement find(By by) {
        return driver.findElement(by);
    }

    /** Waits (up to 15 s) until {@code condition} holds, e.g. a page's script has filled it in. */
    public <T> T waitUntil(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).until(condition);
    }

    /** Types {@code text} into the input {@code id}, replacing what it held. */
    public void type(String id, String text) {
        WebElement input = find(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    /**
     * Waits until the element {@code id} says {@code expected} and answers its whole text; an
     * element replaced while read (a page redrawing itself) is read again.
     */
    public String waitForText(String id, String expected) {
        return waitUntil(d -> {
            try {
                String t = d.findElement(By.id(id)).getText();
                return t.contains(expected) ? t : null;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return null;
            }
        });
    }

    /** The text of the element {@code id}, once its script has filled it (it is non-empty and not "Loading…"). */
    public String textOf(String id) {
        return waitUntil(d -> {
            String t = d.findElement(By.id(id)).getText();
            return t.isBlank() || t.startsWith("Loading") ? null : t;
        });
    }

    public Cookie cookie(String name) {
        return driver.manage().getCookieNamed(name);
    }

    /** Resizes the window's viewport-ish size (360 × 740: a small phone). */
    public void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves what the browser shows as target/screenshots/&lt;browser name&gt;-&lt;step&gt;.png. */
    public Path screenshot(String step) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + "-" + step + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the page logged as errors to its console (script errors, failed loads, CSP refusals) since last asked. */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::toString).toList();
    }

    public WebDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
