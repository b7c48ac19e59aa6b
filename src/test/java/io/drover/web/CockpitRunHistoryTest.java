package io.drover.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.support.DroverIntegrationTest;
import io.drover.support.TestApi;
import io.drover.support.TestBrowser;
import java.time.Duration;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Drover's Cockpit plugin in a real browser (headless Chromium): a finished run's page shows the
 * procedure's diagram with the path taken and the failed step marked, the activities with their
 * times, and, for the failed step, Drover's attempt with its stderr. Cockpit Community Edition
 * shows nothing of a finished instance by itself.
 */
@DroverIntegrationTest
class CockpitRunHistoryTest {

  private static final String USER = "cockpitviewer";
  private static final String PASSWORD = "cockpit-" + java.util.UUID.randomUUID();

  @LocalServerPort
  int port;

  @Autowired
  IdentityService identity;

  @Autowired
  AuthorizationService authorizations;

  /**
   * A Camunda administrator to sign in to Cockpit with (open mode: Camunda's own sign-in; without
   * one, Cockpit shows its set-up page), made as Camunda's admin-user setting would.
   */
  @BeforeEach
  void cockpitUser() {
    if (identity.createUserQuery().userId(USER).count() > 0) {
      return;
    }
    User user = identity.newUser(USER);
    user.setFirstName("Cockpit");
    user.setLastName("Viewer");
    user.setPassword(PASSWORD);
    identity.saveUser(user);
    if (identity.createGroupQuery().groupId(Groups.CAMUNDA_ADMIN).count() == 0) {
      Group admins = identity.newGroup(Groups.CAMUNDA_ADMIN);
      admins.setName("Camunda administrators");
      admins.setType(Groups.GROUP_TYPE_SYSTEM);
      identity.saveGroup(admins);
      for (Resources resource : Resources.values()) {
        Authorization all = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        all.setGroupId(Groups.CAMUNDA_ADMIN);
        all.setResource(resource);
        all.setResourceId(Authorization.ANY);
        all.addPermission(Permissions.ALL);
        authorizations.saveAuthorization(all);
      }
    }
    identity.createMembership(USER, Groups.CAMUNDA_ADMIN);
  }

  @Test
  void aFinishedRunsPageShowsThePathTakenAndAFailedStepsStderr() throws Exception {
    TestApi api = new TestApi(port);
    String runId = api.request("hist-svc", "migrate");
    JsonNode run = api.awaitEnd(runId);
    assertThat(run.path("outcome").asText()).isEqualTo("SUCCEEDED_WITH_WARNINGS");
    String cockpit = "http://127.0.0.1:" + port + "/camunda/app/cockpit/default/";
    try (TestBrowser browser = new TestBrowser()) {
      try {
        browser.open(cockpit + "#/login");
        browser.visible(By.cssSelector("input[ng-model='username']")).sendKeys(USER);
        browser.visible(By.cssSelector("input[ng-model='password']")).sendKeys(PASSWORD);
        browser.click(By.cssSelector("button[type='submit']"));
        browser.visible(By.xpath("//a[normalize-space()='Drover runs']"));

        browser.click(By.xpath("//a[normalize-space()='Drover runs']"));
        browser.click(By.xpath("//a[normalize-space()='" + runId + "']"));
        assertThat(browser.visible(By.cssSelector(".drover-page h2")).getText()).isEqualTo("migrate of hist-svc");
        assertThat(browser.visible(By.cssSelector(".drover-page p")).getText()).contains("SUCCEEDED_WITH_WARNINGS");
        // the diagram: the path taken in green, the step that failed in red
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(d -> !d.findElements(By.cssSelector(
            ".drover-diagram .djs-element.drover-failed[data-element-id='Task_StepTwo']")).isEmpty());
        for (String passed : List.of("Start_RunAdmitted", "Task_StepOne", "Flow_To_StepOne", "Flow_To_StepTwo")) {
          assertThat(browser.driver().findElements(By.cssSelector(".drover-diagram .djs-element.drover-passed"
              + "[data-element-id='" + passed + "']"))).as("%s is on the path taken", passed).hasSize(1);
        }
        assertThat(browser.driver().findElements(By.cssSelector(".drover-diagram .djs-element.drover-passed"
            + "[data-element-id='End_StepOneFailed']"))).as("the end not reached").isEmpty();
        // the activities with their times, then the failed step's attempt
        List<WebElement> rows = browser.driver().findElements(By.cssSelector("table.drover-activities tr[data-activity]"));
        assertThat(rows).extracting(WebElement::getText).anySatisfy(t -> assertThat(t).startsWith("Run step one")
            .contains("completed")).anySatisfy(t -> assertThat(t).startsWith("Run step two").contains("failed"));
        browser.click(By.cssSelector("table.drover-activities tr[data-activity='Task_StepTwo']"));
        assertThat(browser.visible(By.cssSelector(".drover-step h3")).getText()).isEqualTo("Attempts of Run step two");
        assertThat(browser.visible(By.cssSelector(".drover-step .drover-attempt p")).getText())
            .contains("FAILED on pb, exit status 3, NON_ZERO_EXIT, policy WARN");
        assertThat(browser.scrolledTo(By.cssSelector(".drover-step pre.drover-stderr")).getText())
            .isEqualTo("disk almost full");
        // the picture in the README (docs/images/cockpit-run.png) is this page
        browser.scrolledTo(By.cssSelector(".drover-page h2"));
        browser.screenshot("cockpit-run");
      } catch (RuntimeException | AssertionError e) {
        browser.screenshot("cockpit-run-history");
        throw e;
      }
    }
  }
}
