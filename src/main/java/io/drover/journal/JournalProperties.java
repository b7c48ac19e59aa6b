package io.drover.journal;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Journal settings ({@code drover.journal.*}).
 *
 * @param logDir directory of plain-text run logs, one file per run
 * @param tailChars characters of stdout/stderr kept per attempt in the journal
 */
@ConfigurationProperties("drover.journal")
public record JournalProperties(Path logDir, Integer tailChars) {

  public JournalProperties {
    logDir = logDir == null ? Path.of("runs") : logDir;
    tailChars = tailChars == null ? 4000 : tailChars;
  }
}
