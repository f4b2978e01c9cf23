package io.streamscale.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateRendererTest {
    @TempDir
    Path dir;

    @Test
    void rendersVariablesAndSections() throws Exception {
        Files.writeString(dir.resolve("t.conf"), "a={{a}}\n{{#xs}}x.{{id}}={{v}}\n{{/xs}}");
        String out = new TemplateRenderer(dir)
                .render("t.conf", Map.of("a", 1, "xs", List.of(Map.of("id", 1, "v", "p"), Map.of("id", 2, "v", "q"))));
        assertEquals("a=1\nx.1=p\nx.2=q\n", out);
    }

    @Test
    void missingVariableFailsNamingFileLineAndVariable() throws Exception {
        Files.writeString(
                dir.resolve("broker.properties"), "broker.id={{brokerId}}\nlisteners=PLAINTEXT://{{adress}}:9092\n");
        var e = assertThrows(
                TemplateRenderer.TemplateException.class,
                () -> new TemplateRenderer(dir).render("broker.properties", Map.of("brokerId", 0, "address", "h")));
        assertTrue(e.getMessage().contains("broker.properties"), e.getMessage());
        assertTrue(e.getMessage().contains("adress"), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void missingSectionFails() throws Exception {
        Files.writeString(dir.resolve("zoo.cfg"), "{{#servers}}server.{{id}}{{/servers}}\n");
        assertThrows(
                TemplateRenderer.TemplateException.class, () -> new TemplateRenderer(dir).render("zoo.cfg", Map.of()));
    }

    @Test
    void aValueWithALineBreakIsRefusedInAConfigButNotInHtml() throws Exception {
        Files.writeString(dir.resolve("server.properties"), "log.dirs={{scratch}}/kafka\n");
        var e = assertThrows(
                TemplateRenderer.TemplateException.class,
                () -> new TemplateRenderer(dir)
                        .render("server.properties", Map.of("scratch", "/tmp/x\nlisteners=PLAINTEXT://0.0.0.0:9092")));
        assertEquals(
                dir.resolve("server.properties")
                        + ": refused a value with a line break, which would become a line of its own"
                        + " in this config: '/tmp/x\\nlisteners=PLAINTEXT://0.0.0.0:9092'",
                e.getMessage());
        assertEquals(
                "log.dirs=/tmp/x/kafka\n",
                new TemplateRenderer(dir).render("server.properties", Map.of("scratch", "/tmp/x")));
        Files.writeString(dir.resolve("p.html"), "<p>{{text}}</p>");
        assertEquals(
                "<p>a\n&lt;b&gt;</p>", new TemplateRenderer(dir).html().render("p.html", Map.of("text", "a\n<b>")));
    }
}
