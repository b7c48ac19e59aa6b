package io.drover.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person at Keycloak's pages over plain HTTP with cookies: opens a link, signs in with the login
 * form, grants the consent form, and returns the last page. Used to confirm a device login code.
 */
public final class KeycloakBrowser {

  private static final Pattern FORM = Pattern.compile("<form[^>]*action=\"([^\"]+)\"[^>]*>(.*?)</form>", Pattern.DOTALL);
  private static final Pattern INPUT = Pattern.compile("<input([^>]*)>");
  private static final Pattern ATTRIBUTE = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final LoopbackCookies cookies = new LoopbackCookies();
  private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
      .followRedirects(HttpClient.Redirect.NORMAL).build();

  /** A GET with this browser's cookies. */
  public HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A JSON POST with this browser's cookies, as Camunda's web apps send it (CSRF header from the cookie). */
  public HttpResponse<String> postJson(String url, String json) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    String xsrf = cookie("XSRF-TOKEN");
    if (xsrf != null) {
      request.header("X-XSRF-TOKEN", xsrf);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A POST a page of another site makes with this browser's cookies (the worst case: a browser that
   * sends them cross-site): {@code Origin} and {@code Sec-Fetch-Site} name the other site, and the
   * page cannot know the XSRF token.
   */
  public HttpResponse<String> postFromAnotherSite(String url, String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "text/plain")
        .header("Origin", "http://evil.example").header("Sec-Fetch-Site", "cross-site")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The value of a cookie this browser holds, or null. */
  public String cookie(String name) {
    return cookies.cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
        .map(java.net.HttpCookie::getValue).findFirst().orElse(null);
  }

  /**
   * Cookies as a browser keeps them for a loopback address, which it treats as a secure context:
   * Keycloak's session cookies are marked Secure even on http://127.0.0.1.
   */
  private static final class LoopbackCookies extends java.net.CookieHandler {
    private final CookieManager cookies = new CookieManager(null, java.net.CookiePolicy.ACCEPT_ALL);

    @Override
    public Map<String, java.util.List<String>> get(URI uri, Map<String, java.util.List<String>> headers)
        throws IOException {
      return cookies.get(secure(uri), headers);
    }

    @Override
    public void put(URI uri, Map<String, java.util.List<String>> headers) throws IOException {
      cookies.put(secure(uri), headers);
    }

    private static URI secure(URI uri) {
      return URI.create(uri.toString().replaceFirst("^http:", "https:"));
    }
  }

  /** Opens the link and signs in as the user, granting access if asked; returns the final page. */
  public String signIn(String link, String user, String password) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(link)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    for (int step = 0; step < 4; step++) {
      String page = response.body();
      Matcher form = FORM.matcher(page);
      Map<String, String> fields = null;
      String action = null;
      while (form.find()) {
        Map<String, String> candidate = fields(form.group(2), user, password);
        if (candidate.containsKey("username") || form.group(2).contains("name=\"accept\"")) {
          fields = candidate;
          action = form.group(1).replace("&amp;", "&");
          if (form.group(2).contains("name=\"accept\"")) {
            fields.put("accept", "Yes");
          }
          break;
        }
      }
      if (fields == null) {
        return page;
      }
      String body = fields.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
          StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
      response = http.send(HttpRequest.newBuilder(response.uri().resolve(action)).header("Content-Type",
          "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
    }
    return response.body();
  }

  private static Map<String, String> fields(String form, String user, String password) {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher input = INPUT.matcher(form);
    while (input.find()) {
      Map<String, String> attributes = new LinkedHashMap<>();
      Matcher attribute = ATTRIBUTE.matcher(input.group(1));
      while (attribute.find()) {
        attributes.put(attribute.group(1), attribute.group(2));
      }
      String name = attributes.get("name");
      if ("username".equals(name)) {
        fields.put(name, user);
      } else if ("password".equals(name)) {
        fields.put(name, password);
      } else if (name != null && "hidden".equals(attributes.get("type"))) {
        fields.put(name, attributes.getOrDefault("value", ""));
      }
    }
    return fields;
  }
}
