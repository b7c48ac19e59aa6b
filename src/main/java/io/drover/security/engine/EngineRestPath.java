package io.drover.security.engine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A request path read the way Jersey will dispatch it: split into segments, matrix parameters
 * ({@code ;x=y}) dropped from each, empty segments (repeated and trailing slashes) dropped, then each
 * segment percent-decoded as UTF-8. A path that cannot be read that way without doubt (a dot segment,
 * an encoded slash or backslash, a broken escape, a control character) is refused rather than guessed.
 *
 * @param segments the decoded segments of the whole request path (context path excluded)
 */
record EngineRestPath(List<String> segments) {

  /** A path that is refused before any rule is looked at. */
  static final class Unreadable extends Exception {
    Unreadable(String message) {
      super(message, null, false, false);
    }
  }

  private static final List<String> ENGINE_REST = List.of("engine-rest");
  private static final List<String> WEBAPP_ENGINE = List.of("camunda", "api", "engine");

  static EngineRestPath parse(String rawPath) throws Unreadable {
    List<String> segments = new ArrayList<>();
    for (String raw : rawPath.split("/", -1)) {
      int matrix = raw.indexOf(';');
      String segment = decode(matrix < 0 ? raw : raw.substring(0, matrix));
      if (segment.isEmpty()) {
        continue;
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw new Unreadable("a path with a '" + segment + "' segment is not read: name the resource directly");
      }
      if (segment.indexOf('/') >= 0 || segment.indexOf('\\') >= 0) {
        throw new Unreadable("a path segment with an encoded slash or backslash is not read");
      }
      for (int i = 0; i < segment.length(); i++) {
        if (Character.isISOControl(segment.charAt(i))) {
          throw new Unreadable("a path with a control character is not read");
        }
      }
      segments.add(segment);
    }
    return new EngineRestPath(List.copyOf(segments));
  }

  /**
   * The segments inside Camunda's REST API, or null if the path is not one: after
   * {@code /engine-rest} or the web apps' {@code /camunda/api/engine}, and after {@code /engine/NAME}
   * below either. Prefixes compare without case, so that no spelling of them
   * passes by.
   */
  List<String> inApi() {
    for (List<String> root : List.of(ENGINE_REST, WEBAPP_ENGINE)) {
      if (startsWith(root)) {
        List<String> rest = segments.subList(root.size(), segments.size());
        if (!rest.isEmpty() && rest.get(0).equalsIgnoreCase("engine")) {
          return rest.size() == 1 ? List.of() : rest.subList(2, rest.size());
        }
        return rest;
      }
    }
    return null;
  }

  private boolean startsWith(List<String> prefix) {
    if (segments.size() < prefix.size()) {
      return false;
    }
    for (int i = 0; i < prefix.size(); i++) {
      if (!segments.get(i).toLowerCase(Locale.ROOT).equals(prefix.get(i))) {
        return false;
      }
    }
    return true;
  }

  static String display(List<String> segments) {
    return "/" + String.join("/", segments);
  }

  private static String decode(String raw) throws Unreadable {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '%') {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
          || Character.digit(raw.charAt(i + 2), 16) < 0) {
        throw new Unreadable("a path with a broken percent-escape is not read");
      }
      bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new Unreadable("a path whose percent-escapes are not UTF-8 is not read");
    }
  }
}
