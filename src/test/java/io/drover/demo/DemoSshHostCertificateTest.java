package io.drover.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.remote.Ed25519Key;
import io.drover.remote.HostKeyPin;
import io.drover.remote.RemoteCommand;
import io.drover.remote.RemoteException;
import io.drover.remote.RemoteFailure;
import io.drover.remote.SshConnection;
import io.drover.remote.SshConnector;
import io.drover.remote.SshProperties;
import io.drover.remote.SshTarget;
import io.drover.security.CredentialStore;
import io.drover.security.SshCertificateAuthority;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's embedded hosts take Drover's certificates as an enrolled sshd does: a certificate of
 * the trusted CA naming service demo logs in and is logged with its key id and serial; another
 * service's certificate and another CA's are refused.
 */
class DemoSshHostCertificateTest {

  @TempDir
  Path dir;

  @Test
  void aDemoHostTakesOnlyTheTrustedCasCertificatesForServiceDemo() throws Exception {
    Ed25519Key ca = Ed25519Key.generate();
    Ed25519Key other = Ed25519Key.generate();
    try (DemoSshHost host = DemoSshHost.start("demo-x", dir.resolve("demo-x"), null, 0, command -> false,
        new DemoSshHost.CertificateTrust(ca.publicLine("drover-ca"), SshCertificateAuthority.principal("demo")))) {
      SshCertificateAuthority.Issued demo = authority(ca).issue("run-1", "demo", "alice", null,
          List.of(SshCertificateAuthority.principal("demo")), Duration.ofMinutes(5));
      try (SshConnection connection = new SshConnector(SshProperties.defaults()).connect(target(host, demo))) {
        assertThat(connection.exec(RemoteCommand.of("true"), Duration.ofSeconds(10)).succeeded()).isTrue();
      }
      assertThat(host.authLog()).contains("Accepted certificate ID \"" + demo.keyId() + "\" (serial "
          + Long.toUnsignedString(demo.serial()) + ")");

      SshCertificateAuthority.Issued ledger = authority(ca).issue("run-2", "ledger", "alice", null,
          List.of(SshCertificateAuthority.principal("ledger")), Duration.ofMinutes(5));
      SshCertificateAuthority.Issued forged = authority(other).issue("run-3", "demo", "mallory", null,
          List.of(SshCertificateAuthority.principal("demo")), Duration.ofMinutes(5));
      for (SshCertificateAuthority.Issued refused : List.of(ledger, forged)) {
        assertThatThrownBy(() -> new SshConnector(SshProperties.defaults()).connect(target(host, refused)))
            .as(refused.keyId()).isInstanceOfSatisfying(RemoteException.class,
                e -> assertThat(e.reason()).isEqualTo(RemoteFailure.AUTHENTICATION_FAILED));
      }
      assertThat(host.authLog()).contains("Refused certificate ID \"" + ledger.keyId() + "\"")
          .contains("Refused certificate ID \"" + forged.keyId() + "\"");
    }
  }

  private static SshCertificateAuthority authority(Ed25519Key ca) {
    CredentialStore store = name -> ca.privateKeyPem("ca");
    return new SshCertificateAuthority(store, "ssh-ca", Duration.ofHours(1), List.of(), Clock.systemUTC());
  }

  private static SshTarget target(DemoSshHost host, SshCertificateAuthority.Issued issued) throws Exception {
    return new SshTarget(host.name(), "127.0.0.1", host.port(), "drover", issued.privateKey(),
        List.of(HostKeyPin.parse(host.hostKey())), issued.certificate());
  }
}
