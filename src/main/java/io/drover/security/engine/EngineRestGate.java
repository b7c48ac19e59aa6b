package io.drover.security.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.security.RefusalAudit;
import io.drover.security.AccessRules;
import io.drover.security.ProblemResponse;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Stands in front of Camunda's REST API ({@code /engine-rest} and the web apps' own) for everyone. It
 * decides on the request as Jersey will dispatch it ({@link EngineRestPath}: decoded, without matrix
 * parameters or empty segments), lets through only what {@link EngineRestRules} allows, refuses an
 * expression in any query or filter, and lets a task be completed only with its form's fields ({@link
 * TaskFormFields}). Every refusal is 403 problem details and an audit entry.
 */
class EngineRestGate extends OncePerRequestFilter {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 256 * 1024;
  private static final List<String> METHOD_OVERRIDES = List.of("X-HTTP-Method-Override", "X-HTTP-Method",
      "X-Method-Override");

  private final TaskService tasks;
  private final RefusalAudit audit;
  private final AccessRules access;
  private final TaskDecisionGate deciders;

  EngineRestGate(TaskService tasks, RefusalAudit audit, AccessRules access, TaskDecisionGate deciders) {
    this.tasks = tasks;
    this.audit = audit;
    this.access = access;
    this.deciders = deciders;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    List<String> path;
    try {
      path = EngineRestPath.parse(request.getRequestURI().substring(request.getContextPath().length())).inApi();
    } catch (EngineRestPath.Unreadable e) {
      refuse(request, response, e.getMessage());
      return;
    }
    if (path == null) {
      chain.doFilter(request, response);
      return;
    }
    for (String header : METHOD_OVERRIDES) {
      if (request.getHeader(header) != null) {
        refuse(request, response, header + " is not honoured: send the method itself");
        return;
      }
    }
    String method = request.getMethod();
    Optional<String> refused = EngineRestRules.refusal(method, path);
    if (refused.isEmpty()) {
      refused = expressionIn("the query", request.getQueryString() == null ? "" : decodeQuery(request.getQueryString()));
    }
    if (refused.isPresent()) {
      refuse(request, response, refused.get());
      return;
    }
    if (!EngineRestRules.hasBody(method)) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      refuse(request, response, "a request to Camunda's REST API larger than " + MAX_BODY + " bytes is not the web apps'");
      return;
    }
    Optional<String> wrong = EngineRestRules.completedTask(path)
        .map(taskId -> wrongField(taskId, body))
        .orElseGet(() -> expressionInBody(body));
    if (wrong.isPresent()) {
      refuse(request, response, wrong.get());
      return;
    }
    Optional<TaskDecisionGate.Refusal> notTheirs = EngineRestRules.taskOperation(path).flatMap(op ->
        deciders.refusal(op, path.get(1), json(body), AccessRules.Caller.of(
            SecurityContextHolder.getContext().getAuthentication(), origin(request))));
    if (notTheirs.isPresent()) {
      refuse(request, response, notTheirs.get().service(), notTheirs.get().runId(), notTheirs.get().why());
      return;
    }
    chain.doFilter(new io.drover.security.ReplayedBody(request, body), response);
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
    Map<String, String> sent = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = variables.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode value = field.getValue() == null ? null : field.getValue().get("value");
      sent.put(field.getKey(), value == null || value.isNull() ? null : value.isValueNode() ? value.asText()
          : value.toString());
    }
    String form = task.getCamundaFormRef() == null ? null : task.getCamundaFormRef().getKey();
    return TaskFormFields.wrongField(taskId, form, sent, () -> tasks.getVariables(taskId));
  }

  private String origin(HttpServletRequest request) {
    return access.origin(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
  }

  /** The body as JSON, or null when empty or not JSON (refused before this is asked). */
  private static JsonNode json(byte[] body) {
    try {
      return body.length == 0 ? null : JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  /** An expression anywhere in a JSON body (field names and values, however escaped), or a body that is not JSON. */
  private static Optional<String> expressionInBody(byte[] body) {
    if (body.length == 0) {
      return Optional.empty();
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(body);
    } catch (IOException e) {
      return Optional.of("the web apps send JSON to Camunda's REST API; this body is not JSON");
    }
    StringBuilder text = new StringBuilder();
    collect(tree, text);
    return expressionIn("the body", text.toString());
  }

  private static void collect(JsonNode node, StringBuilder text) {
    if (node.isTextual()) {
      text.append(node.textValue()).append('\n');
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      text.append(field.getKey()).append('\n');
      collect(field.getValue(), text);
    }
    if (node.isArray()) {
      node.forEach(element -> collect(element, text));
    }
  }

  private static Optional<String> expressionIn(String where, String text) {
    if (text.contains("${") || text.contains("#{")) {
      return Optional.of("an expression in " + where + " of a request to Camunda's REST API is refused: expressions "
          + "are evaluated only inside Drover's procedures");
    }
    return Optional.empty();
  }

  private static String decodeQuery(String query) {
    try {
      return java.net.URLDecoder.decode(query, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return query; // a broken escape: read as sent
    }
  }

  private void refuse(HttpServletRequest request, HttpServletResponse response, String why) throws IOException {
    refuse(request, response, null, null, why);
  }

  private void refuse(HttpServletRequest request, HttpServletResponse response, String service, String runId,
      String why) throws IOException {
    String actor = request.getUserPrincipal() == null ? "anonymous" : request.getUserPrincipal().getName();
    audit.refused(actor, origin(request), service, runId, "403 engine-rest: " + request.getMethod() + " "
        + request.getRequestURI() + ": " + why);
    // Camunda's web apps show an error's "message": the same sentence as the problem's detail
    ProblemResponse.write(response, HttpStatus.FORBIDDEN, "engine-rest-refused", why, java.util.Map.of("message", why));
  }
}
