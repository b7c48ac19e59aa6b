package io.drover.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * What went wrong in a page, from the logs of a {@link TestBrowser#recordingLogs()} browser: the
 * requests answered 4xx/5xx or that failed on the network (from Chromium's DevTools network events)
 * and the console's errors. Each read drains the browser's logs, so a read covers what happened
 * since the one before.
 */
public final class BrowserLogs {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What went wrong since the last read. */
  public record Problems(List<String> failedRequests, List<String> consoleErrors) {

    public boolean none() {
      return failedRequests.isEmpty() && consoleErrors.isEmpty();
    }

    @Override
    public String toString() {
      return "failed requests " + failedRequests + ", console errors " + consoleErrors;
    }
  }

  private final Map<String, String> urls = new HashMap<>();

  static LoggingPreferences preferences() {
    LoggingPreferences preferences = new LoggingPreferences();
    preferences.enable(LogType.BROWSER, Level.ALL);
    preferences.enable(LogType.PERFORMANCE, Level.ALL);
    return preferences;
  }

  /** Reads (and so drains) the browser's console and network logs. */
  public Problems read(WebDriver driver) {
    List<String> failed = new ArrayList<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
      JsonNode message = parse(entry.getMessage()).path("message");
      JsonNode params = message.path("params");
      switch (message.path("method").asText()) {
        case "Network.requestWillBeSent" -> urls.put(params.path("requestId").asText(),
            params.path("request").path("method").asText() + " " + params.path("request").path("url").asText());
        case "Network.responseReceived" -> {
          int status = params.path("response").path("status").asInt();
          if (status >= 400) {
            failed.add(status + " " + urls.getOrDefault(params.path("requestId").asText(),
                params.path("response").path("url").asText()));
          }
        }
        case "Network.loadingFailed" -> {
          // a request the page itself dropped (a navigation away, an aborted XHR) did not fail
          if (!params.path("canceled").asBoolean()) {
            failed.add(params.path("errorText").asText() + " " + urls.getOrDefault(params.path("requestId").asText(),
                "request " + params.path("requestId").asText()));
          }
        }
        default -> {
        }
      }
    }
    List<String> errors = new ArrayList<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
        errors.add(entry.getMessage());
      }
    }
    return new Problems(failed, errors);
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Chromium's performance log entry is not JSON: " + json, e);
    }
  }
}
