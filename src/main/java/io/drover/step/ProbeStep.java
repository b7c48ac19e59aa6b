package io.drover.step;

import io.drover.inventory.HostSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Step type {@code probe}: waits, within {@code timeout} (default 60 s), until {@code host}
 * answers. {@code action} tcp: {@code port} accepts a connection from the DR server; http:
 * {@code http://ADDRESS:port/path} answers with {@code status} (default 200); command: the
 * {@code command} argument list exits 0 on the host.
 */
@Component("probeStepType")
public class ProbeStep implements StepType {

  /** What this step type takes (see {@link StepContract}). */
  public static final StepContract CONTRACT = StepContract.of("probe", "probeStep", "tcp", "http", "command")
      .title("Drover: wait until the service answers", "Waits until a TCP port accepts, an HTTP URL answers with the"
          + " expected status, or a command exits 0, within the timeout.")
      .action("Probe", "tcp", null)
      .role("host").field(Fields.HOST_LABEL, "primary", Fields.HOST_DESCRIPTION, Fields.HOST)
      .requiredFor("port", "tcp", "http").field("Port", "", null, Fields.PORT_OR_EMPTY)
      .optional("path").field("HTTP path", "/", null, null)
      .optional("status").field("Expected HTTP status", "200", null, null)
      .list("command", "command").textField("Command", "", null, Fields.ARGV_OR_EMPTY)
      .optional("timeout").field(Fields.TIMEOUT_LABEL, "", Fields.TIMEOUT_DESCRIPTION, Fields.DURATION)
      .optional("address").means("the address to probe from the host; empty: the host's own address")
      .optional(RehearsalRules.SAFE_INPUT).choiceField(Fields.REHEARSAL_SAFE_LABEL, "false",
          Fields.REHEARSAL_SAFE_DESCRIPTION, "false", "true")
      .build();

  private final HostAccess access;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public ProbeStep(HostAccess access) {
    this.access = access;
  }

  @Override
  public StepContract contract() {
    return CONTRACT;
  }

  @Override
  public String name() {
    return CONTRACT.type();
  }

  private interface Check {
    boolean passes() throws StepFailure;
  }

  @Override
  public StepNeeds needs(StepRequest request) throws StepFailure {
    String action = request.string("action");
    HostSpec host = access.host(request, request.string("host"));
    request.duration("timeout", Duration.ofSeconds(60));
    return switch (action) {
      case "tcp", "http" -> {
        port(request);
        yield StepNeeds.NONE;
      }
      case "command" -> {
        if (request.arguments("command").isEmpty()) {
          throw new StepFailure(FailureReason.CONFIGURATION, "probe action command needs a 'command'", null, null, null,
              null);
        }
        yield StepNeeds.login(host);
      }
      default -> throw new StepFailure(FailureReason.CONFIGURATION, "probe action must be tcp, http or command, not '"
          + action + "'", null, null, null, null);
    };
  }

  @Override
  public StepResult execute(StepRequest request, AttemptRecorder recorder) throws StepFailure {
    String action = request.string("action");
    HostSpec host = access.host(request, request.string("host"));
    Duration timeout = request.duration("timeout", Duration.ofSeconds(60));
    String address = request.string("address", host.address());
    Check check;
    String what;
    switch (action) {
      case "tcp" -> {
        int port = port(request);
        what = "tcp " + address + ":" + port;
        check = () -> tcp(address, port);
      }
      case "http" -> {
        int port = port(request);
        String path = request.string("path", "/");
        int expected = Integer.parseInt(request.string("status", "200"));
        URI uri = URI.create("http://" + address + ":" + port + (path.startsWith("/") ? path : "/" + path));
        what = "GET " + uri + " expecting " + expected;
        check = () -> httpStatus(uri) == expected;
      }
      case "command" -> {
        HostShell shell = access.shell(request, host, access.commandTimeout());
        String[] command = request.arguments("command").toArray(String[]::new);
        what = io.drover.remote.RemoteCommand.of(command).display();
        check = () -> shell.run(command).succeeded();
      }
      default -> throw new StepFailure(FailureReason.CONFIGURATION, "probe action must be tcp, http or command, not '"
          + action + "'", null, null, null, null);
    }
    recorder.started(host.name(), "probe: " + what);
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    int tries = 0;
    while (true) {
      tries++;
      if (check.passes()) {
        return new StepResult(0, what + ": answered after " + tries + " tries, "
            + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms\n", "");
      }
      if (System.nanoTime() > deadline) {
        throw new StepFailure(FailureReason.TIMEOUT, what + ": no answer within " + timeout.toSeconds() + " s ("
            + tries + " tries)", null, null, null, null);
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StepFailure(FailureReason.TIMEOUT, "interrupted", null, null, null, e);
      }
    }
  }

  private static int port(StepRequest request) throws StepFailure {
    String port = request.string("port");
    if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
      throw new StepFailure(FailureReason.CONFIGURATION, "port must be 1 to 65535, not '" + port + "'", null, null, null,
          null);
    }
    return Integer.parseInt(port);
  }

  private static boolean tcp(String address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private int httpStatus(URI uri) {
    try {
      return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
