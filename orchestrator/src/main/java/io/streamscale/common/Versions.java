package io.streamscale.common;

/** Dotted version numbers (2.17, 3.4.19), compared part by part: 2.9 before 2.17. */
public final class Versions {
    private Versions() {}

    /** Negative, zero or positive as {@code a} is before, equal to (2.17 = 2.17.0) or after {@code b}. */
    public static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(
                    i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
