package io.streamscale.common;

/** Sizes as manifests and JVMs write them: {@code 512m}, {@code 2g}, {@code 1048576}. */
public final class Sizes {
    private Sizes() {}

    /**
     * @return the bytes {@code text} names (k, m, g, t: powers of 1024; no suffix: bytes)
     * @throws IllegalArgumentException when it is not a size
     */
    public static long bytes(String text) {
        if (!text.matches("\\d{1,13}[kKmMgGtT]?")) {
            throw new IllegalArgumentException("'" + text + "' is not a size (e.g. 512m, 2g)");
        }
        return Long.parseLong(text.replaceAll("\\D", ""))
                << switch (Character.toLowerCase(text.charAt(text.length() - 1))) {
                    case 'k' -> 10;
                    case 'm' -> 20;
                    case 'g' -> 30;
                    case 't' -> 40;
                    default -> 0;
                };
    }
}
