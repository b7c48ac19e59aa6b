package io.drover.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request body larger than the limit ({@code drover.web.max-body}, 1 MiB by default) gets 413
 * before any handler reads it: by its {@code Content-Length}, or, for a body sent in chunks, once
 * more than the limit has arrived (a chunked body within the limit is read into memory and handed on).
 */
public class BodyLimitFilter extends OncePerRequestFilter {

  private final long max;

  public BodyLimitFilter(long max) {
    this.max = max;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long length = request.getContentLengthLong();
    if (length > max) {
      refuse(response, length + " bytes");
      return;
    }
    if (length < 0 && request.getHeader("Transfer-Encoding") != null) {
      byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
      if (body.length > max) {
        refuse(response, "more than " + max + " bytes");
        return;
      }
      chain.doFilter(new ReplayedBody(request, body), response);
      return;
    }
    chain.doFilter(request, response);
  }

  private void refuse(HttpServletResponse response, String size) throws IOException {
    ProblemResponse.write(response, HttpStatus.PAYLOAD_TOO_LARGE, "body-too-large", "the request body has " + size
        + "; this server takes at most " + max + " bytes (drover.web.max-body)", Map.of());
  }
}
