package io.drover.security;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A response that remembers, once it becomes a 401 or 403, who was signed in at that moment and the
 * first bytes of its body (the problem document, or Camunda's exception as JSON), so that
 * {@link RefusalAuditFilter} can write the refusal with its reason. Every other response passes
 * through untouched and unrecorded.
 */
final class RefusalCapture extends HttpServletResponseWrapper {

  static final int MAX_BODY = 8 * 1024;

  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private ServletOutputStream stream;
  private String message;
  private String actor;

  RefusalCapture(HttpServletResponse response) {
    super(response);
  }

  static boolean isRefusal(int status) {
    return status == SC_UNAUTHORIZED || status == SC_FORBIDDEN;
  }

  boolean refused() {
    return isRefusal(getStatus());
  }

  /** The body's first bytes, when the response was a refusal as they were written. */
  byte[] body() {
    return body.toByteArray();
  }

  /** The message of {@code sendError}, if any. */
  String message() {
    return message;
  }

  /** Who was signed in (Spring Security's context) when the response became a refusal; null: nobody. */
  String actor() {
    return actor;
  }

  @Override
  public void setStatus(int sc) {
    super.setStatus(sc);
    noteCaller(sc);
  }

  @Override
  public void sendError(int sc) throws IOException {
    noteCaller(sc);
    super.sendError(sc);
  }

  @Override
  public void sendError(int sc, String msg) throws IOException {
    noteCaller(sc);
    if (isRefusal(sc)) {
      message = msg;
    }
    super.sendError(sc, msg);
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    if (stream == null) {
      stream = new Tee(super.getOutputStream());
    }
    return stream;
  }

  private void noteCaller(int status) {
    if (isRefusal(status) && actor == null) {
      Authentication auth = SecurityContextHolder.getContext().getAuthentication();
      if (auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken)) {
        AccessRules.Caller caller = AccessRules.Caller.of(auth, null);
        actor = caller != null && caller.name() != null ? caller.name() : auth.getName();
      }
    }
  }

  private void keep(byte[] bytes, int offset, int length) {
    if (refused()) {
      noteCaller(getStatus());
      int room = MAX_BODY - body.size();
      if (room > 0) {
        body.write(bytes, offset, Math.min(room, length));
      }
    }
  }

  /** Writes through to the real stream and keeps a copy of a refusal's first bytes. */
  private final class Tee extends ServletOutputStream {
    private final ServletOutputStream out;

    Tee(ServletOutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      keep(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      keep(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }

    @Override
    public boolean isReady() {
      return out.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      out.setWriteListener(listener);
    }
  }
}
