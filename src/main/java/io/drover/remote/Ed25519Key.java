package io.drover.remote;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * An Ed25519 key in OpenSSH's forms: its public key blob and {@code authorized_keys} line, its
 * unencrypted {@code openssh-key-v1} private key (what JSch reads), and signatures. A run's key is
 * made in memory and never written anywhere; the CA's key is read from the secret store.
 */
public final class Ed25519Key {

  static final String TYPE = "ssh-ed25519";
  private static final byte[] PKCS8_PREFIX = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70,
      0x04, 0x22, 0x04, 0x20};
  private static final byte[] MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] seed;
  private final byte[] publicKey;

  private Ed25519Key(byte[] seed, byte[] publicKey) {
    this.seed = seed;
    this.publicKey = publicKey;
  }

  /** A fresh key pair. */
  public static Ed25519Key generate() {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] pub = pair.getPublic().getEncoded();
      byte[] prv = pair.getPrivate().getEncoded();
      return new Ed25519Key(Arrays.copyOfRange(prv, prv.length - 32, prv.length),
          Arrays.copyOfRange(pub, pub.length - 32, pub.length));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is part of every Java 17 runtime", e);
    }
  }

  /** Reads an unencrypted OpenSSH Ed25519 private key ({@code ssh-keygen -t ed25519 -N ''}). */
  public static Ed25519Key parse(byte[] pem) {
    String text = new String(pem, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    byte[] data;
    try {
      data = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not an OpenSSH private key (not base64)");
    }
    if (data.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(data, MAGIC.length), MAGIC)) {
      throw new IllegalArgumentException("not an OpenSSH private key (openssh-key-v1)");
    }
    SshWire.Reader in = new SshWire.Reader(Arrays.copyOfRange(data, MAGIC.length, data.length));
    if (!in.text().equals("none") || !in.text().equals("none")) {
      throw new IllegalArgumentException("the key is encrypted; Drover keeps it encrypted in its secret store instead");
    }
    in.string();
    if (in.uint32() != 1) {
      throw new IllegalArgumentException("the file holds more than one key");
    }
    in.string();
    SshWire.Reader secret = new SshWire.Reader(in.string());
    if (secret.uint32() != secret.uint32()) {
      throw new IllegalArgumentException("the key's check bytes differ: the file is damaged");
    }
    if (!secret.text().equals(TYPE)) {
      throw new IllegalArgumentException("not an Ed25519 key");
    }
    byte[] pub = secret.string();
    byte[] sk = secret.string();
    return new Ed25519Key(Arrays.copyOf(sk, 32), pub);
  }

  /** {@code string "ssh-ed25519", string key}. */
  public byte[] publicBlob() {
    return new SshWire().string(TYPE).string(publicKey).bytes();
  }

  byte[] rawPublicKey() {
    return publicKey.clone();
  }

  /** As {@code authorized_keys} and {@code TrustedUserCAKeys} hold it. */
  public String publicLine(String comment) {
    return TYPE + " " + Base64.getEncoder().encodeToString(publicBlob()) + (comment == null ? "" : " " + comment);
  }

  /** The unencrypted {@code openssh-key-v1} private key, PEM-armoured. */
  public byte[] privateKeyPem(String comment) {
    int check = RANDOM.nextInt();
    byte[] sk = new byte[64];
    System.arraycopy(seed, 0, sk, 0, 32);
    System.arraycopy(publicKey, 0, sk, 32, 32);
    SshWire secret = new SshWire().uint32(check).uint32(check).string(TYPE).string(publicKey).string(sk)
        .string(comment == null ? "" : comment);
    for (int pad = 1; secret.size() % 8 != 0; pad++) {
      secret.raw(new byte[] {(byte) pad});
    }
    byte[] body = new SshWire().raw(MAGIC).string("none").string("none").string(new byte[0]).uint32(1)
        .string(publicBlob()).string(secret.bytes()).bytes();
    String base64 = Base64.getMimeEncoder(70, new byte[] {'\n'}).encodeToString(body);
    Arrays.fill(sk, (byte) 0);
    return ("-----BEGIN OPENSSH PRIVATE KEY-----\n" + base64 + "\n-----END OPENSSH PRIVATE KEY-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** An SSH signature blob: {@code string "ssh-ed25519", string signature}. */
  byte[] sign(byte[] data) {
    try {
      byte[] pkcs8 = new byte[PKCS8_PREFIX.length + 32];
      System.arraycopy(PKCS8_PREFIX, 0, pkcs8, 0, PKCS8_PREFIX.length);
      System.arraycopy(seed, 0, pkcs8, PKCS8_PREFIX.length, 32);
      PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      Arrays.fill(pkcs8, (byte) 0);
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(key);
      signature.update(data);
      return new SshWire().string(TYPE).string(signature.sign()).bytes();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is part of every Java 17 runtime", e);
    }
  }
}
