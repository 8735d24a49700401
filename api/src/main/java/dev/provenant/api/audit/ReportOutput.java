package dev.provenant.api.audit;

import gg.jte.Content;
import gg.jte.TemplateOutput;

/**
 * Where the report templates write. Everything written (template text and escaped values alike)
 * is kept inert: C0/C1 control characters other than tab and line breaks, and bidirectional
 * overrides and isolates (which can make text read backwards), become U+FFFD. In {@link
 * #markdown()} mode every value a template writes with {@code ${…}} is first escaped by {@link
 * Text#md}; a {@link #code} value is written as a Markdown code span by {@link Text#code}.
 */
public final class ReportOutput implements TemplateOutput {

    private final StringBuilder out = new StringBuilder(32 * 1024);
    private final boolean markdown;

    private ReportOutput(boolean markdown) {
        this.markdown = markdown;
    }

    /** For the HTML template: the engine escapes values by their HTML context. */
    static ReportOutput html() {
        return new ReportOutput(false);
    }

    /** For the Markdown template: values are escaped as Markdown text. */
    static ReportOutput markdown() {
        return new ReportOutput(true);
    }

    /**
     * A recorded value as a Markdown code span (empty stays empty), for {@code ${ReportOutput.code(x)}}
     * in the Markdown template.
     */
    public static Content code(String value) {
        String span = Text.code(value);
        return output -> output.writeContent(span);
    }

    @Override
    public void writeContent(String value) {
        inert(value, 0, value.length());
    }

    @Override
    public void writeContent(String value, int beginIndex, int endIndex) {
        inert(value, beginIndex, endIndex);
    }

    @Override
    public void writeUserContent(String value) {
        if (value != null) {
            writeContent(markdown ? Text.md(value) : value);
        }
    }

    private void inert(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            out.append(Text.isControlOrBidi(c) ? '\uFFFD' : c);
        }
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
