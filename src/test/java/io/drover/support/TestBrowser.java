package io.drover.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser for the tests: Debian's Chromium, headless, driven by its chromedriver
 * ({@code ops/test-deps.sh} installs both; a missing one fails the test and says so). On failure
 * {@link #screenshot} leaves a picture under {@code target/browser/}.
 */
public final class TestBrowser implements AutoCloseable {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  /** An explicit window, the same whatever the Chromium build's default. */
  private static final int WIDTH = 1400;
  private static final int HEIGHT = 1000;

  private final WebDriver driver;
  private final WebDriverWait wait;

  public TestBrowser() {
    this(false);
  }

  /**
   * A browser that keeps its console and network logs for {@link BrowserLogs} (Chromium's
   * {@code goog:loggingPrefs}: the console's messages and the DevTools network events).
   */
  public static TestBrowser recordingLogs() {
    return new TestBrowser(true);
  }

  private TestBrowser(boolean recordLogs) {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
      throw new IllegalStateException("the browser tests need Chromium and its driver at " + CHROMIUM + " and " + DRIVER
          + ": run ops/test-deps.sh (apt-get install chromium chromium-driver)");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=" + WIDTH + "," + HEIGHT, "--lang=en-US");
    if (recordLogs) {
      options.setCapability("goog:loggingPrefs", BrowserLogs.preferences());
    }
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  public WebDriver driver() {
    return driver;
  }

  public void open(String url) {
    driver.get(url);
  }

  /** Waits until an element is visible and returns it. */
  public WebElement visible(By by) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /**
   * Waits for an element, scrolls it (instantly) to the middle of its scrolling containers, and
   * returns it once visible there: content below a page's fold is not visible until scrolled to.
   */
  public WebElement scrolledTo(By by) {
    WebElement element = wait.until(ExpectedConditions.presenceOfElementLocated(by));
    ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});",
        element);
    return wait.until(ExpectedConditions.visibilityOf(element));
  }

  /**
   * Clicks an element once a person could: it is displayed and enabled, scrolled (instantly, not
   * smoothly) to the middle of its scrolling containers, and what lies at its centre is the element
   * itself (or, for a label, its input). Sticky headers, footers and animations can cover an element
   * for a while or at one scroll position; this waits and scrolls again until nothing covers it, and
   * fails naming what still does.
   */
  public void click(By by) {
    String[] covering = {""};
    try {
      wait.ignoring(StaleElementReferenceException.class).until(d -> {
        WebElement element = ExpectedConditions.elementToBeClickable(by).apply(d);
        if (element == null) {
          return null;
        }
        Object cover = ((JavascriptExecutor) d).executeScript(UNCOVERED, element);
        if (cover != null) {
          covering[0] = cover.toString();
          return null;
        }
        try {
          element.click();
          return true;
        } catch (ElementClickInterceptedException e) {
          covering[0] = e.getRawMessage();
          return null;
        }
      });
    } catch (TimeoutException e) {
      throw new TimeoutException("cannot click " + by + ": still covered by " + covering[0], e);
    }
  }

  /**
   * Scrolls arguments[0] to the centre of the window and returns null if a click at its centre
   * reaches it, else a description of the element that would receive the click.
   */
  private static final String UNCOVERED = """
      const el = arguments[0];
      el.scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (hit && (hit === el || el.contains(hit) || (el.htmlFor && hit.id === el.htmlFor))) return null;
      return hit ? hit.tagName + '.' + hit.className : 'nothing (outside the window)';
      """;

  /** Keycloak's login page: types the user's name and password and signs in. */
  public void signInAtKeycloak(String user, String password) {
    visible(By.id("username")).sendKeys(user);
    driver.findElement(By.id("password")).sendKeys(password);
    click(By.id("kc-login"));
  }

  public void screenshot(String name) {
    try {
      Path dir = Files.createDirectories(Path.of("target/browser"));
      Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      Files.writeString(dir.resolve(name + ".html"), driver.getPageSource());
    } catch (Exception e) {
      // the test's own failure is what matters
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
