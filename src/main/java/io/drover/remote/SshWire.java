package io.drover.remote;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** SSH's wire encoding (RFC 4251 section 5): uint32, uint64 and length-prefixed strings. */
final class SshWire {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  SshWire uint32(long value) {
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) value).array());
    return this;
  }

  SshWire uint64(long value) {
    out.writeBytes(ByteBuffer.allocate(8).putLong(value).array());
    return this;
  }

  SshWire string(byte[] value) {
    uint32(value.length);
    out.writeBytes(value);
    return this;
  }

  SshWire string(String value) {
    return string(value.getBytes(StandardCharsets.UTF_8));
  }

  SshWire raw(byte[] value) {
    out.writeBytes(value);
    return this;
  }

  int size() {
    return out.size();
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  /** Reads the strings of an SSH wire buffer in order. */
  static final class Reader {
    private final ByteBuffer in;

    Reader(byte[] bytes) {
      in = ByteBuffer.wrap(bytes);
    }

    long uint32() {
      return in.getInt() & 0xffffffffL;
    }

    byte[] string() {
      byte[] value = new byte[(int) uint32()];
      in.get(value);
      return value;
    }

    String text() {
      return new String(string(), StandardCharsets.UTF_8);
    }
  }
}
