package io.drover.inventory;

import java.util.List;

/**
 * One site of a service.
 *
 * @param name the site's name, e.g. {@code ldn}
 * @param hosts names of the service's hosts at this site; the first one is the role's default host
 */
public record SiteSpec(String name, List<String> hosts) {
}
