package io.drover.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
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

  private final WebDriver driver;
  private final WebDriverWait wait;

  public TestBrowser() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
      throw new IllegalStateException("the browser tests need Chromium and its driver at " + CHROMIUM + " and " + DRIVER
          + ": run ops/test-deps.sh (apt-get install chromium chromium-driver)");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1400,1000", "--lang=en-US");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
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

  /** Waits until an element can be clicked, scrolls it to the middle of the window and clicks it. */
  public void click(By by) {
    WebElement element = wait.until(ExpectedConditions.elementToBeClickable(by));
    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
        "arguments[0].scrollIntoView({block: 'center'});", element);
    element.click();
  }

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
