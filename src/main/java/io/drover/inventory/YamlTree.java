package io.drover.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads a composed YAML node tree while collecting errors as {@code file:line: message}. */
public final class YamlTree {

  private final String file;
  private final List<String> errors;
  private final Map<Node, Node> keyOfValue = new java.util.IdentityHashMap<>();

  public YamlTree(String file, List<String> errors) {
    this.file = file;
    this.errors = errors;
  }

  public void error(Node node, String message) {
    errors.add(file + ":" + line(node) + ": " + message);
  }

  /** Records an error at the line of the key whose value is {@code value}. */
  public void errorAtKey(Node value, String message) {
    error(keyOfValue.getOrDefault(value, value), message);
  }

  /** {@code file:line} of the key whose value is {@code value}. */
  public String whereKey(Node value) {
    return where(keyOfValue.getOrDefault(value, value));
  }

  public static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }

  public String where(Node node) {
    return file + ":" + line(node);
  }

  /** The entries of a mapping, checking duplicate and unknown keys. Keys map to their key node too. */
  public Map<String, Node> mapping(Node node, String what, Set<String> allowed) {
    Map<String, Node> entries = new LinkedHashMap<>();
    if (!(node instanceof MappingNode map)) {
      error(node, what + " must be a mapping of key: value");
      return entries;
    }
    for (NodeTuple tuple : map.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
        error(tuple.getKeyNode(), "keys in " + what + " must be plain names");
        continue;
      }
      String key = keyNode.getValue();
      if (entries.containsKey(key)) {
        error(keyNode, "duplicate key '" + key + "' in " + what);
        continue;
      }
      if (allowed != null && !allowed.contains(key)) {
        error(keyNode, unknownKeyMessage(key, what, allowed));
        continue;
      }
      entries.put(key, tuple.getValueNode());
      keyOfValue.put(tuple.getValueNode(), keyNode);
    }
    return entries;
  }

  private static String unknownKeyMessage(String key, String what, Set<String> allowed) {
    String lower = key.toLowerCase();
    if (lower.contains("password") || lower.contains("secret") || lower.contains("privatekey") || lower.equals("key")) {
      return "'" + key + "' looks like a secret; secrets never go in the inventory: store it with"
          + " 'drover secret put NAME' and refer to it with 'credential: NAME'";
    }
    return "unknown key '" + key + "' in " + what + " (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")";
  }

  /** A scalar matching {@code pattern}, or null after recording an error. */
  public String string(Map<String, Node> entries, Node parent, String key, String what, Pattern pattern, boolean required) {
    Node node = entries.get(key);
    if (node == null) {
      if (required) {
        errorAtKey(parent, what + " needs '" + key + "'");
      }
      return null;
    }
    if (!(node instanceof ScalarNode scalar) || scalar.getValue().isBlank()) {
      error(node, "'" + key + "' of " + what + " must be a non-empty text value");
      return null;
    }
    String value = scalar.getValue().trim();
    if (pattern != null && !pattern.matcher(value).matches()) {
      error(node, "'" + key + "' of " + what + " is '" + value + "', which does not match " + pattern.pattern());
      return null;
    }
    return value;
  }

  public Integer integer(Map<String, Node> entries, String key, String what, int min, int max, int fallback) {
    Node node = entries.get(key);
    if (node == null) {
      return fallback;
    }
    if (node instanceof ScalarNode scalar && scalar.getValue().matches("\\d{1,6}")) {
      int value = Integer.parseInt(scalar.getValue());
      if (value >= min && value <= max) {
        return value;
      }
    }
    error(node, "'" + key + "' of " + what + " must be a whole number from " + min + " to " + max);
    return null;
  }

  /** A list of scalars, or a single scalar taken as a list of one. */
  public List<ScalarNode> scalars(Node node, String what) {
    List<ScalarNode> values = new ArrayList<>();
    if (node instanceof ScalarNode scalar) {
      values.add(scalar);
    } else if (node instanceof SequenceNode sequence) {
      for (Node item : sequence.getValue()) {
        if (item instanceof ScalarNode scalar) {
          values.add(scalar);
        } else {
          error(item, what + " must be a list of text values");
        }
      }
    } else {
      error(node, what + " must be a text value or a list of them");
    }
    return values;
  }
}
