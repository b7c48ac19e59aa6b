package io.drover.security.engine;

import io.drover.approval.engine.ApprovalRefusedException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.rest.exception.ProcessEngineExceptionHandler;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.engine.rest.exception.RestExceptionHandler;
import org.camunda.bpm.spring.boot.starter.rest.CamundaJerseyResourceConfig;
import org.springframework.stereotype.Component;

/**
 * Camunda's REST API with one addition: a refused approval (self-approval, no approver role,
 * foreign group) is answered 403, a decision or approval without a valid choice or a reason 400,
 * with Drover's message, instead of Camunda's 500.
 */
@Component
class DroverRestConfig extends CamundaJerseyResourceConfig {

  @Override
  protected void registerAdditionalResources() {
    register(ApprovalRefusedMapper.class);
    register(RestApprovalRefusedMapper.class);
  }

  /** Camunda's task resource wraps the engine's exception in a RestException (500); unwrap ours. */
  @Priority(1)
  static class RestApprovalRefusedMapper implements ExceptionMapper<RestException> {

    private final RestExceptionHandler camunda = new RestExceptionHandler();

    @Override
    public Response toResponse(RestException exception) {
      Response refused = ApprovalRefusedMapper.refused(exception);
      return refused != null ? refused : camunda.toResponse(exception);
    }
  }

  /** Maps an engine exception caused by a refused approval to 403; any other as Camunda does. */
  @Priority(1)
  static class ApprovalRefusedMapper implements ExceptionMapper<ProcessEngineException> {

    private final ProcessEngineExceptionHandler camunda = new ProcessEngineExceptionHandler();

    @Override
    public Response toResponse(ProcessEngineException exception) {
      Response refused = refused(exception);
      return refused != null ? refused : camunda.toResponse(exception);
    }

    /**
     * 403 when an approval refusal is among the causes, 400 when Drover's task listener refused the
     * form's values (decision or reason missing), else null.
     */
    static Response refused(Throwable exception) {
      for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
        if (cause instanceof ApprovalRefusedException refused) {
          return Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON_TYPE)
              .entity(Map.of("type", "ApprovalRefusedException", "message", refused.getMessage())).build();
        }
        if (cause instanceof FormFieldValidationException invalid && invalid.getMessage() != null
            && invalid.getMessage().contains("DROVER-")) {
          return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
              .entity(Map.of("type", "FormFieldValidationException", "message", invalid.getMessage())).build();
        }
      }
      return null;
    }
  }
}
