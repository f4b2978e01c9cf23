package io.streamscale.topology;

import java.util.Set;

/**
 * One host of the deployment.
 *
 * @param name    the host name commands are sent to (an SSH alias on a cluster, {@code n1}.. in local mode)
 * @param address the address its services bind to and are reached at (a loopback alias in local mode)
 * @param roles   what runs on it
 */
public record Node(String name, String address, Set<Role> roles) {
    public Node {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
