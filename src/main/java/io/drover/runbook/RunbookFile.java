package io.drover.runbook;

import java.util.List;
import java.util.Optional;

/**
 * A parsed runbook: its sections in file order. Positions are kept for every key and value so
 * that every later check can point at the character to fix.
 */
public record RunbookFile(String file, List<Section> sections) {

  /** One {@code key = value} line (after joining continuation lines). */
  public record Entry(String key, String value, int line, int keyColumn, int valueColumn) {
  }

  /** A {@code [NAME]} section and its entries. */
  public record Section(String name, int line, int column, List<Entry> entries) {

    public Optional<Entry> entry(String key) {
      return entries.stream().filter(e -> e.key().equalsIgnoreCase(key)).findFirst();
    }
  }

  public Optional<Section> section(String name) {
    return sections.stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
  }
}
