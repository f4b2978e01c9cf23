package io.streamscale.jobs.generator;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Draws ids from a fixed set: uniformly, or Zipf-distributed (rank 1 = the first id) with exponent {@code s}. */
public final class IdPool {
    private final int[] ids;
    private final double[] cdf; // null for uniform

    private IdPool(int[] ids, double[] cdf) {
        this.ids = ids;
        this.cdf = cdf;
    }

    public static IdPool uniform(int[] ids) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("no ids to draw from");
        }
        return new IdPool(ids.clone(), null);
    }

    public static IdPool zipf(int[] ids, double s) {
        if (ids.length == 0 || !(s > 0)) {
            throw new IllegalArgumentException("zipf needs ids and an exponent > 0");
        }
        double[] cdf = new double[ids.length];
        double sum = 0;
        for (int k = 0; k < ids.length; k++) {
            sum += 1.0 / Math.pow(k + 1, s);
            cdf[k] = sum;
        }
        for (int k = 0; k < cdf.length; k++) {
            cdf[k] /= sum;
        }
        return new IdPool(ids.clone(), cdf);
    }

    public int size() {
        return ids.length;
    }

    public int draw(SplittableRandom rnd) {
        if (cdf == null) {
            return ids[rnd.nextInt(ids.length)];
        }
        int k = Arrays.binarySearch(cdf, rnd.nextDouble());
        return ids[Math.min(ids.length - 1, k >= 0 ? k : -k - 1)];
    }
}
