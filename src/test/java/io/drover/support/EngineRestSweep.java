package io.drover.support;

import io.drover.support.EngineRestOperations.Operation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Sends every operation of Camunda's published REST API, in each of its spellings, to a running server
 * and lists where the answer is not the expected one: refused before Camunda (403 with the engine
 * gate's {@code engine-rest-refused} problem, or 400 from Spring Security's firewall, which stands in
 * front of the gate and rejects {@code ;} and {@code //} in any path) for exactly the operations off
 * the allow-list. What Camunda
 * answers to a request the gate let through (404 for the made-up ids, 400, 401) is not the gate's.
 */
public final class EngineRestSweep {

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final Map<String, String> headers;
  private int sent;

  public EngineRestSweep(int port, Map<String, String> headers) {
    this.base = "http://127.0.0.1:" + port;
    this.headers = headers;
  }

  /** The mismatches, one line each, for every operation under the prefix in the given spellings. */
  public List<String> sweep(String prefix, Collection<String> spellings) throws Exception {
    List<String> wrong = new ArrayList<>();
    for (Operation op : EngineRestOperations.all()) {
      Map<String, String> variants = op.variants();
      List<String> paths = new ArrayList<>(List.of(op.path()));
      spellings.forEach(s -> paths.add(variants.get(s)));
      for (String path : paths) {
        boolean refused = refusedByGate(op.method(), prefix + path);
        // Spring Security's firewall rejects every path with ';' or '//', allowed or not
        boolean expected = !op.allowed() || path.contains(";") || path.contains("//");
        if (refused != expected) {
          wrong.add(op + " at " + prefix + path + ": " + (refused ? "refused" : "let through"));
        }
      }
    }
    return wrong;
  }

  /** How many requests were sent so far. */
  public int sent() {
    return sent;
  }

  private boolean refusedByGate(String method, String path) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    headers.forEach(request::header);
    boolean body = List.of("POST", "PUT", "PATCH").contains(method);
    request.header("Content-Type", "application/json").method(method, body
        ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    sent++;
    // the gate's 403, or the 400 of Spring Security's firewall, in front of it, for ';' and '//'
    return response.statusCode() == 403 && response.body().contains("engine-rest-refused")
        || response.statusCode() == 400 && response.body().contains("\"error\":\"Bad Request\"");
  }
}
