package io.drover.operation;

import org.springframework.http.HttpStatus;

/** A refusal the API reports as RFC 7807 problem details. */
public class ApiProblem extends RuntimeException {

  private final HttpStatus status;
  private final String type;
  private final java.util.Map<String, Object> properties;

  public ApiProblem(HttpStatus status, String type, String detail) {
    this(status, type, detail, java.util.Map.of());
  }

  /** With extension members of the problem document (e.g. the list of problems a preflight found). */
  public ApiProblem(HttpStatus status, String type, String detail, java.util.Map<String, Object> properties) {
    super(detail);
    this.status = status;
    this.type = type;
    this.properties = java.util.Map.copyOf(properties);
  }

  public java.util.Map<String, Object> properties() {
    return properties;
  }

  public HttpStatus status() {
    return status;
  }

  /** A short slug, appended to {@code https://drover.io/problems/}. */
  public String type() {
    return type;
  }
}
