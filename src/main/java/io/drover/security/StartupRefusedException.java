package io.drover.security;

/** The server refuses to start because a setting would expose it; the message says what to set. */
public class StartupRefusedException extends RuntimeException {

  public StartupRefusedException(String message) {
    super(message);
  }
}
