package io.streamscale.results;

/** Ordinary least squares y = intercept + slope·x, with the slope's standard error (NaN below 3 points). */
public record LinearFit(int n, double slope, double intercept, double slopeStdErr) {

    public static LinearFit of(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return new LinearFit(n, Double.NaN, Double.NaN, Double.NaN);
        }
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }
        if (sxx == 0) {
            return new LinearFit(n, Double.NaN, Double.NaN, Double.NaN);
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double sse = 0;
        for (int i = 0; i < n; i++) {
            double e = y[i] - intercept - slope * x[i];
            sse += e * e;
        }
        double se = n > 2 ? Math.sqrt(sse / (n - 2) / sxx) : Double.NaN;
        return new LinearFit(n, slope, intercept, se);
    }

    /** How many standard errors the slope is above zero (infinite for a perfect fit with a positive slope). */
    public double tStatistic() {
        return slopeStdErr == 0
                ? (slope > 0 ? Double.POSITIVE_INFINITY : slope < 0 ? Double.NEGATIVE_INFINITY : 0)
                : slope / slopeStdErr;
    }
}
