package io.drover.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Secrets as files named after the credential in one directory, readable by Drover only. */
public class DirectoryCredentialStore implements CredentialStore {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final Path directory;

  public DirectoryCredentialStore(Path directory) {
    this.directory = directory;
  }

  @Override
  public byte[] get(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new MissingCredentialException(name, "not a valid credential name");
    }
    Path file = directory.resolve(name);
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new MissingCredentialException(name, "looked in " + directory);
    }
  }
}
