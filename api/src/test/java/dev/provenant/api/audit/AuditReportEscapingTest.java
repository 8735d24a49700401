package dev.provenant.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Recorded text (names, principals, parameters, reasons, …) is data, never markup: a report whose
 * every recorded string is hostile renders to the same HTML elements as one whose strings are
 * plain, and the hostile text shows up as text. The Markdown is rendered by a real CommonMark
 * parser with GFM tables (what review systems use).
 */
class AuditReportEscapingTest {

    static final String IMG = "<img src=x onerror=alert(1)>";

    static List<String> payloads() {
        return List.of(
                IMG,
                "<script>alert(1)</script>",
                "<!-- open comment",
                "a | b || c",
                "x`y``z`",
                "`" + IMG + "`",
                "``",
                "*bold* **strong** _it_ __under__ ~~del~~",
                "[click](javascript:alert(1)) ![i](http://evil.example/x.png) [ref]: /x",
                "line one\n# Heading\n" + IMG + "\n- item\n> quote",
                "cell\r\n| injected | row |\r\n|---|---|",
                "# not a heading #",
                "&lt;img&gt; &amp; &#60;b&#62;",
                "trailing backslash \\",
                "a\\|b \\` \\*",
                "\"double\" 'single'",
                "{::nomarkdown} $x$ {: .cls}",
                "1. ordered",
                "2) ordered",
                "- dash",
                "+ plus",
                "-",
                "- - -",
                "     indented code",
                "===",
                "<https://evil.example/> <mailto:a@b.c>");
    }

    // ---- Markdown ----

