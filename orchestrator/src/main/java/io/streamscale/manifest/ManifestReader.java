package io.streamscale.manifest;

import io.streamscale.common.Durations;
import io.streamscale.common.Sizes;
import io.streamscale.fault.FaultSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads experiments.yaml: {@code defaults} (settings for every experiment) and {@code experiments} (name → settings
 * overriding the defaults, plus a {@code matrix}). Unknown keys, wrong types, impossible values and YAML syntax errors
 * are all collected, each with file:line:column and key path, and reported together.
 */
public final class ManifestReader {
    private static final Set<String> TOP = Set.of("defaults", "experiments");
    /** Most nodes of either kind in one cell: more than any site has, few enough that no count overflows. */
    static final int MAX_NODES = 4096;
    /** Directories the results directory keeps beside the experiments' own. */
    private static final Set<String> RESERVED = Set.of("submit", "report");

    private final String file;
    private final List<ManifestError> errors = new ArrayList<>();

    private ManifestReader(String file) {
        this.file = file;
    }

    public static Manifest read(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new ManifestException(
                    List.of(new ManifestError(path.toString(), 0, 0, "", "cannot read: " + e.getMessage())));
        }
        return new ManifestReader(path.toString()).parse(path, text);
    }

    /**
     * A manifest given as text rather than a file ({@code run}'s options as a one-cell experiment); errors name
     * {@code label} instead of a file.
     */
    public static Manifest readText(String label, String text) {
        return new ManifestReader(label).parse(Path.of(label.replaceAll("[^A-Za-z0-9._-]", "_")), text);
    }

    private Manifest parse(Path path, String text) {
        Optional<Node> root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file).build()).composeString(text);
        } catch (MarkedYamlEngineException e) {
            Mark m = e.getProblemMark().or(e::getContextMark).orElse(null);
            throw new ManifestException(List.of(new ManifestError(
                    file,
                    m == null ? 0 : m.getLine() + 1,
                    m == null ? 0 : m.getColumn() + 1,
                    "",
                    "YAML syntax error: " + e.getProblem())));
        } catch (YamlEngineException e) {
            throw new ManifestException(List.of(new ManifestError(file, 0, 0, "", "YAML error: " + e.getMessage())));
        }
        if (root.isEmpty() || !(root.get() instanceof MappingNode top)) {
            throw new ManifestException(
                    List.of(new ManifestError(file, 1, 1, "", "expected a mapping with 'defaults' and 'experiments'")));
        }
        Map<String, Located> defaults = new HashMap<>();
        MappingNode experimentsNode = null;
        int experimentsLine = 1;
        for (NodeTuple t : entries(top, "")) {
            String name = name(t);
            switch (name) {
                case "defaults" -> {
                    MappingNode m = mapping(t.getValueNode(), "defaults");
                    if (m != null) {
                        flatten(m, "", "defaults", defaults);
                    }
                }
                case "experiments" -> {
                    experimentsLine = line(t.getKeyNode());
                    experimentsNode = mapping(t.getValueNode(), "experiments");
                }
                default -> unknown(t.getKeyNode(), "", name, TOP);
            }
        }
        Map<String, Experiment> experiments = new LinkedHashMap<>();
        if (experimentsNode == null) {
            if (errors.isEmpty()) {
                error(top, "", "no 'experiments' section: nothing to run");
            }
        } else if (experimentsNode.getValue().isEmpty()) {
            error(experimentsNode, "experiments", "no experiments: nothing to run");
        } else {
            for (NodeTuple t : entries(experimentsNode, "experiments")) {
                String name = name(t);
                // an experiment is a directory under results: no dots (index.csv), not one of results' own
                if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,99}") || RESERVED.contains(name)) {
                    error(
                            t.getKeyNode(),
                            "experiments." + name,
                            RESERVED.contains(name)
                                    ? "'" + name + "' is a directory of results itself; choose another name"
                                    : "experiment names may use letters, digits, '_' and '-' (at most 100)");
                }
                MappingNode m = mapping(t.getValueNode(), "experiments." + name);
                if (m != null) {
                    experiments.put(name, experiment(name, line(t.getKeyNode()), m, defaults));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ManifestException(errors);
        }
        return new Manifest(path, experimentsLine, experiments);
    }

    private Experiment experiment(String name, int line, MappingNode node, Map<String, Located> defaults) {
        Map<String, Located> own = new HashMap<>();
        Map<String, List<Located>> matrix = new LinkedHashMap<>();
        String where = "experiments." + name;
        List<NodeTuple> settings = new ArrayList<>();
        for (NodeTuple t : entries(node, where)) {
            if (name(t).equals("matrix")) {
                MappingNode m = mapping(t.getValueNode(), where + ".matrix");
                if (m != null) {
                    matrix(m, where + ".matrix", matrix);
                }
            } else {
                settings.add(t);
            }
        }
        flatten(new MappingNode(node.getTag(), settings, node.getFlowStyle()), "", where, own);
        Map<String, Located> merged = new HashMap<>();
        for (Key k : Schema.KEYS) {
            merged.put(k.path(), Located.defaultOf(k));
        }
        merged.putAll(defaults);
        merged.putAll(own);
        return new Experiment(name, line, merged, matrix);
    }

    private void matrix(MappingNode m, String where, Map<String, List<Located>> out) {
        for (NodeTuple t : entries(m, where)) {
            String path = name(t);
            Key k = Schema.key(path);
            if (k == null) {
                unknownPath(t.getKeyNode(), where, path);
                continue;
            }
            if (!(t.getValueNode() instanceof SequenceNode seq)
                    || seq.getValue().isEmpty()) {
                error(t.getValueNode(), where + "." + path, "a matrix entry is a non-empty list of values");
                continue;
            }
            List<Located> values = new ArrayList<>();
            for (Node v : seq.getValue()) {
                Located l = convert(k, v, where + "." + path);
                if (l != null) {
                    values.add(l);
                }
            }
            out.put(path, values);
        }
    }

    /** Settings below {@code section} into {@code out}, by dotted path. */
    private void flatten(MappingNode m, String section, String where, Map<String, Located> out) {
        for (NodeTuple t : entries(m, where)) {
            String name = name(t);
            String path = section.isEmpty() ? name : section + "." + name;
            if (Schema.isSection(path)) {
                MappingNode sub = mapping(t.getValueNode(), where + "." + name);
                if (sub != null) {
                    flatten(sub, path, where + "." + name, out);
                }
            } else if (Schema.key(path) == null) {
                unknown(t.getKeyNode(), where, name, Schema.childrenOf(section));
            } else {
                Located l = convert(Schema.key(path), t.getValueNode(), where + "." + name);
                if (l != null) {
                    out.put(path, l);
                }
            }
        }
    }

    private Located convert(Key k, Node node, String where) {
        if (k.type() == Key.Type.FAULTS) {
            return faults(node, where);
        }
        if (k.type() == Key.Type.NODES) {
            if (node instanceof SequenceNode seq
                    && seq.getValue().size() == 2
                    && seq.getValue().stream()
                            .allMatch(n -> n instanceof ScalarNode s
                                    && s.getValue().matches("[1-9]\\d{0,3}")
                                    && Integer.parseInt(s.getValue()) <= MAX_NODES)) {
                List<Integer> pair = seq.getValue().stream()
                        .map(n -> Integer.parseInt(((ScalarNode) n).getValue()))
                        .toList();
                return new Located(pair, "k" + pair.get(0) + "s" + pair.get(1), line(node), column(node));
            }
            error(node, where, "expected [kafka, spark] node counts, e.g. [3, 2], each 1 to " + MAX_NODES);
            return null;
        }
        if (!(node instanceof ScalarNode s)) {
            error(
                    node,
                    where,
                    "expected a " + k.typeText() + ", not a " + (node instanceof MappingNode ? "mapping" : "list"));
            return null;
        }
        String text = s.getValue();
        if (text.isEmpty() || text.equals("~") || text.equalsIgnoreCase("null")) {
            if (k.defaultValue() == null) {
                return new Located(null, "", line(node), column(node));
            }
            error(node, where, "needs a value (" + k.typeText() + ")");
            return null;
        }
        try {
            return new Located(convertText(k, text), text, line(node), column(node));
        } catch (IllegalArgumentException e) {
            error(node, where, e.getMessage());
            return null;
        }
    }

    /** A list of fault entries; each becomes a Located FaultSpec, so later checks can point at its line. */
    private Located faults(Node node, String where) {
        if (!(node instanceof SequenceNode seq)) {
            error(node, where, "expected a list of faults, each a mapping (at, action, target, ...)");
            return null;
        }
        List<Located> out = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node item = seq.getValue().get(i);
            String at = where + "[" + i + "]";
            if (!(item instanceof MappingNode m)) {
                error(item, at, "a fault is a mapping: at, action, target, select, restartAfter, for, every");
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            Map<String, Node> nodes = new HashMap<>();
            boolean ok = true;
            for (NodeTuple t : entries(m, at)) {
                String name = name(t);
                if (!FaultSpec.FIELDS.contains(name)) {
                    unknown(t.getKeyNode(), at, name, new TreeSet<>(FaultSpec.FIELDS));
                    ok = false;
                } else if (!(t.getValueNode() instanceof ScalarNode s)) {
                    error(t.getValueNode(), at + "." + name, "expected a single value");
                    ok = false;
                } else {
                    fields.put(name, s.getValue());
                    nodes.put(name, t.getValueNode());
                }
            }
            if (!ok) {
                continue;
            }
            try {
                FaultSpec f = FaultSpec.of(fields);
                out.add(new Located(f, f.describe(), line(item), column(item)));
            } catch (FaultSpec.FieldException e) {
                error(nodes.getOrDefault(e.field(), item), at + "." + e.field(), e.getMessage());
            }
        }
        return new Located(
                out, out.stream().map(Located::text).collect(Collectors.joining("; ")), line(node), column(node));
    }

    /** A path on the nodes: no shell or config syntax, ${USER} the one expansion. */
    private static final String SAFE_PATH = "(?:[A-Za-z0-9._+/-]|\\$\\{USER\\})+";
    /** Dot-separated labels of letters, digits and inner hyphens (RFC 1123). */
    private static final String HOST_NAME =
            "(?i)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*";

    private static void noControlCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "'%s' holds a control character (U+%04X)"
                                + " at position %d: it would reach a config file or a command line",
                        text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t"),
                        (int) text.charAt(i),
                        i + 1));
            }
        }
    }

    /**
     * A command-line option's value for a manifest key, checked and converted as that key's value in a manifest is.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static Object convertOption(String keyPath, String text) {
        return convertText(Schema.key(keyPath), text);
    }

    static Object convertText(Key k, String text) {
        Object v = switch (k.type()) {
            case INT -> {
                try {
                    yield Integer.parseInt(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + text + "' is not an integer");
                }
            }
            case NUMBER -> {
                try {
                    double d = Double.parseDouble(text);
                    if (!Double.isFinite(d)) {
                        throw new NumberFormatException();
                    }
                    yield d;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + text + "' is not a number");
                }
            }
            case BOOL ->
                switch (text) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
                };
            case DURATION -> Durations.parse(text);
            case LOAD -> Loads.rate(text);
            case SIZE -> {
                long bytes = Sizes.bytes(text);
                if (bytes < (1 << 20) || bytes > (1L << 40)) {
                    throw new IllegalArgumentException("'" + text + "' must be between 1m and 1t");
                }
                yield text;
            }
            case CHOICE -> {
                if (!k.choices().contains(text)) {
                    throw new IllegalArgumentException("'" + text + "' is not " + k.typeText()
                            + Similar.closest(text, k.choices())
                                    .map(c -> " (did you mean '" + c + "'?)")
                                    .orElse(""));
                }
                yield k.choose(text);
            }
            case PATH -> {
                noControlCharacters(text);
                if (!text.startsWith("/")) {
                    throw new IllegalArgumentException(
                            "'" + text + "' is not an absolute path (give one starting with /: a"
                                    + " relative path would depend on the directory each node's command starts in)");
                }
                if (!text.matches(SAFE_PATH) || List.of(text.split("/")).contains("..")) {
                    throw new IllegalArgumentException(
                            "'" + text + "' has characters a path on the nodes may not hold here: use"
                                    + " letters, digits and . _ - + / (and ${USER}), without .. segments");
                }
                yield text;
            }
            case ADDRESS -> {
                noControlCharacters(text);
                if (!text.contains("{host}")) {
                    throw new IllegalArgumentException(
                            "'" + text + "' has no {host}: every node would get the same address"
                                    + " (write e.g. {host} or {host}.ib.cluster)");
                }
                if (!text.replace("{host}", "node001").matches(HOST_NAME)) {
                    throw new IllegalArgumentException(
                            "'" + text + "' does not make a host name from {host} (letters, digits,"
                                    + " hyphens and dots around {host}, e.g. {host}.ib.cluster)");
                }
                yield text;
            }
            case STRING -> {
                if (!k.path().equals("description")) { // free text; every other string reaches a command or a config
                    noControlCharacters(text);
                }
                yield text;
            }
            default -> text;
        };
        double n = v instanceof Integer i
                ? i
                : v instanceof Double d ? d : v instanceof Duration d ? d.toMillis() / 1000.0 : Double.NaN;
        if (!Double.isNaN(n) && n < k.min()) {
            throw new IllegalArgumentException(
                    "must be " + (k.min() == 1 && v instanceof Duration ? "positive" : "at least " + (long) k.min())
                            + ", got '" + text + "'");
        }
        if (!Double.isNaN(n) && n > k.max()) {
            throw new IllegalArgumentException("must be at most "
                    + (v instanceof Duration d
                            ? Durations.format(Duration.ofSeconds((long) k.max()))
                            : v instanceof Double && k.type() == Key.Type.LOAD
                                    ? String.format(Locale.ROOT, "%.0f messages/s", k.max())
                                    : String.valueOf((long) k.max()))
                    + ", got '" + text + "'");
        }
        return v;
    }

    private List<NodeTuple> entries(MappingNode m, String where) {
        Set<String> seen = new HashSet<>();
        List<NodeTuple> out = new ArrayList<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode)) {
                error(t.getKeyNode(), where, "keys must be plain names");
                continue;
            }
            if (!seen.add(name(t))) {
                error(t.getKeyNode(), where.isEmpty() ? name(t) : where + "." + name(t), "duplicate key");
                continue;
            }
            out.add(t);
        }
        return out;
    }

    private MappingNode mapping(Node n, String where) {
        if (n instanceof MappingNode m) {
            return m;
        }
        error(n, where, "expected a mapping of names to values");
        return null;
    }

    private void unknown(Node key, String where, String name, Set<String> known) {
        error(
                key,
                where.isEmpty() ? name : where + "." + name,
                "unknown key '" + name + "'"
                        + Similar.closest(name, known)
                                .map(s -> " (did you mean '" + s + "'?)")
                                .orElse("")
                        + "; known here: " + String.join(", ", known));
    }

    private void unknownPath(Node key, String where, String path) {
        Set<String> all = new TreeSet<>();
        Schema.KEYS.forEach(k -> all.add(k.path()));
        error(
                key,
                where + "." + path,
                "unknown setting '" + path + "'"
                        + Similar.closest(path, all)
                                .map(s -> " (did you mean '" + s + "'?)")
                                .orElse(""));
    }

    private void error(Node n, String path, String message) {
        errors.add(new ManifestError(file, line(n), column(n), path, message));
    }

    private static String name(NodeTuple t) {
        return ((ScalarNode) t.getKeyNode()).getValue();
    }

    static int line(Node n) {
        return n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    static int column(Node n) {
        return n.getStartMark().map(m -> m.getColumn() + 1).orElse(0);
    }
}
