package io.drover.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives each page of Cockpit, Tasklist and Admin the nonce of its own Content-Security-Policy
 * header. Camunda 7.24 keeps that nonce in one servlet-context attribute for every request, so when
 * two requests pass its header filter at once a page gets the other request's nonce, and the browser
 * blocks every script of it: the web app stays on its spinner. This filter runs before Camunda's:
 * it notes the nonce Camunda's header filter sets on this response and answers that one when
 * Camunda's index page asks the servlet context for it.
 */
public class PageNonceFilter extends OncePerRequestFilter {

  /** Where Camunda's header filter leaves the nonce and its index page reads it. */
  static final String ATTRIBUTE = "org.camunda.bpm.csp.nonce";
  private static final String HEADER = "Content-Security-Policy";
  private static final Pattern NONCE = Pattern.compile("'nonce-([A-Za-z0-9_+/=-]+)'");

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    AtomicReference<String> nonce = new AtomicReference<>();
    HttpServletResponse noting = new HttpServletResponseWrapper(response) {
      @Override
      public void setHeader(String name, String value) {
        note(name, value, nonce);
        super.setHeader(name, value);
      }

      @Override
      public void addHeader(String name, String value) {
        note(name, value, nonce);
        super.addHeader(name, value);
      }
    };
    HttpServletRequest answering = new HttpServletRequestWrapper(request) {
      @Override
      public ServletContext getServletContext() {
        ServletContext context = super.getServletContext();
        return nonce.get() == null ? context : withNonce(context, nonce.get());
      }
    };
    chain.doFilter(answering, noting);
  }

  private static void note(String name, String value, AtomicReference<String> nonce) {
    if (HEADER.equalsIgnoreCase(name) && value != null) {
      Matcher m = NONCE.matcher(value);
      if (m.find()) {
        nonce.set(m.group(1));
      }
    }
  }

  /** The servlet context as it is, except that it answers this response's nonce. */
  static ServletContext withNonce(ServletContext context, String nonce) {
    return (ServletContext) Proxy.newProxyInstance(ServletContext.class.getClassLoader(),
        new Class<?>[] {ServletContext.class}, (proxy, method, args) -> {
          if ("getAttribute".equals(method.getName()) && args != null && args.length == 1 && ATTRIBUTE.equals(args[0])) {
            return nonce;
          }
          try {
            return method.invoke(context, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
