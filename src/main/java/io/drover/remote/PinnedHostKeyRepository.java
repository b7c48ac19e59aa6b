package io.drover.remote;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import java.util.List;

/**
 * Accepts exactly the pinned keys of one host and remembers what the host presented, so that a
 * refused key can be reported with both fingerprints. Never adds keys.
 */
final class PinnedHostKeyRepository implements HostKeyRepository {

  private final SshTarget target;
  private byte[] presented;
  private boolean accepted;

  PinnedHostKeyRepository(SshTarget target) {
    this.target = target;
  }

  @Override
  public int check(String host, byte[] key) {
    presented = key.clone();
    accepted = target.pinnedKeys().stream().anyMatch(pin -> pin.matches(key));
    if (accepted) {
      return OK;
    }
    return target.pinnedKeys().isEmpty() ? NOT_INCLUDED : CHANGED;
  }

  /** True when the host presented a key and it was not a pinned one. */
  boolean refusedKey() {
    return presented != null && !accepted;
  }

  boolean keyAccepted() {
    return accepted;
  }

  String describeRefusal() {
    String expected = target.pinnedKeys().isEmpty()
        ? "none (no key is pinned for this host)"
        : String.join(", ", target.pinnedKeys().stream().map(HostKeyPin::fingerprint).toList());
    return RemoteLogger.LOG.hostKeyNotPinned(target.name(), expected, HostKeyPin.embeddedType(presented) + " "
        + HostKeyPin.fingerprint(presented));
  }

  @Override
  public void add(HostKey hostkey, UserInfo ui) {
    // pinned keys come from the inventory only
  }

  @Override
  public void remove(String host, String type) {
    // pinned keys come from the inventory only
  }

  @Override
  public void remove(String host, String type, byte[] key) {
    // pinned keys come from the inventory only
  }

  @Override
  public String getKnownHostsRepositoryID() {
    return "drover-inventory";
  }

  @Override
  public HostKey[] getHostKey() {
    return getHostKey(null, null);
  }

  @Override
  public HostKey[] getHostKey(String host, String type) {
    List<HostKey> keys = target.pinnedKeys().stream()
        .filter(pin -> type == null || pin.type().equals(type))
        .map(this::toHostKey)
        .toList();
    return keys.toArray(new HostKey[0]);
  }

  private HostKey toHostKey(HostKeyPin pin) {
    try {
      return new HostKey(target.address(), pin.blob());
    } catch (JSchException e) {
      throw new IllegalArgumentException("unsupported pinned key type " + pin.type() + " for " + target.name(), e);
    }
  }
}
