package io.drover.security;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A response that, once it becomes a 401 or 403, remembers who was signed in at that moment and
 * holds its body (the problem document, or Camunda's exception as JSON) until {@link #release()}:
 * {@link RefusalAuditFilter} reads the reason from it, writes the audit entry, and only then does
 * the refusal leave. Every other response passes through untouched. A refusal's body beyond
 * {@link #MAX_HELD} bytes is let through as it comes.
 */
final class RefusalCapture extends HttpServletResponseWrapper {

  static final int MAX_HELD = 64 * 1024;

  private final ByteArrayOutputStream held = new ByteArrayOutputStream();
  private boolean passedThrough;
  private boolean closeAsked;
  private Tee stream;
  private PrintWriter writer;
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

  /** The refusal's body as held (empty when it had none or was not a refusal). */
  byte[] body() {
    flushWriter();
    return held.toByteArray();
  }

  /** Whether the body was longer than what is held. */
  boolean truncated() {
    return passedThrough;
  }

  /** The message of {@code sendError}, if any. */
  String message() {
    return message;
  }

  /** Who was signed in (Spring Security's context) when the response became a refusal; null: nobody. */
  String actor() {
    return actor;
  }

  /** Sends what was held, and closes the stream if the application asked for it. */
  void release() throws IOException {
    flushWriter();
    if (stream != null && held.size() > 0 && !passedThrough) {
      stream.out.write(held.toByteArray());
    }
    if (stream != null && closeAsked) {
      stream.out.close();
    }
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
  public void flushBuffer() throws IOException {
    if (refused()) {
      flushWriter();
      return; // committed once the refusal is audited
    }
    super.flushBuffer();
  }

  @Override
  public void resetBuffer() {
    super.resetBuffer();
    dropHeld();
  }

  @Override
  public void reset() {
    super.reset();
    dropHeld();
  }

  /** What was held goes with the buffer it stands for (an error page replaces an answer half written). */
  private void dropHeld() {
    if (!passedThrough) {
      flushWriter();
      held.reset();
      closeAsked = false;
    }
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    if (stream == null) {
      stream = new Tee(super.getOutputStream());
    }
    return stream;
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    if (writer == null && !refused()) {
      return super.getWriter();
    }
    if (writer == null) {
      writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), getCharacterEncoding()));
    }
    return writer;
  }

  private void flushWriter() {
    if (writer != null) {
      writer.flush();
    }
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

  private boolean holding() {
    return refused() && !passedThrough;
  }

  /** Holds a refusal's bytes; writes everything else through. */
  private final class Tee extends ServletOutputStream {
    private final ServletOutputStream out;

    Tee(ServletOutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (!holding()) {
        out.write(b, off, len);
        return;
      }
      noteCaller(getStatus());
      if (held.size() + len <= MAX_HELD) {
        held.write(b, off, len);
        return;
      }
      // too long for a refusal's reason: let it go as it comes, keeping what is held for the audit
      passedThrough = true;
      out.write(held.toByteArray());
      out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      if (!holding()) {
        out.flush();
      }
    }

    @Override
    public void close() throws IOException {
      if (holding()) {
        closeAsked = true;
      } else {
        out.close();
      }
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
