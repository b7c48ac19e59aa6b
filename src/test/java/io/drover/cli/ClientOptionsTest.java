package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where the CLI may send a token without {@code --insecure}: HTTPS anywhere, plain HTTP on loopback only. */
class ClientOptionsTest {

  @Test
  void plainHttpIsForLoopbackOnly() {
    assertThat(ClientOptions.plainHttpBeyondLoopback("http://127.0.0.1:8080")).isFalse();
    assertThat(ClientOptions.plainHttpBeyondLoopback("http://localhost:8080")).isFalse();
    assertThat(ClientOptions.plainHttpBeyondLoopback("http://[::1]:8080")).isFalse();
    assertThat(ClientOptions.plainHttpBeyondLoopback("https://drover.bank.example")).isFalse();
    assertThat(ClientOptions.plainHttpBeyondLoopback("http://10.1.2.3:8080")).isTrue();
    assertThat(ClientOptions.plainHttpBeyondLoopback("http://drover.invalid:8080")).isTrue();
  }
}
