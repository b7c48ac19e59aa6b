package io.drover.operation;

import io.drover.security.ProblemResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every API error as {@code application/problem+json}, written by {@link ProblemResponse}. */
@RestControllerAdvice(basePackages = "io.drover")
class ProblemHandler {

  @ExceptionHandler(ApiProblem.class)
  ResponseEntity<Map<String, Object>> problem(ApiProblem problem, HttpServletRequest request) {
    return answer(problem.status(), problem.type(), problem.getMessage(), problem.properties(), request);
  }

  @ExceptionHandler(ApprovalDecisionRefused.class)
  ResponseEntity<Map<String, Object>> decision(ApprovalDecisionRefused refused, HttpServletRequest request) {
    return switch (refused.why()) {
      case NOT_AWAITING -> answer(HttpStatus.CONFLICT, "not-awaiting-approval", refused.getMessage(), Map.of(), request);
      case REFUSED -> answer(HttpStatus.FORBIDDEN, "approval-refused", refused.getMessage(), Map.of(), request);
      case BAD_DECISION -> answer(HttpStatus.BAD_REQUEST, "bad-decision", refused.getMessage(), Map.of(), request);
    };
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
    return answer(HttpStatus.BAD_REQUEST, "bad-request",
        "the request body is not valid JSON; send e.g. {\"action\":\"migrate\"}", Map.of(), request);
  }

  private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, String type, String detail,
      Map<String, Object> properties, HttpServletRequest request) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(ProblemResponse.body(status.value(), status.getReasonPhrase(), type, detail, request.getRequestURI(),
        properties));
  }
}
