package io.streamscale.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.jobs.data.SyntheticRatings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatingsReaderTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void readsMovieLensCsvAndSparkColonFormat() throws Exception {
        List<Rating> csv = RatingsReader.read(
                file("r.csv", "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n\n7,1029,3.0,1260759179\n"));
        assertEquals(List.of(new Rating(1, 31, 2.5f, 1260759144L), new Rating(7, 1029, 3.0f, 1260759179L)), csv);
        List<Rating> colons = RatingsReader.read(file("r.txt", "0::2::3::1424380312\n0::3::1::1424380312\n"));
        assertEquals(new Rating(0, 3, 1.0f, 1424380312L), colons.get(1));
    }

    @Test
    void aBadFieldIsNamedWithFileAndLine() throws Exception {
        Path f = file("bad.csv", "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,abc,3.0,1260759179\n");
        var e = assertThrows(RatingsReader.RatingsFormatException.class, () -> RatingsReader.read(f));
        assertTrue(
                e.getMessage().startsWith(f + ":3: movieId is not a number in '1,abc,3.0,1260759179'"), e.getMessage());
    }

    @Test
    void aWrongFieldCountIsNamedWithFileAndLine() throws Exception {
        Path f = file("short.txt", "0::2::3::1424380312\n0::2::3\n");
        var e = assertThrows(RatingsReader.RatingsFormatException.class, () -> RatingsReader.read(f));
        assertTrue(
                e.getMessage().startsWith(f + ":2: expected 4 fields (user::movie::rating::timestamp), got 3"),
                e.getMessage());
    }

    @Test
    void aMissingHeaderOrAnEmptyFileIsNamed() throws Exception {
        Path noHeader = file("nohead.csv", "1,31,2.5,1260759144\n");
        var e = assertThrows(RatingsReader.RatingsFormatException.class, () -> RatingsReader.read(noHeader));
        assertTrue(e.getMessage().startsWith(noHeader + ":1: expected the header"), e.getMessage());
        Path empty = file("empty.csv", "");
        assertTrue(assertThrows(RatingsReader.RatingsFormatException.class, () -> RatingsReader.read(empty))
                .getMessage()
                .startsWith(empty + ":1: empty file"));
        Path headerOnly = file("h.csv", "userId,movieId,rating,timestamp\n");
        assertTrue(assertThrows(RatingsReader.RatingsFormatException.class, () -> RatingsReader.read(headerOnly))
                .getMessage()
                .contains("no ratings"));
    }

    @Test
    void syntheticRatingsAreReadableLowRankAndDeterministic() throws Exception {
        SyntheticRatings.Shape shape = new SyntheticRatings.Shape(50, 80, 10, 3, 0.2, 7);
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        assertEquals(500, SyntheticRatings.write(shape, a));
        SyntheticRatings.write(shape, b);
        assertEquals(Files.readString(a), Files.readString(b));
        List<Rating> r = RatingsReader.read(a);
        assertEquals(500, r.size());
        assertTrue(r.stream()
                .allMatch(x -> x.rating() >= 0.5f && x.rating() <= 5f && x.rating() * 2 == Math.round(x.rating() * 2)));
        assertEquals(50, r.stream().map(Rating::userId).distinct().count());
        for (int u = 1; u <= 50; u++) {
            int user = u;
            assertEquals(
                    10,
                    r.stream()
                            .filter(x -> x.userId() == user)
                            .map(Rating::movieId)
                            .distinct()
                            .count(),
                    "distinct movies of user " + u);
        }
    }
}
