package io.drover.support;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real BIND9 {@code named} on a loopback port, serving zone {@code example.test} (dynamic
 * updates signed with key {@code drover-key}) and zone {@code locked.test} (no updates at all).
 * Needs Debian's bind9 package: the test fails loudly when {@code named} is missing.
 */
public final class TestNamed implements AutoCloseable {

  public static final String KEY_NAME = "drover-key";
  public static final String KEY_SECRET = "c2VjcmV0LWtleS1mb3ItZHJvdmVyLXRlc3RzLTEyMzQ1Njc4OTA=";

  private final Process process;
  private final int port;
  private final Path dir;

  private TestNamed(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  public static TestNamed start(Path dir) throws IOException, InterruptedException {
    Path named = Path.of("/usr/sbin/named");
    if (!Files.isExecutable(named)) {
      throw new IllegalStateException("BIND9's named is not installed (apt-get install bind9): the DNS tests need it");
    }
    int port = freePort();
    Files.createDirectories(dir);
    String key = "key \"" + KEY_NAME + "\" { algorithm hmac-sha256; secret \"" + KEY_SECRET + "\"; };\n";
    Files.writeString(dir.resolve("named.conf"), key
        + "options { directory \"" + dir + "\"; pid-file \"" + dir.resolve("named.pid") + "\";"
        + " session-keyfile \"" + dir.resolve("session.key") + "\"; listen-on port " + port + " { 127.0.0.1; };"
        + " listen-on-v6 { none; }; recursion no; dnssec-validation no; };\n"
        + "controls { };\n"
        + "zone \"example.test\" { type primary; file \"" + dir.resolve("example.test.zone") + "\";"
        + " allow-update { key \"" + KEY_NAME + "\"; }; };\n"
        + "zone \"locked.test\" { type primary; file \"" + dir.resolve("locked.test.zone") + "\"; };\n");
    for (String zone : new String[] {"example.test", "locked.test"}) {
      Files.writeString(dir.resolve(zone + ".zone"), "$TTL 300\n@ IN SOA ns." + zone + ". admin." + zone
          + ". 1 3600 600 86400 300\n@ IN NS ns." + zone + ".\nns IN A 127.0.0.1\n"
          + "payments IN CNAME app01.ldn.example.test.\n");
    }
    Process process = new ProcessBuilder(named.toString(), "-g", "-c", dir.resolve("named.conf").toString(), "-n", "1")
        .redirectErrorStream(true).redirectOutput(dir.resolve("named.log").toFile()).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("named exited: " + Files.readString(dir.resolve("named.log")));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return new TestNamed(process, port, dir);
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("named did not listen within 20 s: " + Files.readString(dir.resolve("named.log")));
  }

  private static int freePort() throws IOException {
    for (int i = 0; i < 20; i++) {
      try (ServerSocket tcp = new ServerSocket(0); DatagramSocket udp = new DatagramSocket(tcp.getLocalPort())) {
        return tcp.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port for named");
  }

  public int port() {
    return port;
  }

  public String keyFile() {
    return "key \"" + KEY_NAME + "\" {\n\talgorithm hmac-sha256;\n\tsecret \"" + KEY_SECRET + "\";\n};\n";
  }

  /** What {@code dig} answers for a CNAME, as an independent check. */
  public String dig(String name) throws IOException, InterruptedException {
    Process dig = new ProcessBuilder("dig", "+short", "-p", Integer.toString(port), "@127.0.0.1", name, "CNAME")
        .redirectErrorStream(true).start();
    dig.waitFor(10, TimeUnit.SECONDS);
    return new String(dig.getInputStream().readAllBytes()).strip();
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
