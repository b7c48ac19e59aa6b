package io.drover.inventory;

import io.drover.remote.HostKeyPin;
import java.util.List;

/**
 * A target host: where to reach it, as whom, and the key it must present.
 *
 * @param name the inventory name, unique across all files
 * @param address IP address or DNS name
 * @param port SSH port
 * @param user login user (never root for lab and production hosts)
 * @param credential name of the private key in Drover's secret store
 * @param hostKeys pinned host keys (from the inventory or the known_hosts file)
 */
public record HostSpec(String name, String address, int port, String user, String credential, List<HostKeyPin> hostKeys) {
}
