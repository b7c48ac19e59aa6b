package io.drover.preflight;

import java.util.List;

/**
 * What the preflight found for one run request: problems refuse the run (nothing ran, the service
 * stays as it was); warnings let it go on (for a takeover, the lost primary site's hosts).
 *
 * @param checked what was checked, one line each (steps, hosts, sudo rights, secrets)
 * @param staticCredentialHosts the hosts the run would reach with a static key, not a per-run certificate
 *     ({@code STATIC_CREDENTIAL})
 */
public record PreflightReport(String service, String action, List<String> checked, List<String> problems,
    List<String> warnings, List<String> staticCredentialHosts) {

  public boolean refused() {
    return !problems.isEmpty();
  }

  /** One line for the run log. */
  public String summary() {
    return String.format("%-22s %d checks passed%s", "PREFLIGHT", checked.size(),
        warnings.isEmpty() ? "" : "; " + warnings.size() + " warnings: " + String.join("; ", warnings));
  }
}
