package io.streamscale.topology;

import java.util.List;
import java.util.NoSuchElementException;

/** The nodes of a deployment and their roles, in a fixed order (ids such as broker ids derive from it). */
public record Topology(List<Node> nodes) {
    public Topology {
        nodes = List.copyOf(nodes);
    }

    public List<Node> with(Role role) {
        return nodes.stream().filter(n -> n.has(role)).toList();
    }

    public Node one(Role role) {
        return with(role).stream()
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no node has role " + role));
    }

    public Node node(String name) {
        return nodes.stream()
                .filter(n -> n.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no node named " + name));
    }
}
