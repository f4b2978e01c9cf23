package io.streamscale.jobs.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads ratings in MovieLens CSV ({@code userId,movieId,rating,timestamp}, header line) or Spark's example format
 * ({@code user::movie::rating::timestamp}, no header). The format is chosen by the first line. A malformed line is an
 * error naming the file, the line number and what was expected.
 */
public final class RatingsReader {
    private RatingsReader() {}

    /** Thrown for a file that is not ratings; the message starts with {@code FILE:LINE:}. */
    public static final class RatingsFormatException extends RuntimeException {
        public RatingsFormatException(String message) {
            super(message);
        }
    }

    public static List<Rating> read(Path file) throws IOException {
        List<Rating> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String line = r.readLine();
            if (line == null) {
                throw new RatingsFormatException(file + ":1: empty file: expected MovieLens CSV"
                        + " (userId,movieId,rating,timestamp) or user::movie::rating::timestamp lines");
            }
            boolean colons = line.contains("::");
            String sep = colons ? "::" : ",";
            int lineNo = 1;
            if (!colons) {
                if (!line.strip().toLowerCase().startsWith("userid,movieid,rating")) {
                    throw new RatingsFormatException(
                            file + ":1: expected the header userId,movieId,rating,timestamp, got '" + abbreviate(line)
                                    + "'");
                }
                line = r.readLine();
                lineNo++;
            }
            for (; line != null; line = r.readLine(), lineNo++) {
                if (line.isBlank()) {
                    continue;
                }
                out.add(parse(file, lineNo, line, sep));
            }
        }
        if (out.isEmpty()) {
            throw new RatingsFormatException(file + ": no ratings in the file");
        }
        return out;
    }

    private static Rating parse(Path file, int lineNo, String line, String sep) {
        String[] f = line.strip().split(Pattern.quote(sep), -1);
        String expected = "::".equals(sep) ? "user::movie::rating::timestamp" : "userId,movieId,rating,timestamp";
        if (f.length != 4) {
            throw new RatingsFormatException(file + ":" + lineNo + ": expected 4 fields (" + expected + "), got "
                    + f.length + " in '" + abbreviate(line) + "'");
        }
        String field = "userId";
        try {
            int user = Integer.parseInt(f[0].strip());
            field = "movieId";
            int movie = Integer.parseInt(f[1].strip());
            field = "rating";
            float rating = Float.parseFloat(f[2].strip());
            if (!Float.isFinite(rating)) {
                throw new NumberFormatException();
            }
            field = "timestamp";
            long ts = Long.parseLong(f[3].strip());
            return new Rating(user, movie, rating, ts);
        } catch (NumberFormatException e) {
            throw new RatingsFormatException(file + ":" + lineNo + ": " + field + " is not a number in '"
                    + abbreviate(line) + "' (expected " + expected + ")");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
