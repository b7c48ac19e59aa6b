package io.drover.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** RFC 7807 problem details written by a servlet filter, outside Spring MVC's error handling. */
public final class ProblemResponse {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ProblemResponse() {
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
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "https://drover.io/problems/" + type);
    problem.put("title", title);
    problem.put("status", status);
    problem.put("detail", detail);
    problem.putAll(extensions);
    response.setStatus(status);
    response.setContentType("application/problem+json");
    JSON.writeValue(response.getOutputStream(), problem);
  }
}
