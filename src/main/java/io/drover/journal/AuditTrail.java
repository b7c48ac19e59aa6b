package io.drover.journal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
 * inserting a row breaks the chain, which {@link #verify()} finds. With an {@link AuditKey} (a
 * secured server: derived from the master key, outside the database) the hash is an HMAC, so the
 * chain cannot be rewritten consistently by someone who can only write the database; the first
 * keyed entry is an {@code ANCHOR} that names the unkeyed entries before it, and no unkeyed entry
 * may follow it.
 */
@Component
public class AuditTrail {

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;
  private final TransactionTemplate ownTransaction;

  private final AuditKey key;

  /** Per thread: refusals recorded (or, over a limit, deliberately not written) so far. */
  private static final ThreadLocal<long[]> REFUSALS_HERE = ThreadLocal.withInitial(() -> new long[1]);

  /**
   * How many refusals this thread has accounted for so far: written as {@code REFUSED} entries, or
   * answered but not written ({@link #refusalNotWritten()}). Compared before and after an HTTP request,
   * it tells whether the request's refusal is in the trail already.
   */
  public static long refusalsAccountedHere() {
    return REFUSALS_HERE.get()[0];
  }

  /** Counts a refusal that was answered but, over the per-origin limit, not written. */
  public static void refusalNotWritten() {
    REFUSALS_HERE.get()[0]++;
  }

  public AuditTrail(JdbcTemplate jdbc, PlatformTransactionManager transactions, AuditKey key) {
    this.key = key;
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactions);
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
  }

  /** One audit entry. */
  public record Entry(long id, Instant at, String kind, String actor, String origin, String service, String runId,
      String detail, String prevHash, String hash, boolean keyed) {
  }

  /** What {@link #verify()} found: valid, or the first entry that does not fit the chain and why. */
  public record Verification(boolean valid, int entries, Long brokenAt, String reason) {
  }

  static final String PRUNED = "PRUNED";
  static final String RESUMES = "; the chain resumes after hash ";

  /**
   * Removes the entries written before {@code cutoff} and appends a {@code PRUNED} entry that names
   * the hash the first kept entry follows, so the rest stays verifiable. Returns how many went.
   */
  public int prune(Instant cutoff, String why) {
    return ownTransaction.execute(status -> {
      jdbc.queryForObject("select hash from drover_audit_head where id=1 for update", String.class);
      Long last = jdbc.queryForObject("select max(id) from drover_audit where at < ?", Long.class,
          Timestamp.from(cutoff));
      if (last == null) {
        return 0;
      }
      String resumesAfter = jdbc.queryForObject("select hash from drover_audit where id=?", String.class, last);
      int removed = jdbc.update("delete from drover_audit where id <= ?", last);
      String head = jdbc.queryForObject("select hash from drover_audit_head where id=1", String.class);
      insert(head, PRUNED, "drover", null, null, null, "removed " + removed + " entries written before " + cutoff
          + " (" + why + ")" + RESUMES + resumesAfter);
      return removed;
    });
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
      if (key.present() && !keyedAlready()) {
        Integer unkeyed = jdbc.queryForObject("select count(*) from drover_audit", Integer.class);
        previous = insert(previous, "ANCHOR", "drover", null, null, null, "the chain is keyed from here; " + unkeyed
            + " earlier entries were hashed without a key, the last of them " + previous);
      }
      insert(previous, kind, actor, origin, service, runId, detail);
    });
    if ("REFUSED".equals(kind)) {
      REFUSALS_HERE.get()[0]++;
    }
  }

  private boolean keyedAlready() {
    return Boolean.TRUE.equals(jdbc.queryForObject("select count(*) > 0 from drover_audit where keyed", Boolean.class));
  }

  private String insert(String previous, String kind, String actor, String origin, String service, String runId,
      String detail) {
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String clipped = detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 2000);
    boolean keyed = key.present();
    String hash = hash(keyed ? key.bytes() : null, previous, at, kind, actor, origin, service, runId, clipped);
    jdbc.update("insert into drover_audit (at, kind, actor, origin, service, run_id, detail, prev_hash, hash, keyed)"
        + " values (?,?,?,?,?,?,?,?,?,?)", Timestamp.from(at), kind, actor, origin, service, runId, clipped, previous,
        hash, keyed);
    jdbc.update("update drover_audit_head set hash=? where id=1", hash);
    return hash;
  }

  public List<Entry> entries() {
    return jdbc.query("select * from drover_audit order by id", (rs, n) -> new Entry(rs.getLong("id"),
        rs.getTimestamp("at").toInstant(), rs.getString("kind"), rs.getString("actor"), rs.getString("origin"),
        rs.getString("service"), rs.getString("run_id"), rs.getString("detail"), rs.getString("prev_hash"),
        rs.getString("hash"), rs.getBoolean("keyed")));
  }

  /** Recomputes the whole chain, from the first entry to the head. */
  public Verification verify() {
    List<Entry> entries = entries();
    String previous = "0".repeat(64);
    if (!entries.isEmpty() && !entries.get(0).prevHash().equals(previous) && entries.stream().anyMatch(e ->
        PRUNED.equals(e.kind()) && e.detail() != null && e.detail().endsWith(RESUMES + entries.get(0).prevHash()))) {
      // the entries before were removed by retention, which said so in an entry of the chain itself
      previous = entries.get(0).prevHash();
    }
    boolean keyedSeen = false;
    for (Entry e : entries) {
      if (!e.prevHash().equals(previous)) {
        return new Verification(false, entries.size(), e.id(), "entry " + e.id()
            + " does not follow the entry before it (an entry was removed or inserted)");
      }
      if (e.keyed() && !key.present()) {
        return new Verification(false, entries.size(), e.id(), "entry " + e.id() + " is keyed and this server has no"
            + " audit key (the master key): verify on a server that has it");
      }
      if (!e.keyed() && keyedSeen) {
        return new Verification(false, entries.size(), e.id(), "entry " + e.id() + " has no key after the chain was"
            + " keyed: written without the master key, or forged");
      }
      keyedSeen |= e.keyed();
      String expected = hash(e.keyed() ? key.bytes() : null, e.prevHash(), e.at(), e.kind(), e.actor(), e.origin(),
          e.service(), e.runId(), e.detail());
      if (!expected.equals(e.hash())) {
        return new Verification(false, entries.size(), e.id(), "entry " + e.id() + " was altered after it was written");
      }
      previous = e.hash();
    }
    String head = jdbc.queryForObject("select hash from drover_audit_head where id=1", String.class);
    if (!previous.equals(head)) {
      return new Verification(false, entries.size(), null, "the newest entries were removed (the head does not match)");
    }
    if (key.present() && !entries.isEmpty() && !keyedSeen) {
      return new Verification(false, entries.size(), null, "no entry is keyed although this server has the audit key:"
          + " the chain was rewritten without it");
    }
    return new Verification(true, entries.size(), null, null);
  }

  /** SHA-256 of the entry's fields, or HMAC-SHA-256 under {@code key} when there is one. */
  static String hash(byte[] key, String previous, Instant at, String... fields) {
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    input.writeBytes(previous.getBytes(StandardCharsets.UTF_8));
    input.write(0);
    input.writeBytes(at.toString().getBytes(StandardCharsets.UTF_8));
    for (String field : fields) {
      input.write(0);
      if (field != null) {
        input.write(1);
        input.writeBytes(field.getBytes(StandardCharsets.UTF_8));
      }
    }
    try {
      if (key == null) {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input.toByteArray()));
      }
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(input.toByteArray()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 and HMAC-SHA-256 are part of every JDK", e);
    }
  }
}
