package io.drover.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How the CLI reads a server's or identity provider's URL, and where plain HTTP may carry a token:
 * loopback (127.0.0.0/8, [::1], localhost) by its spelling only; everything it cannot read without
 * doubt refused with one line.
 */
class ServerUrlTest {

  @DisplayName("loopback spellings: plain HTTP may carry the token, and the request goes where the check looked")
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = ' ', value = {
      "http://127.0.0.1:8080 http://127.0.0.1:8080",
      "http://127.0.0.1 http://127.0.0.1",
      "http://127.255.3.4:9/drover/ http://127.255.3.4:9/drover/",
      "http://localhost:8080 http://localhost:8080",
      "HTTP://LOCALHOST:8080/ http://localhost:8080/",
      "http://LocalHost.:8080 http://localhost:8080",
      "http://127.0.0.1.:8080 http://127.0.0.1:8080",
      "http://[::1]:8080 http://[::1]:8080",
      "http://[0:0:0:0:0:0:0:1]:8080 http://[0:0:0:0:0:0:0:1]:8080",
      "http://[::ffff:127.0.0.1]:8080 http://[::ffff:127.0.0.1]:8080",
      // IDNA maps full-width letters to ASCII: the check and the connection both see localhost
      "http://ｌｏｃａｌｈｏｓｔ:8080 http://localhost:8080",
      // and drops a zero-width space (IDNA's nameprep maps it to nothing)
      "http://loc\u200balhost:8080 http://localhost:8080",
  })
  void loopback(String written, String connectsTo) {
    ServerUrl url = ServerUrl.parse(written);
    assertThat(url.loopback()).isTrue();
    assertThat(url.plainHttpBeyondLoopback()).isFalse();
    assertThat(url.uri()).hasToString(connectsTo);
    url.requireSafeFor("your token", false);
  }

  @DisplayName("not loopback: plain HTTP refused without --insecure, the host read as the connection reads it")
  @ParameterizedTest(name = "{0} -> host {1}")
  @CsvSource(delimiter = ' ', value = {
      "http://drover_srv.test:8080 drover_srv.test",
      "http://DROVER_SRV.TEST:8080 drover_srv.test",
      "http://_srv.test _srv.test",
      "http://drover.bank.example. drover.bank.example.",
      "http://localhost.evil.example localhost.evil.example",
      "http://localhost.evil.example. localhost.evil.example.",
      "http://127.0.0.1.nip.io:8080 127.0.0.1.nip.io",
      "http://localhost-1 localhost-1",
      "http://mylocalhost mylocalhost",
      "http://10.1.2.3:8080 10.1.2.3",
      "http://0.0.0.0:8080 0.0.0.0",
      "http://128.0.0.1 128.0.0.1",
      "http://[::2]:8080 [::2]",
      "http://[fe80::1]:8080 [fe80::1]",
      "http://[::]:8080 [::]",
      "http://[::ffff:10.0.0.1] [::ffff:10.0.0.1]",
      "http://bücher.example xn--bcher-kva.example",
      "http://drover.例え.テスト xn--drover.-wx7i",
  })
  void notLoopback(String written, String host) {
    if (host.startsWith("xn--drover")) {
      host = ServerUrl.parse(written).host(); // the IDNA form, checked below to be ASCII
      assertThat(host).startsWith("drover.xn--").matches("[a-z0-9.-]+");
    }
    ServerUrl url = ServerUrl.parse(written);
    assertThat(url.host()).isEqualTo(host);
    assertThat(url.uri().toString()).contains(host);
    assertThat(url.loopback()).isFalse();
    assertThat(url.plainHttpBeyondLoopback()).isTrue();
    assertThatThrownBy(() -> url.requireSafeFor("your token", false)).isInstanceOf(ServerUrl.BadUrl.class)
        .hasMessageContaining("will not send your token over plain HTTP to http://" + host)
        .hasMessageContaining("use https://, or --insecure");
    url.requireSafeFor("your token", true);
  }

  @DisplayName("HTTPS may carry the token anywhere")
  @ParameterizedTest
  @ValueSource(strings = {"https://drover.bank.example", "HTTPS://drover_srv.test:8443/dr/", "https://10.1.2.3",
      "https://[2001:db8::1]:8443"})
  void https(String written) {
    ServerUrl url = ServerUrl.parse(written);
    assertThat(url.plainHttpBeyondLoopback()).isFalse();
    url.requireSafeFor("your token", false);
  }

  @DisplayName("what it cannot read without doubt is refused with one line")
  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"", "http://", "http://:8080", "http:///api", "127.0.0.1:8080", "ftp://127.0.0.1",
      "javascript:alert(1)", "http:/127.0.0.1", "http://127.0.0.1@evil.example", "http://user:pw@127.0.0.1:8080",
      "http://evil.example\\@127.0.0.1", "http://evil.example#@127.0.0.1", "http://127.0.0.1:8080?x=@evil",
      "http://127.0.0.1 /", "http://127.0.0.1\t", "http://127.0.0.1\n.evil", "http://loc\u0000alhost",
      "http://127.0.0.1:0", "http://127.0.0.1:65536", "http://127.0.0.1:80a", "http://127.0.0.1:", "http://::1:8080",
      "http://[::1", "http://[::1]x", "http://[::1%25lo]:8080", "http://[fe80::1%eth0]", "http://[v1.x]",
      "http://[127.0.0.1]", "http://127.1", "http://0x7f.0.0.1", "http://0177.0.0.1", "http://2130706433",
      "http://127.0.0.01", "http://127.0.0.256", "http://1.2.3.4.5", "http://evil.example.123", "http://a..b",
      "http://.localhost", "http://local%68ost", "http://localhost..",
      "http://evil.example/a b", "http://xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example",
      "http://evil\u3000.example", "http://ev*il.example", "http://ev!l.example", "http://evil\u0085.example"})
  void refused(String written) {
    assertThatThrownBy(() -> ServerUrl.parse(written)).isInstanceOf(ServerUrl.BadUrl.class)
        .satisfies(e -> assertThat(e.getMessage()).isNotBlank().doesNotContain("\n").doesNotContain("\r"));
  }
}
