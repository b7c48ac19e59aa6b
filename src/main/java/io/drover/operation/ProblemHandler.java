package io.drover.operation;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every API error as {@code application/problem+json}. */
@RestControllerAdvice(basePackages = "io.drover")
class ProblemHandler {

  @ExceptionHandler(ApiProblem.class)
  ProblemDetail problem(ApiProblem problem) {
    ProblemDetail detail = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
    detail.setType(URI.create("https://drover.io/problems/" + problem.type()));
    detail.setTitle(problem.status().getReasonPhrase());
    problem.properties().forEach(detail::setProperty);
    return detail;
  }

  @ExceptionHandler(ApprovalDecisionRefused.class)
  ProblemDetail decision(ApprovalDecisionRefused refused) {
    return problem(switch (refused.why()) {
      case NOT_AWAITING -> new ApiProblem(HttpStatus.CONFLICT, "not-awaiting-approval", refused.getMessage());
      case REFUSED -> new ApiProblem(HttpStatus.FORBIDDEN, "approval-refused", refused.getMessage());
      case BAD_DECISION -> new ApiProblem(HttpStatus.BAD_REQUEST, "bad-decision", refused.getMessage());
    });
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ProblemDetail unreadable(HttpMessageNotReadableException e) {
    ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
        "the request body is not valid JSON; send e.g. {\"action\":\"migrate\"}");
    detail.setType(URI.create("https://drover.io/problems/bad-request"));
    return detail;
  }
}
