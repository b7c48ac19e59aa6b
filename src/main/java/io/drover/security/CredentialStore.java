package io.drover.security;

/** Where step types get secret material (SSH private keys, TSIG keys) by name. */
public interface CredentialStore {

  /**
   * The secret's bytes.
   *
   * @throws MissingCredentialException when no secret of that name exists
   */
  byte[] get(String name);
}
