package io.drover.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.support.BrowserLogs;
import io.drover.support.TestBrowser;
import io.drover.support.TestDemoProcess;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;

/**
 * Cockpit, Tasklist and Admin as a new team first sees them: the server started with the README's
 * command ({@code ./drover demo --port 0}, the script, from the repository's root, in a process of
 * its own), signed in as demo/demo in a real browser (headless Chromium). Each app must render its
 * own content (not Camunda's loading spinner) with no request answered 4xx/5xx or failed and no
 * error in the console. An integration test (failsafe, after {@code package}): the script starts
 * the packaged jar as users get it.
 */
class ReadmeDemoWebAppsIT {

  @Test
  void cockpitTasklistAndAdminLoadWithoutAFailedRequestOrAConsoleError() throws Exception {
    try (TestDemoProcess demo = TestDemoProcess.start("webapps");
        TestBrowser browser = TestBrowser.recordingLogs()) {
      String apps = demo.baseUrl() + "/camunda/app/";
      BrowserLogs logs = new BrowserLogs();
      try {
        browser.open(apps + "cockpit/default/#/login");
        rendered(browser, logs, "Cockpit's sign-in page", By.cssSelector("input[ng-model='username']"));
        browser.visible(By.cssSelector("input[ng-model='username']")).sendKeys("demo");
        browser.visible(By.cssSelector("input[ng-model='password']")).sendKeys("demo");
        browser.click(By.cssSelector("button[type='submit']"));
        rendered(browser, logs, "Cockpit's dashboard", By.cssSelector(".dashboard .stats-section.deployments"),
            By.xpath("//span[normalize-space()='Running Process Instances']"),
            By.xpath("//a[normalize-space()='Drover runs']"));

        browser.open(apps + "tasklist/default/");
        rendered(browser, logs, "Tasklist's filters and task list",
            By.xpath("//*[contains(@class,'task-filters')]//*[contains(@class,'task-filter')][contains(.,'All tasks')]"),
            By.cssSelector(".tasks-list"));

        browser.open(apps + "admin/default/#/users");
        rendered(browser, logs, "Admin's list of users", By.xpath("//*[normalize-space()='List of users']"),
            By.xpath("//table//a[normalize-space()='demo']"));
      } catch (RuntimeException | AssertionError e) {
        browser.screenshot("readme-demo-webapps");
        throw new AssertionError(e.getMessage() + "\n(demo's output: " + demo.log() + ")", e);
      }
    }
  }

  /**
   * Waits for the page's own elements, then asserts that nothing went wrong since the page before.
   * A page stuck on its spinner fails with what went wrong while loading it.
   */
  private static void rendered(TestBrowser browser, BrowserLogs logs, String what, By... elements) {
    try {
      for (By element : elements) {
        browser.visible(element);
      }
    } catch (TimeoutException e) {
      throw new AssertionError(what + " did not render (" + browser.driver().getCurrentUrl() + "); "
          + logs.read(browser.driver()), e);
    }
    BrowserLogs.Problems problems = logs.read(browser.driver());
    assertThat(problems.failedRequests()).as("requests answered 4xx/5xx or failed, loading %s", what).isEmpty();
    assertThat(problems.consoleErrors()).as("console errors, loading %s", what).isEmpty();
  }
}
