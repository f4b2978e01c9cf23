package io.streamscale.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The streamscale installation: {@code templates/}, {@code target/runtime}. Set by bin/streamscale. */
final class Home {
    private Home() {}

    static Path get() {
        String prop = System.getProperty("streamscale.home");
        Path home = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath();
        if (!Files.isDirectory(home.resolve("templates"))) {
            throw new IllegalStateException("no templates/ in " + home + ": run streamscale through bin/streamscale"
                    + " or set -Dstreamscale.home to the checkout");
        }
        return home.toAbsolutePath().normalize();
    }
}
