package io.drover.runbook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The rules a runbook is checked against, read from a template file (see {@code runbook/template.yaml}). */
public final class RunbookTemplate {

  /** A value type: a pattern or a list of allowed values. */
  public record ValueType(String name, Pattern pattern, List<String> values, String description) {

    /** Null when {@code value} is acceptable, else what is wrong with it. */
    String check(String value) {
      if (values != null && !values.contains(value)) {
        return "must be one of " + String.join(", ", values);
      }
      if (pattern != null && !pattern.matcher(value).matches()) {
        return "must be " + (description == null ? "of type " + name : description);
      }
      return null;
    }
  }

  /** A key of a module section. */
  public record KeySpec(String name, String type, boolean required) {
  }

  /** A module: what it compiles to and what it accepts. */
  public record ModuleSpec(String name, String stepType, String driver, boolean hostRole, Map<String, String> actions,
      Map<String, KeySpec> keys) {
  }

  private final Map<String, String> targets;
  private final Map<String, ValueType> types;
  private final Set<String> secretKeys;
  private final Map<String, ModuleSpec> modules;

  private RunbookTemplate(Map<String, String> targets, Map<String, ValueType> types, Set<String> secretKeys,
      Map<String, ModuleSpec> modules) {
    this.targets = targets;
    this.types = types;
    this.secretKeys = secretKeys;
    this.modules = modules;
  }

  /** The template shipped with Drover. */
  public static RunbookTemplate shipped() {
    try (InputStream in = RunbookTemplate.class.getResourceAsStream("/runbook/template.yaml")) {
      if (in == null) {
        throw new IllegalStateException(RunbookLogger.LOG.templateMissing());
      }
      return parse("template.yaml", new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(RunbookLogger.LOG.templateUnreadable(), e);
    }
  }

  public static RunbookTemplate load(Path file) throws IOException {
    return parse(file.toString(), Files.readString(file));
  }

  @SuppressWarnings("unchecked")
  static RunbookTemplate parse(String file, String text) {
    Map<String, Object> root;
    try {
      root = (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": not a valid template: " + e.getMessage(), e);
    }
    try {
      Map<String, String> targets = new LinkedHashMap<>();
      ((Map<String, Object>) root.get("targets")).forEach((k, v) -> targets.put(k.toUpperCase(Locale.ROOT), v.toString()));
      Map<String, ValueType> types = new LinkedHashMap<>();
      ((Map<String, Map<String, Object>>) root.get("types")).forEach((name, spec) -> types.put(name, new ValueType(name,
          spec.get("pattern") == null ? null : Pattern.compile(spec.get("pattern").toString()),
          spec.get("values") == null ? null : ((List<Object>) spec.get("values")).stream().map(Object::toString).toList(),
          (String) spec.get("description"))));
      Set<String> secretKeys = Set.copyOf(((List<Object>) root.get("secretKeys")).stream()
          .map(o -> o.toString().toLowerCase(Locale.ROOT)).toList());
      Map<String, ModuleSpec> modules = new LinkedHashMap<>();
      ((Map<String, Map<String, Object>>) root.get("modules")).forEach((name, spec) -> {
        Map<String, String> actions = new LinkedHashMap<>();
        ((Map<String, Object>) spec.get("actions")).forEach((a, title) -> actions.put(a, title.toString()));
        Map<String, KeySpec> keys = new LinkedHashMap<>();
        ((Map<String, Map<String, Object>>) spec.get("keys")).forEach((key, keySpec) -> {
          String type = keySpec.get("type").toString();
          if (!types.containsKey(type) && !BUILT_IN.contains(type)) {
            throw new IllegalArgumentException("module " + name + ", key " + key + ": unknown type " + type);
          }
          keys.put(key, new KeySpec(key, type, Boolean.TRUE.equals(keySpec.get("required"))));
        });
        modules.put(name, new ModuleSpec(name, spec.get("stepType").toString(),
            spec.get("driver") == null ? null : spec.get("driver").toString(), "required".equals(spec.get("hostRole")),
            actions, keys));
      });
      return new RunbookTemplate(targets, types, secretKeys, modules);
    } catch (ClassCastException | NullPointerException | PatternSyntaxException e) {
      throw new IllegalArgumentException(file + ": the template does not follow the template format (targets, types,"
          + " secretKeys, modules): " + e, e);
    }
  }

  /** Types checked by code rather than a pattern. */
  static final Set<String> BUILT_IN = Set.of("policy", "inventoryHost", "command");

  /** Target section name (upper case) to operation id. */
  public Map<String, String> targets() {
    return targets;
  }

  /** The type of a key of a module, or null. */
  public String keyType(String module, String key) {
    ModuleSpec spec = modules.get(module);
    KeySpec keySpec = spec == null ? null : spec.keys().get(key);
    return keySpec == null ? null : keySpec.type();
  }

  public ValueType type(String name) {
    return types.get(name);
  }

  public boolean isSecretKey(String key) {
    return secretKeys.contains(key.toLowerCase(Locale.ROOT));
  }

  public Map<String, ModuleSpec> modules() {
    return modules;
  }
}
