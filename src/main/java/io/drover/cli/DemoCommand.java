package io.drover.cli;

import io.drover.demo.DemoRunner;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drover demo [--exit]}: the embedded default. */
@Command(name = "demo", description = "Start the server on H2 with two demo SSH hosts, rehearse service 'demo'"
    + " on its standby (production untouched), then move it there and back (migrate, then failback).")
class DemoCommand implements Callable<Integer> {

  @Option(names = "--exit", description = "stop after the three runs; exit 0 only if all succeeded")
  boolean exit;

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port of the server (0: any free port)")
  int port;

  @Option(names = "--dir", description = "scratch directory, emptied first (default: .demo under drover's home)")
  Path dir;

  @Override
  public Integer call() throws Exception {
    Path home = Path.of(System.getProperty("drover.home", ".")).toAbsolutePath().normalize();
    Path work = dir != null ? dir : home.resolve(".demo");
    DemoRunner demo = new DemoRunner(work, home, port, System.out);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        demo.close();
      } catch (Exception e) {
        System.err.println("drover: demo clean-up: " + e.getMessage());
      }
    }));
    String url = demo.start();
    boolean ok = demo.runRehearsalMigrateAndFailback(url);
    System.out.println();
    System.out.println(ok ? "demo: rehearse, migrate and failback of service 'demo' SUCCEEDED" : "demo: a run did not succeed");
    System.out.println("run logs: " + work.resolve("runs") + "   server log: " + work.resolve("server.log"));
    System.out.println("Cockpit: " + url + "/camunda/app/cockpit/default/  (user demo, password demo: demo only)");
    System.out.println("Tasklist: " + url + "/camunda/app/tasklist/default/  (same user; it approves takeovers:"
        + " drover run demo takeover)");
    if (exit) {
      System.out.println("(--exit: the server stops now; without it, these stay open)");
      demo.close();
      return ok ? 0 : 1;
    }
    System.out.println("REST:    " + url + "/api/services     Press Ctrl-C to stop.");
    return Waiting.forever();
  }
}
