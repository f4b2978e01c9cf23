package io.streamscale.results;

/** A plot written as {@code <name>.png} and {@code <name>.svg} in the report's plot directory. */
public record Figure(String name, String title, String caption) {
    public String png() {
        return name + ".png";
    }

    public String svg() {
        return name + ".svg";
    }
}
