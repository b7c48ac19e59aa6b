package io.drover.runbook;

import java.util.ArrayList;
import java.util.List;

/** Splits a runbook command into words: whitespace separates, double quotes group, {@code \"} escapes. */
final class Words {

  private Words() {
  }

  /** The words, or null when a quote is not closed. */
  static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\\')) {
          word.append(text.charAt(++i));
        } else if (c == '"') {
          quoted = false;
        } else {
          word.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quoted) {
      return null;
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
