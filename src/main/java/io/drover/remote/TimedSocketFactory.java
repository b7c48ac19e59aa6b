package io.drover.remote;

import com.jcraft.jsch.SocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Opens the TCP connection with a bounded connect time and remembers whether it got through. */
final class TimedSocketFactory implements SocketFactory {

  private final int timeoutMillis;
  private volatile boolean opened;

  TimedSocketFactory(int timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    Socket socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(host, port), timeoutMillis);
    opened = true;
    return socket;
  }

  @Override
  public InputStream getInputStream(Socket socket) throws IOException {
    return socket.getInputStream();
  }

  @Override
  public OutputStream getOutputStream(Socket socket) throws IOException {
    return socket.getOutputStream();
  }

  boolean opened() {
    return opened;
  }
}
