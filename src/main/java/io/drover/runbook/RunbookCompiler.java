package io.drover.runbook;

import io.drover.inventory.Inventory;
import io.drover.inventory.ServiceSpec;
import io.drover.step.FailurePolicy;
import io.drover.step.RehearsalRules;
import io.drover.step.StepContract;
import io.drover.step.catalog.StepContracts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a runbook against the template and the inventory and turns each target into a
 * {@link ProcedureModel}. Every problem is reported at once; a runbook with any problem yields no
 * procedure at all.
 */
public final class RunbookCompiler {

  private static final Pattern MODULE_STEP = Pattern.compile(
      "([A-Za-z][A-Za-z0-9_-]*)\\s*->\\s*([A-Za-z][A-Za-z0-9_-]*)\\s*\\(\\s*([A-Za-z][A-Za-z0-9_-]*)\\s*\\)(?:\\s+on\\s+(\\S+))?\\s*");
  private static final Pattern RUN_STEP = Pattern.compile("run\\s+(.+?)\\s+on\\s+(\\S+?)\\s*(?:\\|\\s*(.*?))?\\s*");
  /** A run step's own options after '|': {@code onFailure=RETRY 2 DIE, timeout=PT2M}. */
  private static final Pattern RUN_OPTION = Pattern.compile("\\s*(onFailure|retries|timeout|rehearsalSafe)\\s*=\\s*(.+?)\\s*");
  private static final Pattern DURATION = Pattern.compile("P(?!$)(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?");
  /** The section of a runbook that cleans up after its [REHEARSE] target. */
  static final String CLEANUP_SECTION = "REHEARSE-CLEANUP";
  private static final String CLEANUP_STEP = io.drover.step.RehearsalSteps.CLEANUP_PREFIX;
  private static final Pattern STEP_KEY = Pattern.compile("\\d{1,6}");
  private static final Pattern SERVICE = Pattern.compile("[a-z][a-z0-9-]{0,62}");

  /** What compiling gave: the procedures when there is no diagnostic. */
  public record Result(String service, List<ProcedureModel> procedures, List<Diagnostic> diagnostics) {

    public boolean valid() {
      return diagnostics.isEmpty();
    }
  }

  private final RunbookTemplate template;
  private final Inventory inventory;

  /** @param inventory the inventory the runbook's hosts and roles are checked against */
  public RunbookCompiler(RunbookTemplate template, Inventory inventory) {
    this.template = template;
    this.inventory = inventory;
  }

