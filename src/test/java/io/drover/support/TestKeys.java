package io.drover.support;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A client key pair for tests: the private key bytes and an authorized_keys file. */
public record TestKeys(byte[] privateKey, Path authorizedKeys) {

  public static TestKeys generate(Path dir) throws Exception {
    KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.ECDSA, 256);
    ByteArrayOutputStream privateKey = new ByteArrayOutputStream();
    pair.writePrivateKey(privateKey);
    ByteArrayOutputStream publicKey = new ByteArrayOutputStream();
    pair.writePublicKey(publicKey, "test");
    Files.createDirectories(dir);
    Path authorized = dir.resolve("authorized_keys");
    Files.write(authorized, publicKey.toByteArray());
    return new TestKeys(privateKey.toByteArray(), authorized);
  }
}
