package io.drover.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every operation of Camunda's REST API as Camunda itself publishes it ({@code openapi.json} of
 * {@code org.camunda.bpm:camunda-engine-rest-openapi}), with its path filled in and the spellings of
 * that path that Jersey dispatches to the same operation.
 */
public final class EngineRestOperations {

  /**
   * The operations the engine gate lets through besides reads (GET, HEAD, OPTIONS), by Camunda's
   * operation id: what Cockpit, Tasklist and Admin need. Widening it is a decision, made here and in
   * the gate's rules together.
   */
  public static final Set<String> ALLOWED_WRITES = Set.of(
      // queries sent as POST
      "queryExecutions", "queryExecutionsCount", "queryExternalTasks", "queryExternalTasksCount", "postQueryGroups",
      "queryGroupCount", "queryHistoricActivityInstances", "queryHistoricActivityInstancesCount",
      "queryHistoricDetails", "queryHistoricExternalTaskLogs", "queryHistoricExternalTaskLogsCount",
      "queryHistoricJobLogs", "queryHistoricJobLogsCount", "queryHistoricProcessInstances",
      "queryHistoricProcessInstancesCount", "queryHistoricTaskInstances", "queryHistoricTaskInstancesCount",
      "queryHistoricVariableInstances", "queryHistoricVariableInstancesCount", "queryJobs", "queryJobsCount",
      "queryJobDefinitions", "queryJobDefinitionsCount", "queryProcessInstances", "queryProcessInstancesCount",
      "querySchemaLog", "queryTasks", "queryTasksCount", "queryVariableInstances", "queryVariableInstancesCount",
      "postExecuteFilterCount", "postExecuteFilterList", "postExecuteFilterSingleResult", "checkPassword",
      // Tasklist
      "claim", "unclaim", "setAssignee", "complete", "submit", "createComment", "createFilter", "updateFilter", "deleteFilter",
      // Cockpit
      "deleteProcessInstance", "deleteProcessInstancesAsyncOperation", "setRetriesByProcess",
      "setJobRetriesAsyncOperation", "setJobRetries", "setJobRetriesJobDefinition", "setIncidentAnnotation",
      "clearIncidentAnnotation", "setAnnotationUserOperationLog", "clearAnnotationUserOperationLog",
      // Admin
      "createAuthorization", "updateAuthorization", "deleteAuthorization", "createUser", "deleteUser", "updateProfile",
      "updateCredentials", "unlockUser", "createGroup", "updateGroup", "deleteGroup", "createGroupMember",
      "deleteGroupMember", "createTenant", "updateTenant", "deleteTenant", "createUserMembership",
      "deleteUserMembership", "createGroupMembership", "deleteGroupMembership");

  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
  private static final Pattern VARIABLE = Pattern.compile("\\{[^}]+}");

  /** One operation: its method, its path with every variable filled in, and Camunda's id for it. */
  public record Operation(String method, String template, String path, String id) {

    /** Whether the gate lets it through. */
    public boolean allowed() {
      return READS.contains(method) || ALLOWED_WRITES.contains(id);
    }

    /** The same path spelled as Jersey also reads it, by what was changed. */
    public Map<String, String> variants() {
      Map<String, String> variants = new LinkedHashMap<>();
      variants.put("percent-encoded", mapSegments(s -> "%" + String.format("%02X", (int) s.charAt(0)) + s.substring(1)));
      variants.put("percent-encoded, lower-case hex",
          mapSegments(s -> "%" + String.format("%02x", (int) s.charAt(0)) + s.substring(1)));
      variants.put("matrix parameters", mapSegments(s -> s + ";x=y"));
      variants.put("double slashes", path.replace("/", "//"));
      variants.put("trailing slash", path + "/");
      variants.put("upper case", path.toUpperCase(Locale.ROOT));
      variants.put("all at once", "/" + mapSegments(s -> "%" + String.format("%02X", (int) s.charAt(0))
          + s.substring(1).toUpperCase(Locale.ROOT) + ";jsessionid=1").replace("/", "//") + "/");
      return variants;
    }

    private String mapSegments(java.util.function.UnaryOperator<String> change) {
      StringBuilder out = new StringBuilder();
      for (String segment : path.substring(1).split("/")) {
        out.append('/').append(change.apply(segment));
      }
      return out.toString();
    }

    @Override
    public String toString() {
      return method + " " + template + " (" + id + ")";
    }
  }

  private EngineRestOperations() {
  }

  /** Every operation of the published description (about 400). */
  public static List<Operation> all() {
    try (InputStream in = EngineRestOperations.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is not on the test class path: the test dependency "
            + "org.camunda.bpm:camunda-engine-rest-openapi is missing");
      }
      JsonNode paths = new ObjectMapper().readTree(in).get("paths");
      List<Operation> operations = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> path = it.next();
        for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
          Map.Entry<String, JsonNode> op = ops.next();
          String method = op.getKey().toUpperCase(Locale.ROOT);
          if (Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD").contains(method)) {
            operations.add(new Operation(method, path.getKey(), fill(path.getKey()), op.getValue().path("operationId")
                .asText()));
          }
        }
      }
      return operations;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read Camunda's openapi.json", e);
    }
  }

  private static String fill(String template) {
    Matcher m = VARIABLE.matcher(template);
    StringBuilder out = new StringBuilder();
    int n = 0;
    while (m.find()) {
      m.appendReplacement(out, "x" + (n++) + "a");
    }
    m.appendTail(out);
    return out.toString();
  }
}
