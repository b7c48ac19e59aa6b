import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The demo service's application: answers HTTP with the state kept in its data directory. */
public class DemoApp {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Path data = Path.of(args[1]);
    String host = args[2];
    String bind = args.length > 3 ? args[3] : "127.0.0.1";
    HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 16);
    server.createContext("/", exchange -> {
      String state = Files.readString(data.resolve("state.txt"), StandardCharsets.UTF_8).strip();
      byte[] body = ("demo app on " + host + ": " + state + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }
}