  /** The service a runbook file belongs to: its file name without extension. */
  public static String serviceOf(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  public Result compile(String file, String service, String text) {
    List<Diagnostic> diagnostics = new ArrayList<>();
    RunbookFile runbook = RunbookParser.parse(file, text, diagnostics);
    Optional<ServiceSpec> spec = Optional.empty();
    if (!SERVICE.matcher(service).matches()) {
      diagnostics.add(new Diagnostic(file, 1, 1, "the file name gives service '" + service + "', which must match "
          + SERVICE.pattern() + " (name runbooks <service>.runbook)"));
    } else {
      spec = inventory.service(service);
      if (spec.isEmpty()) {
        diagnostics.add(new Diagnostic(file, 1, 1, "service '" + service + "' is not in the inventory;"
            + " add it (hosts, primary and standby sites) before its runbook"));
      }
    }
    Map<String, RunbookFile.Section> modules = new LinkedHashMap<>();
    List<RunbookFile.Section> targets = new ArrayList<>();
    RunbookFile.Section cleanup = null;
    for (RunbookFile.Section section : runbook.sections()) {
      if (section.name().equalsIgnoreCase(CLEANUP_SECTION)) {
        cleanup = section;
      } else if (template.targets().containsKey(section.name().toUpperCase(Locale.ROOT))) {
        targets.add(section);
      } else {
        modules.put(section.name().toUpperCase(Locale.ROOT), section);
        checkModuleSection(file, section, diagnostics);
      }
    }
    if (targets.isEmpty()) {
      diagnostics.add(new Diagnostic(file, 1, 1, "no target section: add at least one of ["
          + String.join("], [", template.targets().keySet()) + "]"));
    }
    RunbookFile.Section cleanupSection = cleanup;
    if (cleanup != null && targets.stream().noneMatch(t -> "rehearse".equals(operation(t)))) {
      diagnostics.add(new Diagnostic(file, cleanup.line(), cleanup.column(), "section [" + cleanup.name() + "] cleans"
          + " up after a rehearsal, but the runbook has no [REHEARSE] target"));
    }
    List<ProcedureModel> procedures = new ArrayList<>();
    for (RunbookFile.Section target : targets) {
      ProcedureModel model = target(file, service, target, "rehearse".equals(operation(target)) ? cleanupSection
          : null, modules, spec, diagnostics);
      if (model != null) {
        procedures.add(model);
      }
    }
    Collections.sort(diagnostics);
    return new Result(service, diagnostics.isEmpty() ? List.copyOf(procedures) : List.of(), List.copyOf(diagnostics));
  }

  private void checkModuleSection(String file, RunbookFile.Section section, List<Diagnostic> diagnostics) {
    Optional<RunbookFile.Entry> moduleEntry = section.entry("module");
    if (moduleEntry.isEmpty()) {
      diagnostics.add(new Diagnostic(file, section.line(), section.column(), "section [" + section.name()
          + "] needs 'module' (one of " + String.join(", ", template.modules().keySet()) + ")"));
      return;
    }
    RunbookTemplate.ModuleSpec module = template.modules().get(moduleEntry.get().value());
    if (module == null) {
      diagnostics.add(at(file, moduleEntry.get(), true, "unknown module '" + moduleEntry.get().value() + "' (known: "
          + String.join(", ", template.modules().keySet()) + ")"));
      return;
    }
    for (RunbookFile.Entry entry : section.entries()) {
      String key = entry.key();
      if (key.equals("module")) {
        continue;
      }
      if (key.equals("onFailure")) {
        checkPolicy(file, entry, section.entry("retries").map(RunbookFile.Entry::value).orElse(null), diagnostics);
        continue;
      }
      if (key.equals("retries") && section.entry("onFailure").isPresent()) {
        continue;
      }
      RunbookTemplate.KeySpec spec = module.keys().get(key);
      if (spec == null) {
        String message = template.isSecretKey(key)
            ? "'" + key + "' would put a secret in the runbook: secrets live in Drover's secret store; store it with"
                + " 'drover secret put NAME' and write 'credential = NAME'"
            : "unknown key '" + key + "' for module " + module.name() + " (allowed: module, onFailure, "
                + String.join(", ", module.keys().keySet()) + ")";
        diagnostics.add(at(file, entry, false, message));
        continue;
      }
      checkValue(file, entry, spec.type(), diagnostics);
    }
    for (RunbookTemplate.KeySpec spec : module.keys().values()) {
      if (spec.required() && section.entry(spec.name()).isEmpty()) {
        diagnostics.add(new Diagnostic(file, section.line(), section.column(), "section [" + section.name()
            + "] (module " + module.name() + ") needs '" + spec.name() + "'"));
      }
    }
  }

  private void checkValue(String file, RunbookFile.Entry entry, String type, List<Diagnostic> diagnostics) {
    String value = entry.value();
    if (value.isEmpty()) {
      diagnostics.add(at(file, entry, true, "'" + entry.key() + "' is empty"));
      return;
    }
    if (type.equals("inventoryHost")) {
      if (inventory.host(value).isEmpty()) {
        diagnostics.add(at(file, entry, true, "'" + entry.key() + "' names host '" + value
            + "', which is not in the inventory"));
      }
      return;
    }
    if (type.equals("policy")) {
      checkPolicy(file, entry, null, diagnostics);
      return;
    }
    if (type.equals("command")) {
      List<String> words = Words.split(value);
      if (words == null || words.isEmpty()) {
        diagnostics.add(at(file, entry, true, "'" + entry.key() + "' must be a command: words, with \"double quotes\""
            + " around a word with blanks"));
      } else if (value.contains("${") || value.contains("#{")) {
        diagnostics.add(at(file, entry, true, "'" + entry.key() + "': expressions are not allowed in runbook commands;"
            + " write {{var:NAME}} to use a service variable"));
      }
      return;
    }
    String problem = template.type(type).check(value);
    if (problem != null) {
      diagnostics.add(at(file, entry, true, "'" + entry.key() + "' is '" + value + "', which " + problem));
    }
  }

  private static void checkPolicy(String file, RunbookFile.Entry entry, String retries, List<Diagnostic> diagnostics) {
    try {
      FailurePolicy.parse(entry.value(), retries);
    } catch (IllegalArgumentException e) {
      diagnostics.add(at(file, entry, true, e.getMessage()));
    }
  }

  private String operation(RunbookFile.Section target) {
    return template.targets().get(target.name().toUpperCase(Locale.ROOT));
  }

  /** @param cleanup the runbook's [REHEARSE-CLEANUP] section for a rehearse target, else null */
  private ProcedureModel target(String file, String service, RunbookFile.Section target, RunbookFile.Section cleanup,
      Map<String, RunbookFile.Section> modules, Optional<ServiceSpec> spec, List<Diagnostic> diagnostics) {
    String operation = operation(target);
    Optional<RunbookFile.Entry> onFailure = target.entry("onFailure");
    if (onFailure.isEmpty()) {
      diagnostics.add(new Diagnostic(file, target.line(), target.column(), "target [" + target.name()
          + "] needs 'onFailure' (DIE, WARN, ASK or RETRY n DIE|WARN)"));
    } else {
      checkPolicy(file, onFailure.get(), target.entry("retries").map(RunbookFile.Entry::value).orElse(null), diagnostics);
    }
    Optional<RunbookFile.Entry> retryDelay = target.entry("retryDelay");
    retryDelay.ifPresent(entry -> checkValue(file, entry, "duration", diagnostics));
    List<ProcedureModel.Step> steps = steps(file, target, operation, null, modules, spec, diagnostics);
    List<ProcedureModel.Step> cleanupSteps = List.of();
    if (cleanup != null) {
      // every cleanup step runs, even after one failed (WARN), unless the section says otherwise
      Optional<RunbookFile.Entry> cleanupPolicy = cleanup.entry("onFailure");
      cleanupPolicy.ifPresent(entry -> checkPolicy(file, entry, cleanup.entry("retries").map(RunbookFile.Entry::value)
          .orElse(null), diagnostics));
      cleanupSteps = steps(file, cleanup, operation, cleanupPolicy.map(RunbookFile.Entry::value).orElse("WARN"),
          modules, spec, diagnostics);
      cleanupIds(cleanupSteps);
    }
    String name = Character.toUpperCase(operation.charAt(0)) + operation.substring(1) + " " + service;
    return new ProcedureModel(service + "-" + operation, name, "Compiled by drover compile from " + Path.of(file)
        .getFileName() + ", target [" + target.name() + "].", onFailure.map(RunbookFile.Entry::value).orElse("DIE"),
        retryDelay.map(RunbookFile.Entry::value).orElse(null), steps, cleanupSteps);
  }

  /**
   * The numbered steps of a target or of the cleanup section.
   *
   * @param policy the policy of each step that sets none of its own, or null for the section's
   */
  private List<ProcedureModel.Step> steps(String file, RunbookFile.Section target, String operation, String policy,
      Map<String, RunbookFile.Section> modules, Optional<ServiceSpec> spec, List<Diagnostic> diagnostics) {
    TreeMap<Integer, RunbookFile.Entry> numbered = new TreeMap<>();
    for (RunbookFile.Entry entry : target.entries()) {
      if (List.of("onFailure", "retries", "retryDelay").contains(entry.key())) {
        continue;
      }
      if (!STEP_KEY.matcher(entry.key()).matches() || Integer.parseInt(entry.key()) == 0) {
        diagnostics.add(at(file, entry, false, "key '" + entry.key() + "' in target [" + target.name()
            + "]: steps are numbered with positive whole numbers (1 = ..., 2 = ...); other keys: onFailure, retries,"
            + " retryDelay"));
        continue;
      }
      RunbookFile.Entry previous = numbered.put(Integer.parseInt(entry.key()), entry);
      if (previous != null) {
        diagnostics.add(at(file, entry, false, "step " + Integer.parseInt(entry.key()) + " of [" + target.name()
            + "] is already defined on line " + previous.line()));
      }
    }
    if (numbered.isEmpty()) {
      diagnostics.add(new Diagnostic(file, target.line(), target.column(), "target [" + target.name()
          + "] has no steps (1 = ..., 2 = ...)"));
    }
    List<ProcedureModel.Step> steps = new ArrayList<>();
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (Map.Entry<Integer, RunbookFile.Entry> step : numbered.entrySet()) {
      ProcedureModel.Step compiled = step(file, step.getKey(), step.getValue(), target, modules, spec, diagnostics);
      if (compiled != null && operation.equals("rehearse")) {
        rehearsal(file, step.getKey(), step.getValue(), compiled, spec, diagnostics);
      }
      if (compiled != null) {
        String id = "Task_" + pascal(compiled.name());
        if (policy == null && id.startsWith(CLEANUP_STEP)) {
          // only the cleanup section's steps may look like cleanup to a cleanup run
          id = "Task_Step" + step.getKey() + pascal(compiled.name());
        }
        if (!ids.add(id)) {
          id = id + "_" + step.getKey();
          ids.add(id);
        }
        steps.add(new ProcedureModel.Step(id, compiled.name(), compiled.delegate(), compiled.parameters(),
            compiled.onFailure() == null && policy != null ? policy : compiled.onFailure(), compiled.retries()));
      }
    }
    return steps;
  }

  /** Cleanup step ids start with Task_CleanUp, the first one exactly: a cleanup run starts there. */
  private static void cleanupIds(List<ProcedureModel.Step> steps) {
    for (int i = 0; i < steps.size(); i++) {
      ProcedureModel.Step step = steps.get(i);
      steps.set(i, new ProcedureModel.Step(i == 0 ? CLEANUP_STEP : CLEANUP_STEP + (i + 1), step.name(),
          step.delegate(), step.parameters(), step.onFailure(), step.retries()));
    }
  }

  /** A step of a [REHEARSE] target that would change production is refused at its line. */
  private static void rehearsal(String file, int number, RunbookFile.Entry entry, ProcedureModel.Step step,
      Optional<ServiceSpec> spec, List<Diagnostic> diagnostics) {
    String delegate = step.delegate().replace("${", "").replace("}", "");
    StepContracts.byDelegate(delegate).flatMap(contract -> RehearsalRules.refusal(contract, step.parameters(),
        host -> "primary".equals(host) || spec.map(s -> s.primary().hosts().contains(host)).orElse(false)))
        .ifPresent(why -> diagnostics.add(at(file, entry, true, "step " + number + " may not run in a rehearsal: "
        + why)));
  }

  private ProcedureModel.Step step(String file, int number, RunbookFile.Entry entry, RunbookFile.Section target,
      Map<String, RunbookFile.Section> modules, Optional<ServiceSpec> spec, List<Diagnostic> diagnostics) {
    String id = "Task_Step" + number;
    Matcher run = RUN_STEP.matcher(entry.value());
    if (run.matches()) {
      List<String> words = Words.split(run.group(1));
      if (words == null) {
        diagnostics.add(at(file, entry, true, "the command of step " + number + " has an unclosed '\"'"));
        return null;
      }
      if (words.isEmpty() || words.get(0).matches("\\(.*\\)")) {
        diagnostics.add(at(file, entry, true, "step " + number + " would run a program named '"
            + (words.isEmpty() ? "" : words.get(0)) + "': 'run' takes a program and its arguments (run PROGRAM ARGS..."
            + " on ROLE); a section is used through its module (module -> action (SECTION) on ROLE)"));
        return null;
      }
      for (String word : words) {
        if (word.contains("${") || word.contains("#{")) {
          diagnostics.add(at(file, entry, true, "'" + word + "': expressions are not allowed in runbook commands;"
              + " write {{var:NAME}} to use a service variable"));
          return null;
        }
      }
      String role = run.group(2);
      checkRole(file, entry, role, spec, diagnostics);
      Map<String, Object> parameters = new LinkedHashMap<>();
      parameters.put("host", role);
      parameters.put("command", words);
      Map<String, String> options = runOptions(file, entry, number, run.group(3), diagnostics);
      if (options == null) {
        return null;
      }
      if (options.containsKey("timeout")) {
        parameters.put("timeout", options.get("timeout"));
      }
      if (options.containsKey(RehearsalRules.SAFE_INPUT)) {
        parameters.put(RehearsalRules.SAFE_INPUT, options.get(RehearsalRules.SAFE_INPUT));
      }
      String shown = String.join(" ", words);
      String name = "Run " + (shown.length() > 40 ? shown.substring(0, 37) + "..." : shown) + " on " + role;
      return new ProcedureModel.Step(id, name, delegate("command"), parameters, options.get("onFailure"),
          options.get("retries"));
    }
    Matcher m = MODULE_STEP.matcher(entry.value());
    if (!m.matches()) {
      diagnostics.add(at(file, entry, true, "step " + number + " must be 'module -> action (SECTION)', optionally"
          + " followed by 'on ROLE', or 'run PROGRAM ARGS... on ROLE'"));
      return null;
    }
    String moduleName = m.group(1);
    String action = m.group(2);
    String sectionName = m.group(3);
    String role = m.group(4);
    RunbookTemplate.ModuleSpec module = template.modules().get(moduleName);
    if (module == null) {
      diagnostics.add(at(file, entry, true, "unknown module '" + moduleName + "' (known: "
          + String.join(", ", template.modules().keySet()) + ")"));
      return null;
    }
    if (!module.actions().containsKey(action)) {
      diagnostics.add(at(file, entry, true, "module " + moduleName + " has no action '" + action + "' (actions: "
          + String.join(", ", module.actions().keySet()) + ")"));
      return null;
    }
    RunbookFile.Section section = modules.get(sectionName.toUpperCase(Locale.ROOT));
    if (section == null) {
      String why = template.targets().containsKey(sectionName.toUpperCase(Locale.ROOT))
          ? "[" + sectionName + "] is a target, not a module section" : "there is no section [" + sectionName + "]";
      diagnostics.add(at(file, entry, true, "step " + number + " refers to " + sectionName + ", but " + why));
      return null;
    }
    String sectionModule = section.entry("module").map(RunbookFile.Entry::value).orElse(null);
    if (sectionModule != null && !sectionModule.equals(moduleName)) {
      diagnostics.add(at(file, entry, true, "step " + number + " calls module " + moduleName + " with section ["
          + section.name() + "], which is for module " + sectionModule));
      return null;
    }
    if (module.hostRole() && role == null) {
      diagnostics.add(at(file, entry, true, "module " + moduleName + " runs on a host: add 'on primary', 'on standby'"
          + " or 'on HOST'"));
      return null;
    }
    if (!module.hostRole() && role != null) {
      diagnostics.add(at(file, entry, true, "module " + moduleName + " does not run on a service host; remove 'on "
          + role + "'"));
      return null;
    }
    if (role != null) {
      checkRole(file, entry, role, spec, diagnostics);
    }
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("action", action);
    if (role != null) {
      parameters.put("host", role);
    }
    if (module.driver() != null) {
      parameters.put("driver", module.driver());
    }
    for (RunbookFile.Entry key : section.entries()) {
      if (!List.of("module", "onFailure", "retries").contains(key.key())) {
        boolean command = "command".equals(template.keyType(moduleName, key.key()));
        parameters.put(key.key(), command ? Words.split(key.value()) : key.value());
      }
    }
    String name = module.actions().get(action) + " " + section.name() + (role == null ? "" : " on " + role);
    String policy = section.entry("onFailure").map(RunbookFile.Entry::value).orElse(null);
    String retries = section.entry("retries").map(RunbookFile.Entry::value).orElse(null);
    return new ProcedureModel.Step(id, name, delegate(module.stepType()), parameters, policy, retries);
  }

  /**
   * The options of a run step after '|' ({@code onFailure=RETRY 2 DIE, retries=2, timeout=PT2M}), or
   * null after a diagnostic.
   */
  private static Map<String, String> runOptions(String file, RunbookFile.Entry entry, int number, String text,
      List<Diagnostic> diagnostics) {
    Map<String, String> options = new LinkedHashMap<>();
    if (text == null) {
      return options;
    }
    for (String part : text.split(",")) {
      Matcher option = RUN_OPTION.matcher(part);
      if (!option.matches()) {
        diagnostics.add(at(file, entry, true, "step " + number + ": '" + part.strip() + "' is not an option of a run"
            + " step; write '| onFailure=WARN, timeout=PT2M' (options: onFailure, retries, timeout, rehearsalSafe)"));
        return null;
      }
      options.put(option.group(1), option.group(2));
    }
    if (options.containsKey("timeout") && !DURATION.matcher(options.get("timeout")).matches()) {
      diagnostics.add(at(file, entry, true, "step " + number + ": timeout '" + options.get("timeout") + "' is not an"
          + " ISO-8601 duration such as PT2M"));
      return null;
    }
    if (options.containsKey(RehearsalRules.SAFE_INPUT) && !options.get(RehearsalRules.SAFE_INPUT).matches("true|false")) {
      diagnostics.add(at(file, entry, true, "step " + number + ": rehearsalSafe is true or false, not '"
          + options.get(RehearsalRules.SAFE_INPUT) + "'"));
      return null;
    }
    if (options.containsKey("onFailure") || options.containsKey("retries")) {
      try {
        FailurePolicy.parse(options.getOrDefault("onFailure", "DIE"), options.get("retries"));
      } catch (IllegalArgumentException e) {
        diagnostics.add(at(file, entry, true, "step " + number + ": " + e.getMessage()));
        return null;
      }
    }
    return options;
  }

  private void checkRole(String file, RunbookFile.Entry entry, String role, Optional<ServiceSpec> spec,
      List<Diagnostic> diagnostics) {
    if (spec.isPresent() && spec.get().resolveHost(role).isEmpty()) {
      diagnostics.add(at(file, entry, true, "host role '" + role + "' is neither primary, standby nor a host of service "
          + spec.get().name() + " (" + String.join(", ", spec.get().allHosts()) + ")"));
    }
  }

  /** "Delete DNS alias CNAME1" → "DeleteDnsAliasCname1": an id from the step's name (BPMN ids allow [A-Za-z0-9_-.]). */
  static String pascal(String name) {
    StringBuilder out = new StringBuilder();
    for (String word : name.split("[^A-Za-z0-9]+")) {
      if (!word.isEmpty()) {
        out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1).toLowerCase(Locale.ROOT));
      }
    }
    return out.length() > 60 ? out.substring(0, 60) : out.toString();
  }

  /** The delegate bean of a step type, as its contract names it. */
  static String delegate(String stepType) {
    return StepContracts.byType(stepType).map(StepContract::delegate).orElseThrow(() -> new IllegalStateException(
        "step type " + stepType + " has no contract"));
  }

  private static Diagnostic at(String file, RunbookFile.Entry entry, boolean atValue, String message) {
    return new Diagnostic(file, entry.line(), atValue ? entry.valueColumn() : entry.keyColumn(), message);
  }
}
