package io.drover.security;

import io.drover.remote.KeyRevocationList;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * The certificates of Drover's SSH CA an administrator revoked ({@code drover ca revoke}): every
 * certificate of a run, one key id, or one serial. Drover itself never logs in with a revoked
 * certificate (the step fails, saying revoked), and the list is published to the hosts as an OpenSSH
 * KRL ({@link #krl}) for their sshd's {@code RevokedKeys}.
 */
@Component
public class CertificateRevocations {

  /** What a revocation names. */
  public enum Kind {
    /** every certificate issued for a run (its key id starts {@code drover run=<id> }) */
    RUN,
    /** one key id, exactly */
    KEY_ID,
    /** one serial */
    SERIAL;

    public static Optional<Kind> parse(String text) {
      try {
        return Optional.of(valueOf(text.strip().toUpperCase(Locale.ROOT).replace('-', '_')));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
  }

  /** One revocation. */
  public record Revocation(long id, Kind kind, String revoked, String revokedBy, String reason, Instant at) {

    /** Whether it revokes this certificate. */
    public boolean revokes(String keyId, long serial) {
      return switch (kind) {
        case RUN -> keyId.startsWith("drover run=" + revoked + " ");
        case KEY_ID -> keyId.equals(revoked);
        case SERIAL -> revoked.equals(Long.toString(serial));
      };
    }
  }

  private static final RowMapper<Revocation> ROW = (rs, n) -> new Revocation(rs.getLong("id"),
      Kind.valueOf(rs.getString("kind")), rs.getString("revoked"), rs.getString("revoked_by"), rs.getString("reason"),
      rs.getTimestamp("at").toInstant());

  /** A certificate as an attempt's journal row names it (a transfer's row names two). */
  private static final java.util.regex.Pattern LOGGED_IN = java.util.regex.Pattern.compile(
      "certificate serial=(\\d+) id=\"([^\"]*)\"");

  private final JdbcTemplate jdbc;
  private final SshCertificateAuthority authority;

  public CertificateRevocations(JdbcTemplate jdbc, SshCertificateAuthority authority) {
    this.jdbc = jdbc;
    this.authority = authority;
  }

  public Revocation revoke(Kind kind, String revoked, String by, String reason) {
    if (kind == Kind.SERIAL && !revoked.strip().matches("\\d{1,19}")) {
      throw new IllegalArgumentException("a serial is a number, as sshd logs it: (serial N)");
    }
    jdbc.update("insert into drover_revocation (kind, revoked, revoked_by, reason, at) values (?,?,?,?,?)",
        kind.name(), revoked.strip(), by, reason, Timestamp.from(Instant.now()));
    return jdbc.query("select * from drover_revocation order by id desc fetch first 1 rows only", ROW).get(0);
  }

  public List<Revocation> all() {
    return jdbc.query("select * from drover_revocation order by id", ROW);
  }

  /** The revocation that revokes this certificate, if any. */
  public Optional<Revocation> revoking(String keyId, long serial) {
    return all().stream().filter(r -> r.revokes(keyId, serial)).findFirst();
  }

  /**
   * The list as an OpenSSH KRL: serials and key ids as they are, and a run's certificates by the serials
   * its attempts logged in with (the journal names them) and the key ids they carried.
   */
  public byte[] krl() {
    TreeSet<Long> serials = new TreeSet<>();
    TreeSet<String> keyIds = new TreeSet<>();
    List<Revocation> all = all();
    for (Revocation revocation : all) {
      switch (revocation.kind()) {
        case SERIAL -> serials.add(Long.parseLong(revocation.revoked()));
        case KEY_ID -> keyIds.add(revocation.revoked());
        case RUN -> jdbc.queryForList("select distinct credential from drover_step_attempt where run_id=? and"
            + " credential like 'certificate serial=%'", String.class, revocation.revoked()).forEach(credential -> {
              java.util.regex.Matcher m = LOGGED_IN.matcher(credential);
              while (m.find()) {
                serials.add(Long.parseLong(m.group(1)));
                keyIds.add(m.group(2));
              }
            });
      }
    }
    // dated by its latest revocation: the same revocations give the same list, wherever it is read
    Instant generated = all.isEmpty() ? Instant.EPOCH : all.get(all.size() - 1).at();
    return KeyRevocationList.of(authority.trustedPublicBlobs(), all.size(), generated, serials, keyIds,
        "drover revocations (" + all.size() + ")");
  }
}
