package io.drover.engine;

import io.drover.inventory.Inventory;
import io.drover.plan.PlanAccess;
import io.drover.plan.PlanBpmn;
import io.drover.plan.PlanSpec;
import io.drover.plan.Plans;
import io.drover.runbook.BpmnWriter;
import io.drover.runbook.InvalidRunbooksException;
import io.drover.runbook.ProcedureModel;
import io.drover.runbook.RunbookCompiler;
import io.drover.runbook.RunbookFiles;
import io.drover.runbook.RunbookTemplate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Deploys every {@code *.bpmn} of the procedures directory, every {@code *.runbook} there compiled
 * to BPMN, every {@code *.form} of the forms directory and Drover's built-in approval process and
 * form at start-up, as one deployment with duplicate filtering: unchanged files create no new version. An invalid model stops the server with the parser's message.
 */
@Component
class ProcedureDeployer implements InitializingBean {

  private static final Logger LOG = LoggerFactory.getLogger(ProcedureDeployer.class);
  /** Drover's own processes and forms, deployed whatever the procedures directory holds. */
  private static final List<String> BUILT_INS = List.of("drover-approval.bpmn", "drover-approval.form",
      "drover-plan-approval.form");

  private final RepositoryService repository;
  private final ProcedureProperties properties;
  private final Inventory inventory;
  private final Plans plans;
  private final PlanAccess planAccess;

  ProcedureDeployer(RepositoryService repository, ProcedureProperties properties, Inventory inventory, Plans plans,
      PlanAccess planAccess) {
    this.plans = plans;
    this.planAccess = planAccess;
    this.repository = repository;
    this.properties = properties;
    this.inventory = inventory;
  }

  @Override
  public void afterPropertiesSet() throws IOException {
    List<Path> files = Stream.concat(list(properties.dir(), ".bpmn").stream(), list(properties.formsDir(), ".form").stream())
        .toList();
    Map<String, String> compiled = compileRunbooks(files);
    if (files.isEmpty() && compiled.isEmpty()) {
      EngineLogger.LOG.noProcedures(properties.dir().toAbsolutePath());
    }
    DeploymentBuilder deployment = repository.createDeployment().name("drover").source("drover")
        .enableDuplicateFiltering(true);
    for (String builtIn : BUILT_INS) {
      deployment.addClasspathResource("builtin/" + builtIn);
    }
    for (Path file : files) {
      deployment.addInputStream(file.getFileName().toString(), new ByteArrayInputStream(Files.readAllBytes(file)));
    }
    compiled.forEach(deployment::addString);
    for (PlanSpec plan : plans.all()) {
      for (String action : List.of("migrate", "takeover", "failback", "rehearse")) {
        deployment.addString(Plans.procedureId(plan.name(), action) + ".bpmn", PlanBpmn.write(plan, action,
            planAccess.needsApproval(plan, action) ? plan.group() : null));
      }
    }
    deployment.deploy();
    long drawn = files.stream().filter(file -> file.getFileName().toString().endsWith(".bpmn")).count();
    long runbooks = list(properties.dir(), ".runbook").size();
    int ofPlans = plans.all().size() * 3;
    LOG.info("deployed {} procedures ({} drawn in BPMN, {} compiled from {} runbooks, {} of {} plans) and {} forms"
        + " from {} and {} (unchanged ones are kept as they were)", drawn + compiled.size() + ofPlans, drawn,
        compiled.size(), runbooks, ofPlans, plans.all().size(), files.size() - drawn, properties.dir(),
        properties.formsDir());
  }

  /**
   * Compiles every {@code *.runbook} of the procedures directory; any problem stops the server, and
   * so does a procedure defined twice (by two runbooks, or by a runbook and a BPMN file of
   * {@code drawn}): nothing decides silently which one runs.
   */
  private Map<String, String> compileRunbooks(List<Path> drawn) throws IOException {
    Map<String, String> bpmn = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    Map<String, Path> definedIn = new TreeMap<>();
    for (Path file : drawn) {
      for (String id : processIds(file)) {
        definedIn.putIfAbsent(id, file);
      }
    }
    RunbookFiles runbooks = new RunbookFiles(template(), inventory);
    for (Path file : list(properties.dir(), ".runbook")) {
      RunbookCompiler.Result result = runbooks.compile(file);
      result.diagnostics().forEach(d -> problems.add(d.toString()));
      for (ProcedureModel procedure : result.procedures()) {
        Path other = definedIn.putIfAbsent(procedure.id(), file);
        if (other != null) {
          problems.add(file + ": procedure " + procedure.id() + " is also defined in " + other + "; keep one of the"
              + " two (rename or remove the other)");
        }
        bpmn.put(procedure.id() + ".bpmn", BpmnWriter.write(procedure));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidRunbooksException(problems);
    }
    return bpmn;
  }

  /** The ids of the processes a BPMN file defines (none when it cannot be read: Camunda says why at deployment). */
  private static List<String> processIds(Path file) {
    if (!file.getFileName().toString().endsWith(".bpmn")) {
      return List.of();
    }
    try (var in = Files.newInputStream(file)) {
      return Bpmn.readModelFromStream(in).getModelElementsByType(Process.class).stream().map(Process::getId).toList();
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  private RunbookTemplate template() throws IOException {
    return properties.runbookTemplate() == null ? RunbookTemplate.shipped() : RunbookTemplate.load(properties.runbookTemplate());
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
