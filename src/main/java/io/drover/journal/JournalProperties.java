package io.drover.journal;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Journal settings ({@code drover.journal.*}).
 *
 * @param logDir directory of plain-text run logs, one file per run
 * @param tailChars characters of stdout/stderr kept per attempt in the journal
 * @param retention how long ended runs (rows, attempts, log lines, log files), events and audit
 *     entries are kept (default 400 days: audits ask for a year)
 */
@ConfigurationProperties("drover.journal")
public record JournalProperties(Path logDir, Integer tailChars, java.time.Duration retention) {

  public JournalProperties {
    retention = retention == null ? java.time.Duration.ofDays(400) : retention;
    logDir = logDir == null ? Path.of("runs") : logDir;
    tailChars = tailChars == null ? 4000 : tailChars;
  }
}
