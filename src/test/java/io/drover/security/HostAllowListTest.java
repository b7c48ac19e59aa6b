package io.drover.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which Host names the server answers to, in each mode (the filter's decision, header by header). */
class HostAllowListTest {

  private final HostAllowList open = new HostAllowList(false, "https://drover.bank.example", "dr.bank.example");
  private final HostAllowList secured = new HostAllowList(true, "https://Drover.Bank.Example:8443/", "dr.bank.example, drover-2");

  @Test
  void openModeAnswersLoopbackNamesOnly() {
    for (String host : List.of("localhost", "localhost:18098", "LOCALHOST.", "127.0.0.1", "127.0.0.1:8080", "127.3.4.5",
        "[::1]", "[::1]:8080", "[0:0:0:0:0:0:0:1]:8080")) {
      assertThat(open.allowed(HostAllowList.hostName(host), "127.0.0.1")).as(host).isTrue();
    }
    for (String host : List.of("rebind.evil.example:18098", "drover.bank.example", "dr.bank.example", "10.0.0.5",
        "localhost.evil.example", "127.0.0.1.nip.io", "[::2]", "0.0.0.0", "", "localhost:80:80", "[::1", "[::1]x")) {
      assertThat(open.allowed(HostAllowList.hostName(host), "10.0.0.5")).as(host).isFalse();
    }
    assertThat(open.allowed(null, "127.0.0.1")).as("no Host header").isFalse();
  }

  @Test
  void securedModeAnswersItsConfiguredNamesLoopbackAndTheAddressTheRequestCameTo() {
    for (String host : List.of("drover.bank.example", "DROVER.BANK.EXAMPLE:8443", "dr.bank.example:443", "drover-2",
        "localhost:8080", "127.0.0.1", "10.0.0.5:8080")) {
      assertThat(secured.allowed(HostAllowList.hostName(host), "10.0.0.5")).as(host).isTrue();
    }
    assertThat(secured.allowed(HostAllowList.hostName("[fd00::5]:8080"), "fd00:0:0:0:0:0:0:5")).isTrue();
    for (String host : List.of("rebind.evil.example", "drover.bank.example.evil.example", "10.0.0.6", "[fd00::6]",
        "bank.example")) {
      assertThat(secured.allowed(HostAllowList.hostName(host), "10.0.0.5")).as(host).isFalse();
    }
  }

  @Test
  void aWebUrlWithoutAHostIsRefusedAtStart() {
    assertThatThrownBy(() -> new HostAllowList(true, "drover.bank.example", "")).isInstanceOf(
        StartupRefusedException.class).hasMessageContaining("DROVER-SEC-014").hasMessageContaining("DROVER_WEB_URL");
  }
}
