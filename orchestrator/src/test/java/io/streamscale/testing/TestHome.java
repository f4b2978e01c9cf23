package io.streamscale.testing;

import io.streamscale.runtime.RuntimeLayout;
import io.streamscale.template.TemplateRenderer;
import java.nio.file.Path;

/** The checkout under test (failsafe and surefire set streamscale.home to it). */
public final class TestHome {
    private TestHome() {}

    public static Path path() {
        String p = System.getProperty("streamscale.home");
        return p != null ? Path.of(p) : Path.of("..").toAbsolutePath().normalize();
    }

    public static TemplateRenderer templates() {
        return new TemplateRenderer(path().resolve("templates"));
    }

    public static RuntimeLayout runtime() {
        return RuntimeLayout.defaults(path());
    }
}
