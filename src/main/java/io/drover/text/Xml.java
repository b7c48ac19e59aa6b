package io.drover.text;

/** Text made safe for XML and XHTML (attribute values and element content alike). */
public final class Xml {

  private Xml() {
  }

  /**
   * Escapes the five markup characters; keeps tab, line feed and carriage return; drops the other
   * control characters, which XML 1.0 cannot hold even as character references.
   */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
