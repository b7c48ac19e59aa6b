package io.drover.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.support.DroverIntegrationTest;
import io.drover.support.TestApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The OpenAPI description served at /api/openapi names every operation the controllers map under
 * /api, with its method, and nothing they do not (written to target/openapi.json for review).
 */
@DroverIntegrationTest
class OpenApiTest {

  @LocalServerPort
  int port;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  @Test
  void theDescriptionMatchesTheControllers() throws Exception {
    JsonNode spec = new TestApi(port).client().get("/api/openapi");
    Files.writeString(Path.of("target/openapi.json"), spec.toPrettyString());
    assertThat(spec.path("openapi").asText()).startsWith("3.");
    TreeSet<String> described = new TreeSet<>();
    spec.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
        .forEachRemaining(method -> described.add(method.toUpperCase() + " " + path.getKey())));
    TreeSet<String> mapped = new TreeSet<>();
    for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
      List<String> methods = new ArrayList<>();
      info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
      for (String path : info.getPatternValues()) {
        if (path.startsWith("/api/") && !path.startsWith("/api/openapi")) {
          methods.forEach(m -> mapped.add(m + " " + path));
        }
      }
    }
    assertThat(mapped).contains("POST /api/plans/{plan}/runs", "GET /api/runs/{runId}",
        "POST /api/services/{service}/operations");
    assertThat(described).isEqualTo(mapped);
  }
}
