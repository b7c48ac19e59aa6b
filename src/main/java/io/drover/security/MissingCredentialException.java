package io.drover.security;

/** A credential named in the inventory or a procedure is not in the secret store. */
public class MissingCredentialException extends RuntimeException {

  public MissingCredentialException(String name, String where) {
    super(SecurityLogger.LOG.missingCredential(name, where));
  }
}
