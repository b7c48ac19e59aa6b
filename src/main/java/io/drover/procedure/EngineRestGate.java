package io.drover.procedure;

import io.drover.approval.ApprovalVariables;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.security.RefusalAudit;
import io.drover.security.AccessRules;
import io.drover.security.ProblemResponse;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Stands in front of Camunda's REST API ({@code /engine-rest} and the web apps' own) for everyone:
 * refuses what {@link EngineRestRules} forbids, and lets a task be completed only with its form's
 * decision fields (a field the form merely shows may be sent back unchanged). Every refusal is 403
 * problem details and an audit entry.
 */
class EngineRestGate extends OncePerRequestFilter {

  /** The fields a person fills in, per Camunda Form; every other variable is the run's own. */
  static final Map<String, Set<String>> FORM_FIELDS = Map.of(
      ApprovalVariables.APPROVAL_PROCESS, Set.of(ApprovalVariables.APPROVAL_DECISION, ApprovalVariables.APPROVAL_REASON),
      "drover-plan-approval", Set.of(ApprovalVariables.APPROVAL_DECISION, ApprovalVariables.APPROVAL_REASON),
      "drover-step-decision", Set.of(StepVariables.DECISION, StepVariables.DECISION_REASON));

  private static final Pattern COMPLETION = Pattern.compile("/task/([^/]+)/(complete|submit-form)");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 256 * 1024;

  private final TaskService tasks;
  private final RefusalAudit audit;
  private final AccessRules access;

  EngineRestGate(TaskService tasks, RefusalAudit audit, AccessRules access) {
    this.tasks = tasks;
    this.audit = audit;
    this.access = access;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = EngineRestRules.apiPath(request.getRequestURI().substring(request.getContextPath().length()));
    if (path == null) {
      chain.doFilter(request, response);
      return;
    }
    Optional<String> refused = EngineRestRules.refusal(request.getMethod(), path);
    if (refused.isPresent()) {
      refuse(request, response, refused.get());
      return;
    }
    Matcher completion = COMPLETION.matcher(EngineRestRules.normalise(path));
    if (!"POST".equalsIgnoreCase(request.getMethod()) || !completion.matches()) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      refuse(request, response, "a task completion larger than " + MAX_BODY + " bytes is not a form's");
      return;
    }
    Optional<String> wrongField = wrongField(completion.group(1), body);
    if (wrongField.isPresent()) {
      refuse(request, response, wrongField.get());
      return;
    }
    chain.doFilter(new ReplayedBody(request, body), response);
  }

  /** Why the completion's variables are not its form's own, or empty. */
  private Optional<String> wrongField(String taskId, byte[] body) {
    Task task = tasks.createTaskQuery().taskId(taskId).initializeFormKeys().singleResult();
    if (task == null) {
      return Optional.empty(); // Camunda answers 404
    }
    JsonNode variables;
    try {
      variables = body.length == 0 ? null : JSON.readTree(body).get("variables");
    } catch (IOException e) {
      return Optional.of("the task completion is not JSON: " + e.getMessage());
    }
    if (variables == null || variables.isNull()) {
      return Optional.empty();
    }
    String form = task.getCamundaFormRef() == null ? null : task.getCamundaFormRef().getKey();
    Set<String> editable = FORM_FIELDS.getOrDefault(form, Set.of());
    Map<String, Object> current = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = variables.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (editable.contains(field.getKey())) {
        continue;
      }
      if (current == null) {
        current = tasks.getVariables(taskId);
      }
      JsonNode value = field.getValue() == null ? null : field.getValue().get("value");
      String sent = value == null || value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString();
      Object now = current.get(field.getKey());
      if (!current.containsKey(field.getKey()) || !Objects.equals(sent, now == null ? null : now.toString())) {
        return Optional.of("task " + taskId + " may be completed only with " + String.join(" and ",
            editable.stream().sorted().toList()) + "; '" + field.getKey() + "' is not a field to fill in on its form");
      }
    }
    return Optional.empty();
  }

  private void refuse(HttpServletRequest request, HttpServletResponse response, String why) throws IOException {
    String actor = request.getUserPrincipal() == null ? "anonymous" : request.getUserPrincipal().getName();
    String origin = access.origin(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
    audit.refused(actor, origin, null, "403 engine-rest: " + request.getMethod() + " "
        + request.getRequestURI() + ": " + why);
    ProblemResponse.write(response, HttpStatus.FORBIDDEN, "engine-rest-refused", why);
  }

  /** The request with its body read once here and offered again to Camunda. */
  private static final class ReplayedBody extends HttpServletRequestWrapper {
    private final byte[] body;

    ReplayedBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("blocking reads only");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }
  }
}