    @ParameterizedTest
    @MethodSource("payloads")
    void givenHostileRecordedText_whenRenderedAsMarkdown_thenTheDocumentHasThePlainStructure(String payload) {
        List<String> plain = tags(markdownToHtml(markdown("plain")));
        List<String> hostile = tags(markdownToHtml(markdown(payload)));

        assertThat(hostile).as("HTML elements of the rendered Markdown").isEqualTo(plain);
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void givenHostileRecordedText_whenRenderedAsMarkdown_thenItShowsAsText(String payload) {
        String html = markdownToHtml(markdown(payload));
        String shown = escapeHtml(payload.replace('\r', ' ').replace('\n', ' '));

        assertThat(html).contains(shown);
        assertThat(html).doesNotContain("<img").doesNotContain("<script").doesNotContain("<a ");
    }

    @org.junit.jupiter.api.Test
    void givenAnImgTagAsAName_thenTheRawMarkdownHasOnlyTheEscapedFormOutsideCodeSpans() {
        String md = markdown(IMG);
        String outsideCode = md.replaceAll("(`+)[^`]*?\\1", "");

        assertThat(outsideCode).doesNotContain(IMG).doesNotContain("<img");
        assertThat(md).contains("| &lt;img src=x onerror=alert(1)&gt; |"); // a table cell
        assertThat(md).contains("# Audit report: model:&lt;img src=x onerror=alert(1)&gt;\n");
        assertThat(md).contains("`run:" + IMG + "`"); // inside a code span it is inert as it is
    }

    @org.junit.jupiter.api.Test
    void givenMarkdownSyntaxInAName_thenEachSignificantCharacterIsEscaped() {
        assertThat(Text.md("*a* _b_ [c](d) `e` | # ~ $ {} \\ x<y>&\"z\""))
                .isEqualTo(
                        "\\*a\\* \\_b\\_ \\[c\\](d) \\`e\\` \\| \\# \\~ \\$ \\{\\} \\\\ x&lt;y&gt;&amp;&quot;z&quot;");
        assertThat(Text.md("MODEL_VERSION snake_case _lead trail_"))
                .isEqualTo("MODEL_VERSION snake_case \\_lead trail\\_");
        assertThat(Text.md("one\ntwo\r\nthree\u2028four")).isEqualTo("one two  three four");
        assertThat(Text.md("1. a")).isEqualTo("1\\. a");
        assertThat(Text.md("- a")).isEqualTo("\\- a");
        assertThat(Text.md("  + a")).isEqualTo("\\+ a");
        assertThat(Text.md("17.0.15 -x 1.5")).as("no list marker: unchanged").isEqualTo("17.0.15 -x 1.5");
        assertThat(Text.md("bidi\u202Eevil\u0007")).isEqualTo("bidi\uFFFDevil\uFFFD");
    }

    @org.junit.jupiter.api.Test
    void givenBackticksInACodeValue_thenTheFenceIsLongerThanAnyRunInside() {
        assertThat(Text.code("plain")).isEqualTo("`plain`");
        assertThat(Text.code("a`b")).isEqualTo("``a`b``");
        assertThat(Text.code("a``b`")).isEqualTo("``` a``b` ```");
        assertThat(Text.code("`x`")).isEqualTo("`` `x` ``");
        assertThat(Text.code("a|b\nc")).isEqualTo("`a\\|b c`");
        assertThat(Text.code(null)).isEmpty();
    }

    // ---- HTML ----

    @ParameterizedTest
    @MethodSource("payloads")
    void givenHostileRecordedText_whenRenderedAsHtml_thenTheDocumentHasThePlainStructure(String payload) {
        String html = AuditReportRenderers.render(AuditReportFixture.hostile(payload), AuditReportFormat.HTML);
        String plain = AuditReportRenderers.render(AuditReportFixture.hostile("plain"), AuditReportFormat.HTML);

        assertThat(tags(html)).isEqualTo(tags(plain));
        // as text content: the engine escapes < > & there (quotes only inside attributes)
        assertThat(html)
                .contains(payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
    }

    @org.junit.jupiter.api.Test
    void givenANulInAName_whenRenderedAsHtml_thenNoCellChangesClass() {
        String html = AuditReportRenderers.render(AuditReportFixture.hostile("\u0000nX"), AuditReportFormat.HTML);
        assertThat(html).doesNotContain("\u0000");
        assertThat(tags(html))
                .isEqualTo(
                        tags(AuditReportRenderers.render(AuditReportFixture.hostile("plain"), AuditReportFormat.HTML)));
    }

    // ---- both ----

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(
            value = AuditReportFormat.class,
            names = {"MD", "HTML"})
    void givenControlAndBidiCharactersInRecordedText_whenRendered_thenNoneReachesTheReport(AuditReportFormat format) {
        String rendered = AuditReportRenderers.render(
                AuditReportFixture.hostile("a\u202Eb\u0007c\u2066d\u0085e\u0000f\u001Bg\u009Bh"), format);

        assertThat(rendered.chars().filter(c -> Text.isControlOrBidi((char) c)))
                .as("control or bidi characters in the %s report", format)
                .isEmpty();
        assertThat(rendered).contains("a\uFFFDb\uFFFDc\uFFFDd");
    }

    // ---- helpers ----

    private static String markdown(String payload) {
        return AuditReportRenderers.render(AuditReportFixture.hostile(payload), AuditReportFormat.MD);
    }

    private static String markdownToHtml(String markdown) {
        List<Extension> ext = List.of(TablesExtension.create());
        return HtmlRenderer.builder()
                .extensions(ext)
                .build()
                .render(Parser.builder().extensions(ext).build().parse(markdown));
    }

    private static final Pattern TAG = Pattern.compile("<(/?[a-zA-Z][a-zA-Z0-9]*)([^>]*)>");

    /** Every element with its class attribute (table cells' alignment too), in document order. */
    private static List<String> tags(String html) {
        List<String> tags = new ArrayList<>();
        Matcher m = TAG.matcher(html);
        while (m.find()) {
            Matcher cls = Pattern.compile("(class|align)=\"[^\"]*\"").matcher(m.group(2));
            tags.add(m.group(1) + (cls.find() ? " " + cls.group() : ""));
        }
        return tags;
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
