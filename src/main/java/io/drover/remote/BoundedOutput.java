package io.drover.remote;

import java.nio.charset.StandardCharsets;

/** Keeps the last {@code limit} bytes written to it, and how many were dropped before them. */
final class BoundedOutput {

  private final byte[] ring;
  private long total;

  BoundedOutput(int limit) {
    this.ring = new byte[limit];
  }

  void write(byte[] data, int length) {
    for (int i = 0; i < length; i++) {
      ring[(int) (total % ring.length)] = data[i];
      total++;
    }
  }

  String text() {
    int kept = (int) Math.min(total, ring.length);
    byte[] out = new byte[kept];
    long start = total - kept;
    for (int i = 0; i < kept; i++) {
      out[i] = ring[(int) ((start + i) % ring.length)];
    }
    String tail = new String(out, StandardCharsets.UTF_8);
    return total > kept ? "[" + (total - kept) + " bytes dropped]\n" + tail : tail;
  }
}
