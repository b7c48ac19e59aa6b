package io.drover.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.cli.DroverCli;
import io.drover.journal.AuditTrail;
import io.drover.support.DroverIntegrationTest;
import io.drover.support.TestApi;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Requests, refusals and outcomes land in a hash-chained audit trail whose tampering is detected. */
@DroverIntegrationTest
class AuditTrailTest {

  @LocalServerPort
  int port;

  @Autowired
  AuditTrail audit;

  @Autowired
  JdbcTemplate jdbc;

  @Test
  void requestsRefusalsAndOutcomesAreChainedAndTamperingIsDetected() throws Exception {
    TestApi api = new TestApi(port);
    String runId = api.request("aud-svc", "migrate");
    api.awaitEnd(runId);
    assertThatThrownBy(() -> api.request("aud-svc", "migrate")).hasMessageContaining("409");
    assertThat(jdbc.queryForList("select kind from drover_audit where service='aud-svc' order by id", String.class))
        .containsExactly("REQUESTED", "RUN_ENDED", "REFUSED");
    assertThat(jdbc.queryForObject("select detail from drover_audit where service='aud-svc' and kind='REFUSED'",
        String.class)).startsWith("409 wrong-state: action migrate: migrate needs service aud-svc active on its primary");
    assertThat(audit.verify().valid()).isTrue();
    assertThat(cli("audit", "verify", "--url", "http://127.0.0.1:" + port)).isZero();

    Map<String, Object> row = jdbc.queryForMap("select * from drover_audit where service='aud-svc' and kind='RUN_ENDED'");
    long id = ((Number) row.get("id")).longValue();
    jdbc.update("update drover_audit set detail=? where id=?", "migrate SUCCEEDED, requested by nobody", id);
    try {
      AuditTrail.Verification broken = audit.verify();
      assertThat(broken.valid()).isFalse();
      assertThat(broken.brokenAt()).isEqualTo(id);
      assertThat(broken.reason()).isEqualTo("entry " + id + " was altered after it was written");
      assertThat(cli("audit", "verify", "--url", "http://127.0.0.1:" + port)).isEqualTo(1);
    } finally {
      jdbc.update("update drover_audit set detail=? where id=?", row.get("detail"), id);
    }
    jdbc.update("delete from drover_audit where id=?", id);
    try {
      assertThat(audit.verify().reason()).contains("does not follow the entry before it");
    } finally {
      jdbc.update("insert into drover_audit (id, at, kind, actor, origin, service, run_id, detail, prev_hash, hash,"
          + " keyed) values (?,?,?,?,?,?,?,?,?,?,?)", id, row.get("at"), row.get("kind"), row.get("actor"),
          row.get("origin"), row.get("service"), row.get("run_id"), row.get("detail"), row.get("prev_hash"),
          row.get("hash"), row.get("keyed"));
    }
    assertThat(audit.verify().valid()).isTrue();

    // someone who can write the database but has no master key: a consistent rewrite with plain
    // SHA-256 (as the chain was before it was keyed) is still found
    assertThat(row.get("keyed")).isEqualTo(true);
    String forged = io.drover.journal.AuditTrailHashes.unkeyed((String) row.get("prev_hash"),
        ((java.sql.Timestamp) row.get("at")).toInstant(), (String) row.get("kind"), (String) row.get("actor"),
        (String) row.get("origin"), (String) row.get("service"), (String) row.get("run_id"), "migrate SUCCEEDED, forged");
    jdbc.update("update drover_audit set detail=?, hash=?, keyed=false where id=?", "migrate SUCCEEDED, forged", forged, id);
    try {
      assertThat(audit.verify().reason()).isEqualTo("entry " + id + " has no key after the chain was keyed: written"
          + " without the master key, or forged");
      jdbc.update("update drover_audit set keyed=true where id=?", id);
      assertThat(audit.verify().reason()).isEqualTo("entry " + id + " was altered after it was written");
    } finally {
      jdbc.update("update drover_audit set detail=?, hash=?, keyed=true where id=?", row.get("detail"), row.get("hash"),
          id);
    }
    assertThat(audit.verify().valid()).isTrue();
    // keying starts with an ANCHOR entry (unless retention has removed it since, and said so)
    assertThat(jdbc.queryForList("select kind from drover_audit where kind in ('ANCHOR', 'PRUNED') order by id",
        String.class)).isNotEmpty();
  }

  private static int cli(String... args) {
    return DroverCli.commandLine().execute(args);
  }
}
