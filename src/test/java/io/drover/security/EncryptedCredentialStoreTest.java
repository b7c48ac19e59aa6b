package io.drover.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.cli.DroverCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptedCredentialStoreTest {

  @TempDir
  Path dir;

  private static final String VALUE = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBd9secret\n-----END EC PRIVATE KEY-----\n";

  private SecretKey key(Path file) throws Exception {
    Files.writeString(file, MasterKey.generate());
    return MasterKey.load(null, file, dir.resolve("secrets"));
  }

  @Test
  void aSecretIsEncryptedAtRestAndReadBack() throws Exception {
    Path secrets = dir.resolve("secrets");
    EncryptedCredentialStore store = new EncryptedCredentialStore(secrets, key(dir.resolve("master.key")));
    store.put("ssh-payments", VALUE.getBytes(StandardCharsets.UTF_8));
    Path file = secrets.resolve("ssh-payments.sec");
    assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain("secret")
        .doesNotContain("PRIVATE KEY");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(new String(store.get("ssh-payments"), StandardCharsets.UTF_8)).isEqualTo(VALUE);
  }

  @Test
  void aTamperedFileARenamedFileOrAnotherKeyIsRefused() throws Exception {
    Path secrets = dir.resolve("secrets");
    EncryptedCredentialStore store = new EncryptedCredentialStore(secrets, key(dir.resolve("master.key")));
    store.put("dns-ldn", "hmac-sha256:k:c2VjcmV0".getBytes(StandardCharsets.UTF_8));
    byte[] sealed = Files.readAllBytes(secrets.resolve("dns-ldn.sec"));
    Files.copy(secrets.resolve("dns-ldn.sec"), secrets.resolve("dns-nyc.sec"));
    assertThatThrownBy(() -> store.get("dns-nyc")).hasMessageContaining("DROVER-SEC-003 secret 'dns-nyc' failed authentication");
    sealed[sealed.length - 1] ^= 1;
    Files.write(secrets.resolve("dns-ldn.sec"), sealed);
    assertThatThrownBy(() -> store.get("dns-ldn")).hasMessageContaining("DROVER-SEC-003");
    EncryptedCredentialStore other = new EncryptedCredentialStore(secrets, key(dir.resolve("other.key")));
    other.put("fresh", new byte[] {1, 2, 3});
    assertThatThrownBy(() -> store.get("fresh")).hasMessageContaining("master key is not the one it was stored with");
    assertThatThrownBy(() -> store.get("absent")).isInstanceOf(MissingCredentialException.class);
  }

  @Test
  void theMasterKeyMayNotLiveBesideTheSecrets() throws Exception {
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    Files.writeString(secrets.resolve("master.key"), MasterKey.generate());
    assertThatThrownBy(() -> MasterKey.load(null, secrets.resolve("master.key"), secrets))
        .hasMessageContaining("DROVER-SEC-004").hasMessageContaining("keep the key apart");
    assertThatThrownBy(() -> MasterKey.load("c2hvcnQ=", null, secrets)).hasMessageContaining("must be 32 bytes");
  }

  @Test
  void theCliPutsASecretThatTheStoreReads() throws Exception {
    Path keyFile = dir.resolve("master.key");
    SecretKey key = key(keyFile);
    Path value = Files.writeString(dir.resolve("value.txt"), VALUE);
    int status = DroverCli.commandLine().execute("secret", "put", "ssh-ledger", "--file", value.toString(),
        "--dir", dir.resolve("secrets").toString(), "--master-key-file", keyFile.toString());
    assertThat(status).isZero();
    assertThat(new String(new EncryptedCredentialStore(dir.resolve("secrets"), key).get("ssh-ledger"),
        StandardCharsets.UTF_8)).isEqualTo(VALUE);
  }

  @Test
  void aMissingValueFileIsNamedInOneLineAndNothingIsStored() throws Exception {
    Path keyFile = dir.resolve("master.key");
    key(keyFile);
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cli = DroverCli.commandLine().setErr(new java.io.PrintWriter(err, true));
    int status = cli.execute("secret", "put", "ssh-ledger", "--file", dir.resolve("missing.txt").toString(),
        "--dir", dir.resolve("secrets").toString(), "--master-key-file", keyFile.toString());
    assertThat(status).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("drover: no such file: " + dir.resolve("missing.txt") + System.lineSeparator());
    assertThat(dir.resolve("secrets/ssh-ledger.sec")).doesNotExist();
  }
}
