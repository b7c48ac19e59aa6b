package io.drover.operation;

import org.springframework.http.HttpStatus;

/** A refusal the API reports as RFC 7807 problem details. */
public class ApiProblem extends RuntimeException {

  private final HttpStatus status;
  private final String type;

  public ApiProblem(HttpStatus status, String type, String detail) {
    super(detail);
    this.status = status;
    this.type = type;
  }

  public HttpStatus status() {
    return status;
  }

  /** A short slug, appended to {@code https://drover.io/problems/}. */
  public String type() {
    return type;
  }
}
