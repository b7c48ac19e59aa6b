package io.drover.runbook;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the key/value runbook format (see README, "Runbooks"): {@code [SECTION]} headers,
 * {@code key = value} lines, {@code #} or {@code ;} comments, values in double quotes with
 * {@code \"} and {@code \\} escapes, and a trailing backslash to continue a line. Never throws on
 * bad input: every problem becomes a {@link Diagnostic}.
 */
public final class RunbookParser {

  private static final Pattern SECTION_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final int MAX_LINE = 8192;

  private RunbookParser() {
  }

  /** Parses {@code text}; problems are added to {@code diagnostics}. */
  public static RunbookFile parse(String file, String text, List<Diagnostic> diagnostics) {
    List<RunbookFile.Section> sections = new ArrayList<>();
    Set<String> sectionNames = new HashSet<>();
    String name = null;
    int nameLine = 0;
    int nameColumn = 0;
    List<RunbookFile.Entry> entries = null;
    Set<String> keys = new HashSet<>();
    String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      StringBuilder logical = new StringBuilder(lines[i]);
      while (endsWithContinuation(logical) && i + 1 < lines.length) {
        logical.setLength(logical.length() - 1);
        logical.append(lines[++i].stripLeading());
      }
      if (endsWithContinuation(logical)) {
        diagnostics.add(new Diagnostic(file, lineNo, logical.length(), "a line ends with '\\' but no line follows it"));
        logical.setLength(logical.length() - 1);
      }
      String line = logical.toString();
      if (line.length() > MAX_LINE) {
        diagnostics.add(new Diagnostic(file, lineNo, 1, "line longer than " + MAX_LINE + " characters"));
        continue;
      }
      if (line.indexOf('\0') >= 0) {
        diagnostics.add(new Diagnostic(file, lineNo, line.indexOf('\0') + 1, "NUL character: this is not a text file"));
        continue;
      }
      int start = firstNonBlank(line);
      if (start < 0 || line.charAt(start) == '#' || line.charAt(start) == ';') {
        continue;
      }
      if (line.charAt(start) == '[') {
        int close = line.indexOf(']', start);
        if (close < 0) {
          diagnostics.add(new Diagnostic(file, lineNo, start + 1, "section header needs a closing ']'"));
          continue;
        }
        String rest = line.substring(close + 1).strip();
        if (!rest.isEmpty() && !rest.startsWith("#") && !rest.startsWith(";")) {
          diagnostics.add(new Diagnostic(file, lineNo, close + 2, "unexpected text after the section header"));
        }
        String candidate = line.substring(start + 1, close).strip();
        if (!SECTION_NAME.matcher(candidate).matches()) {
          diagnostics.add(new Diagnostic(file, lineNo, start + 2, "section name '" + candidate + "' must match "
              + SECTION_NAME.pattern()));
          candidate = null;
        } else if (!sectionNames.add(candidate.toUpperCase(Locale.ROOT))) {
          diagnostics.add(new Diagnostic(file, lineNo, start + 2, "section [" + candidate + "] appears twice"));
          candidate = null;
        }
        if (name != null) {
          sections.add(new RunbookFile.Section(name, nameLine, nameColumn, List.copyOf(entries)));
        }
        name = candidate;
        nameLine = lineNo;
        nameColumn = start + 2;
        entries = new ArrayList<>();
        keys = new HashSet<>();
        if (candidate == null) {
          name = null;
          entries = null;
        }
        continue;
      }
      int equals = line.indexOf('=', start);
      if (equals < 0) {
        diagnostics.add(new Diagnostic(file, lineNo, start + 1, "expected 'key = value', a [SECTION] header or a comment"));
        continue;
      }
      String key = line.substring(start, equals).strip();
      if (!KEY.matcher(key).matches()) {
        diagnostics.add(new Diagnostic(file, lineNo, start + 1, "key '" + key + "' must match " + KEY.pattern()));
        continue;
      }
      int valueStart = firstNonBlank(line, equals + 1);
      String value = valueStart < 0 ? "" : unquote(file, lineNo, line, valueStart, diagnostics);
      if (value == null) {
        continue;
      }
      if (entries == null) {
        if (name == null && sections.isEmpty() && sectionNames.isEmpty()) {
          diagnostics.add(new Diagnostic(file, lineNo, start + 1, "'" + key + "' is outside any [SECTION]"));
        }
        continue;
      }
      if (!keys.add(key.toLowerCase(Locale.ROOT))) {
        diagnostics.add(new Diagnostic(file, lineNo, start + 1, "key '" + key + "' appears twice in [" + name + "]"));
        continue;
      }
      entries.add(new RunbookFile.Entry(key, value, lineNo, start + 1, (valueStart < 0 ? equals + 1 : valueStart) + 1));
    }
    if (name != null) {
      sections.add(new RunbookFile.Section(name, nameLine, nameColumn, List.copyOf(entries)));
    }
    return new RunbookFile(file, List.copyOf(sections));
  }

  /** The value starting at {@code start}: a quoted string, or plain text up to a ' #' or ' ;' comment. */
  private static String unquote(String file, int lineNo, String line, int start, List<Diagnostic> diagnostics) {
    if (line.charAt(start) != '"') {
      String value = line.substring(start);
      for (String marker : new String[] {" #", "\t#", " ;", "\t;"}) {
        int comment = value.indexOf(marker);
        if (comment >= 0) {
          value = value.substring(0, comment);
        }
      }
      return value.strip();
    }
    StringBuilder out = new StringBuilder();
    for (int i = start + 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
        out.append(line.charAt(++i));
      } else if (c == '"') {
        String rest = line.substring(i + 1).strip();
        if (!rest.isEmpty() && !rest.startsWith("#") && !rest.startsWith(";")) {
          diagnostics.add(new Diagnostic(file, lineNo, i + 2, "unexpected text after the closing quote"));
          return null;
        }
        return out.toString();
      } else {
        out.append(c);
      }
    }
    diagnostics.add(new Diagnostic(file, lineNo, start + 1, "the quoted value has no closing '\"'"));
    return null;
  }

  private static boolean endsWithContinuation(CharSequence line) {
    int end = line.length();
    return end > 0 && line.charAt(end - 1) == '\\' && (end < 2 || line.charAt(end - 2) != '\\');
  }

  private static int firstNonBlank(String line) {
    return firstNonBlank(line, 0);
  }

  private static int firstNonBlank(String line, int from) {
    for (int i = from; i < line.length(); i++) {
      if (!Character.isWhitespace(line.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
