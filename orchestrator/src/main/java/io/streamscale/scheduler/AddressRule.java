package io.streamscale.scheduler;

import io.streamscale.topology.Layout;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which address a node's daemons bind to and advertise: the host name put through a pattern, resolved on this machine.
 * {@code {host}} is the plain name; DAS-5's InfiniBand addresses are {@code {host}.ib.cluster}. SSH still goes to the
 * plain host name.
 */
public record AddressRule(String pattern) {
    public static final AddressRule PLAIN = new AddressRule("{host}");

    public AddressRule {
        if (pattern == null || !pattern.contains("{host}")) {
            throw new IllegalArgumentException(
                    "address pattern '" + pattern + "' must contain {host}, e.g. {host}.ib.cluster");
        }
    }

    public String nameFor(String host) {
        return pattern.replace("{host}", host);
    }

    /** @throws SchedulerException naming the host and the name that does not resolve */
    public List<Layout.Host> resolve(List<String> hosts) {
        List<Layout.Host> out = new ArrayList<>();
        for (String h : hosts) {
            String name = nameFor(h);
            try {
                out.add(new Layout.Host(h, InetAddress.getByName(name).getHostAddress()));
            } catch (UnknownHostException e) {
                throw new SchedulerException("node " + h + ": its address name '" + name + "' (address pattern '"
                        + pattern + "') does not resolve on this machine");
            }
        }
        return out;
    }
}
