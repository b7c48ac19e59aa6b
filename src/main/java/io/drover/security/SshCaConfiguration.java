package io.drover.security;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Drover's SSH CA: the key's secret ({@code drover.ssh.ca.credential}, default {@code ssh-ca}), the
 * longest validity of a run's certificate ({@code drover.ssh.ca.validity}, PT4H) and the addresses
 * certificates may be used from ({@code drover.ssh.ca.source-addresses}, the DR server's; empty:
 * any). The key is read when a certificate is needed, so a server whose hosts use static keys needs none.
 */
@Configuration(proxyBeanMethods = false)
class SshCaConfiguration {

  @Bean
  SshCertificateAuthority sshCertificateAuthority(CredentialStore store,
      @Value("${drover.ssh.ca.credential:ssh-ca}") String credential,
      @Value("${drover.ssh.ca.previous-credential:}") String previous,
      @Value("${drover.ssh.ca.validity:PT4H}") Duration validity,
      @Value("${drover.ssh.ca.source-addresses:}") List<String> sourceAddresses) {
    return new SshCertificateAuthority(store, credential, previous, validity,
        sourceAddresses.stream().map(String::strip).filter(a -> !a.isEmpty()).toList(), Clock.systemUTC());
  }
}
