package io.drover.step.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/** Reads and changes one CNAME on one authoritative server with TSIG-signed RFC 2136 updates. */
final class DnsAliasClient {

  /** The server answered an update with an error; {@link #code} is its name (REFUSED, NOTAUTH/BADSIG...). */
  static final class UpdateRefused extends Exception {
    final String code;

    UpdateRefused(String code) {
      super(code);
      this.code = code;
    }
  }

  private final SimpleResolver resolver;
  private final Name zone;
  private final Duration timeout;

  DnsAliasClient(InetSocketAddress server, Name zone, TSIG key, Duration timeout) {
    this.resolver = new SimpleResolver(server);
    this.resolver.setTimeout(timeout);
    this.resolver.setTCP(true);
    if (key != null) {
      this.resolver.setTSIGKey(key);
    }
    this.zone = zone;
    this.timeout = timeout;
  }

  static Name name(String text) throws TextParseException {
    return Name.fromString(text.endsWith(".") ? text : text + ".");
  }

  /** Where the alias points now, if it exists. */
  Optional<Name> target(Name alias) throws IOException, UpdateRefused {
    Message response = exchange(Message.newQuery(org.xbill.DNS.Record.newRecord(alias, Type.CNAME, DClass.IN)));
    if (response.getRcode() == Rcode.NXDOMAIN) {
      return Optional.empty();
    }
    check(response);
    return response.getSection(Section.ANSWER).stream().filter(r -> r instanceof CNAMERecord)
        .map(r -> ((CNAMERecord) r).getTarget()).findFirst();
  }

  /** Replaces {@code alias → from} with {@code alias → to}, only if it still points at {@code from}. */
  void swap(Name alias, Name from, Name to, long ttl) throws IOException, UpdateRefused {
    Update update = new Update(zone);
    update.present(new CNAMERecord(alias, DClass.IN, 0, from));
    update.delete(alias, Type.CNAME);
    update.add(new CNAMERecord(alias, DClass.IN, ttl, to));
    send(update);
  }

  /** Deletes {@code alias → from}, only if it still points at {@code from}. */
  void delete(Name alias, Name from) throws IOException, UpdateRefused {
    Update update = new Update(zone);
    update.present(new CNAMERecord(alias, DClass.IN, 0, from));
    update.delete(alias, Type.CNAME);
    send(update);
  }

  /** Adds {@code alias → to}, only if the name is not in use. */
  void add(Name alias, Name to, long ttl) throws IOException, UpdateRefused {
    Update update = new Update(zone);
    update.absent(alias);
    update.add(new CNAMERecord(alias, DClass.IN, ttl, to));
    send(update);
  }

  private void send(Update update) throws IOException, UpdateRefused {
    check(exchange(update));
  }

  /**
   * Sends a message. dnsjava reports a timeout as a plain IOException; one that ends after the
   * timeout has run out is reported as the {@link SocketTimeoutException} it is.
   */
  private Message exchange(Message message) throws IOException {
    long started = System.nanoTime();
    try {
      return resolver.send(message);
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (IOException e) {
      if (System.nanoTime() - started >= timeout.toNanos() - 50_000_000L) {
        SocketTimeoutException timedOut = new SocketTimeoutException("no answer within " + timeout);
        timedOut.initCause(e);
        throw timedOut;
      }
      throw e;
    }
  }

  /** Fails with the response code's name, and the TSIG error's when there is one (NOTAUTH/BADSIG). */
  private static void check(Message response) throws UpdateRefused {
    TSIGRecord tsig = response.getTSIG();
    int rcode = response.getRcode();
    if (tsig != null && tsig.getError() != Rcode.NOERROR) {
      throw new UpdateRefused(Rcode.string(rcode) + "/" + Rcode.TSIGstring(tsig.getError()));
    }
    if (rcode != Rcode.NOERROR) {
      throw new UpdateRefused(Rcode.string(rcode));
    }
  }
}
