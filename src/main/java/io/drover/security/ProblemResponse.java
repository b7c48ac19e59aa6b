package io.drover.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * The one writer of RFC 7807 problem details: the API's controllers (through ProblemHandler) and the
 * servlet filters that answer before Spring MVC both answer with {@link #body}. Every type is a slug
 * under {@link #TYPES}, listed with what to do in docs/codes.md.
 */
public final class ProblemResponse {

  /** The base of every problem type. */
  public static final String TYPES = "https://drover.io/problems/";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ProblemResponse() {
  }

  /**
   * The problem document: type, title, status, detail, then the instance (the request's path, when
   * known) and the extension members.
   */
  public static Map<String, Object> body(int status, String title, String type, String detail, String instance,
      Map<String, Object> extensions) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", TYPES + type);
    problem.put("title", title);
    problem.put("status", status);
    problem.put("detail", detail);
    if (instance != null) {
      problem.put("instance", instance);
    }
    problem.putAll(extensions);
    return problem;
  }

  public static void write(HttpServletResponse response, HttpStatus status, String type, String detail)
      throws IOException {
    write(response, status, type, detail, Map.of());
  }

  /** With extension members after the standard ones. */
  public static void write(HttpServletResponse response, HttpStatus status, String type, String detail,
      Map<String, Object> extensions) throws IOException {
    write(response, status.value(), status.getReasonPhrase(), type, detail, extensions);
  }

  /** For a status Spring's {@link HttpStatus} does not name (421 Misdirected Request). */
  public static void write(HttpServletResponse response, int status, String title, String type, String detail,
      Map<String, Object> extensions) throws IOException {
    response.setStatus(status);
    response.setContentType("application/problem+json");
    JSON.writeValue(response.getOutputStream(), body(status, title, type, detail, null, extensions));
  }
}
