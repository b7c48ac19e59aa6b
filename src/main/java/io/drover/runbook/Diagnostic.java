package io.drover.runbook;

/**
 * One problem in a file, printed as {@code file:line:column: message} (1-based line and column).
 */
public record Diagnostic(String file, int line, int column, String message) implements Comparable<Diagnostic> {

  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }

  @Override
  public int compareTo(Diagnostic other) {
    int byFile = file.compareTo(other.file);
    if (byFile != 0) {
      return byFile;
    }
    return line != other.line ? Integer.compare(line, other.line) : Integer.compare(column, other.column);
  }
}
