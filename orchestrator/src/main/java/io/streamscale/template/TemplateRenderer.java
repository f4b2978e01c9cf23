package io.streamscale.template;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders the config templates under {@code templates/} (Mustache syntax). A variable the context lacks is an error
 * naming the template and line, never an empty string: a misspelt key must not become a silently wrong config.
 */
public final class TemplateRenderer {
    private final Path templatesDir;
    private final Mustache.Compiler compiler;
    private final Map<String, Template> cache = new ConcurrentHashMap<>();

    public TemplateRenderer(Path templatesDir) {
        this(templatesDir, false);
    }

    private TemplateRenderer(Path templatesDir, boolean escapeHtml) {
        this.templatesDir = templatesDir;
        // partials ({{> report/cells.html}}) are files under the same directory
        Mustache.Compiler c = Mustache.compiler()
                .strictSections(true)
                .withLoader(name -> Files.newBufferedReader(templatesDir.resolve(name)));
        // configs are line-oriented: a value holding a line break would add a line of its own (a listener, a path)
        this.compiler = escapeHtml
                ? c.escapeHTML(true)
                : c.withEscaper(raw -> {
                    if (raw.indexOf('\n') >= 0 || raw.indexOf('\r') >= 0) {
                        throw new LineBreakException(raw);
                    }
                    return raw;
                });
    }

    /** The same templates rendered as HTML: {@code {{x}}} is escaped, {@code {{{x}}}} is not. */
    public TemplateRenderer html() {
        return new TemplateRenderer(templatesDir, true);
    }

    public Path templatesDir() {
        return templatesDir;
    }

    /** @param name a path relative to the templates directory, e.g. {@code kafka/server.properties} */
    public String render(String name, Map<String, ?> context) {
        Path file = templatesDir.resolve(name);
        Template template = cache.computeIfAbsent(name, n -> compile(file));
        try {
            return template.execute(context);
        } catch (MustacheException | LineBreakException e) {
            Throwable t = e;
            while (t != null && !(t instanceof LineBreakException)) {
                t = t.getCause();
            }
            if (t instanceof LineBreakException l) {
                throw new TemplateException(
                        file + ": refused a value with a line break, which would become a line of its own"
                                + " in this config: '"
                                + l.value.replace("\n", "\\n").replace("\r", "\\r") + "'",
                        e);
            }
            throw new TemplateException(file + ": " + e.getMessage(), e);
        }
    }

    private static final class LineBreakException extends RuntimeException {
        final String value;

        LineBreakException(String value) {
            super(null, null, false, false);
            this.value = value;
        }
    }

    private Template compile(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + file, e);
        }
        try {
            return compiler.compile(text);
        } catch (MustacheException e) {
            throw new TemplateException(file + ": " + e.getMessage(), e);
        }
    }

    /** A template could not be rendered; the message names the file and, where known, the line and variable. */
    public static final class TemplateException extends RuntimeException {
        public TemplateException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
