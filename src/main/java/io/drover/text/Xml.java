package io.drover.text;

import java.util.Locale;

/** Text made safe for XML and XHTML (attribute values and element content alike). */
public final class Xml {

  private Xml() {
  }

  /**
   * Escapes the five markup characters and drops every character XML 1.0 cannot hold, even as a
   * character reference: controls other than tab, line feed and carriage return, U+FFFE, U+FFFF and
   * unpaired surrogates. For generated models (BPMN), where a dropped control changes nothing.
   */
  public static String escape(String text) {
    return escape(text, false, true);
  }

  /**
   * As {@link #escape}, but what XML 1.0 cannot hold, and the invisible controls it can (DEL, the C1
   * controls U+0080-U+009F), is replaced by a visible escape: a backslash, {@code u} and the UTF-16
   * unit in four lower-case hex digits, as the run log writes controls (U+FFFF becomes the six ASCII
   * characters backslash-u-f-f-f-f). For evidence, where a reader must see that something was there;
   * a text that held those six characters itself reads the same.
   */
  public static String escapeVisibly(String text) {
    return escape(text, true, true);
  }

  /**
   * A document's characters as {@link #escapeVisibly} shows them, its markup left as it is: for a
   * document made elsewhere (a report the CLI fetched) before an XML parser reads it.
   */
  public static String showUnfit(String document) {
    return escape(document, true, false);
  }

  /** Whether XML 1.0's {@code Char} production admits this UTF-16 unit (surrogates: only in pairs). */
  static boolean allowed(int c) {
    return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xFFFD);
  }

  private static String escape(String text, boolean visibly, boolean markup) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
        continue;
      }
      switch (markup ? c : 0) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          boolean invisible = c == 0x7f || (c >= 0x80 && c <= 0x9f);
          if (allowed(c) && !Character.isSurrogate(c) && !(visibly && invisible)) {
            out.append(c);
          } else if (visibly) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          }
        }
      }
    }
    return out.toString();
  }
}
