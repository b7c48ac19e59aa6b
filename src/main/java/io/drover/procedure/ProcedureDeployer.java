package io.drover.procedure;

import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Deploys every {@code *.bpmn} of the procedures directory and every {@code *.form} of the forms
 * directory at start-up, as one deployment with duplicate filtering: unchanged files create no
 * new version. An invalid model stops the server with the parser's message.
 */
@Component
class ProcedureDeployer implements InitializingBean {

  private static final Logger LOG = LoggerFactory.getLogger(ProcedureDeployer.class);

  private final RepositoryService repository;
  private final ProcedureProperties properties;

  ProcedureDeployer(RepositoryService repository, ProcedureProperties properties) {
    this.repository = repository;
    this.properties = properties;
  }

  @Override
  public void afterPropertiesSet() throws IOException {
    List<Path> files = Stream.concat(list(properties.dir(), ".bpmn").stream(), list(properties.formsDir(), ".form").stream())
        .toList();
    if (files.isEmpty()) {
      LOG.warn("DROVER-PROC-001 no procedures found in {}; no run can start", properties.dir().toAbsolutePath());
      return;
    }
    DeploymentBuilder deployment = repository.createDeployment().name("drover").source("drover")
        .enableDuplicateFiltering(true);
    for (Path file : files) {
      deployment.addInputStream(file.getFileName().toString(), new ByteArrayInputStream(Files.readAllBytes(file)));
    }
    deployment.deploy();
    LOG.info("deployed {} procedure and form files from {} and {}", files.size(), properties.dir(), properties.formsDir());
  }

  private static List<Path> list(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> listing = Files.list(dir)) {
      return listing.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }
}
