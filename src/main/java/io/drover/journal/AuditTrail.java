package io.drover.journal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The append-only audit trail of requests, refusals, decisions, acknowledgements and run outcomes.
 * Each entry's hash covers its fields and the previous entry's hash, so changing, removing or
 * inserting a row breaks the chain, which {@link #verify()} finds.
 */
@Component
public class AuditTrail {

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;
  private final TransactionTemplate ownTransaction;

  public AuditTrail(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactions);
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
  }

  /** One audit entry. */
  public record Entry(long id, Instant at, String kind, String actor, String origin, String service, String runId,
      String detail, String prevHash, String hash) {
  }

  /** What {@link #verify()} found: valid, or the first entry that does not fit the chain and why. */
  public record Verification(boolean valid, int entries, Long brokenAt, String reason) {
  }

  /** Appends an entry; joins the caller's transaction, so an entry about a change commits with it. */
  public void append(String kind, String actor, String origin, String service, String runId, String detail) {
    write(transaction, kind, actor, origin, service, runId, detail);
  }

  /**
   * Appends an entry in a transaction of its own, for a refusal that the caller's transaction will
   * roll back. The caller must not have appended in its own transaction (it would hold the head).
   */
  public void appendRefusal(String actor, String origin, String service, String runId, String detail) {
    write(ownTransaction, "REFUSED", actor, origin, service, runId, detail);
  }

  private void write(TransactionTemplate tx, String kind, String actor, String origin, String service, String runId,
      String detail) {
    tx.executeWithoutResult(status -> {
      String previous = jdbc.queryForObject("select hash from drover_audit_head where id=1 for update", String.class);
      Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      String clipped = detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 2000);
      String hash = hash(previous, at, kind, actor, origin, service, runId, clipped);
      jdbc.update("insert into drover_audit (at, kind, actor, origin, service, run_id, detail, prev_hash, hash)"
          + " values (?,?,?,?,?,?,?,?,?)", Timestamp.from(at), kind, actor, origin, service, runId, clipped, previous, hash);
      jdbc.update("update drover_audit_head set hash=? where id=1", hash);
    });
  }

  public List<Entry> entries() {
    return jdbc.query("select * from drover_audit order by id", (rs, n) -> new Entry(rs.getLong("id"),
        rs.getTimestamp("at").toInstant(), rs.getString("kind"), rs.getString("actor"), rs.getString("origin"),
        rs.getString("service"), rs.getString("run_id"), rs.getString("detail"), rs.getString("prev_hash"),
        rs.getString("hash")));
  }

  /** Recomputes the whole chain, from the first entry to the head. */
  public Verification verify() {
    List<Entry> entries = entries();
    String previous = "0".repeat(64);
    for (Entry e : entries) {
      if (!e.prevHash().equals(previous)) {
        return new Verification(false, entries.size(), e.id(), "entry " + e.id()
            + " does not follow the entry before it (an entry was removed or inserted)");
      }
      String expected = hash(e.prevHash(), e.at(), e.kind(), e.actor(), e.origin(), e.service(), e.runId(), e.detail());
      if (!expected.equals(e.hash())) {
        return new Verification(false, entries.size(), e.id(), "entry " + e.id() + " was altered after it was written");
      }
      previous = e.hash();
    }
    String head = jdbc.queryForObject("select hash from drover_audit_head where id=1", String.class);
    if (!previous.equals(head)) {
      return new Verification(false, entries.size(), null, "the newest entries were removed (the head does not match)");
    }
    return new Verification(true, entries.size(), null, null);
  }

  static String hash(String previous, Instant at, String... fields) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(previous.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(at.toString().getBytes(StandardCharsets.UTF_8));
      for (String field : fields) {
        sha.update((byte) 0);
        if (field != null) {
          sha.update((byte) 1);
          sha.update(field.getBytes(StandardCharsets.UTF_8));
        }
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
