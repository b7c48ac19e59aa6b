package io.drover.cli;

import io.drover.security.EncryptedCredentialStore;
import io.drover.security.MasterKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.crypto.SecretKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover secret put NAME --file F} and {@code drover secret keygen}: the encrypted secret store, locally. */
@Command(name = "secret", description = "Manage Drover's encrypted secret store (on the DR server's disk).",
    subcommands = {SecretCommand.Put.class, SecretCommand.Keygen.class})
class SecretCommand {

  @Command(name = "put", description = "Encrypt a secret (SSH private key, TSIG key, ...) into the store under NAME."
      + " The master key comes from $DROVER_MASTER_KEY or --master-key-file.")
  static class Put implements Callable<Integer> {

    @Parameters(index = "0", description = "the credential name that inventories and runbooks refer to")
    String name;

    @Option(names = "--file", required = true, description = "file holding the secret value")
    Path file;

    @Option(names = "--dir", description = "secrets directory (default: $DROVER_SECRETS_DIR or secrets)")
    Path dir;

    @Option(names = "--master-key-file", description = "file holding the base64 master key (outside the secrets directory)")
    Path masterKeyFile;

    @Override
    public Integer call() throws Exception {
      Path directory = dir != null ? dir : Path.of(System.getenv().getOrDefault("DROVER_SECRETS_DIR", "secrets"));
      Path keyFile = masterKeyFile != null ? masterKeyFile
          : System.getenv("DROVER_MASTER_KEY_FILE") == null ? null : Path.of(System.getenv("DROVER_MASTER_KEY_FILE"));
      SecretKey key = MasterKey.load(System.getenv("DROVER_MASTER_KEY"), keyFile, directory);
      if (key == null) {
        throw new IllegalStateException("no master key: set DROVER_MASTER_KEY or --master-key-file (make one with"
            + " 'drover secret keygen')");
      }
      new EncryptedCredentialStore(directory, key).put(name, Files.readAllBytes(file));
      System.out.println("stored secret '" + name + "' in " + directory.resolve(name + ".sec") + " (AES-256-GCM)");
      return 0;
    }
  }

  @Command(name = "keygen", description = "Print a new random master key (base64); keep it apart from the secrets.")
  static class Keygen implements Callable<Integer> {

    @Override
    public Integer call() {
      System.out.println(MasterKey.generate());
      return 0;
    }
  }
}
