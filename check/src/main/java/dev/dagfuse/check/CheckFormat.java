package dev.dagfuse.check;

/** The output formats of a check. */
public enum CheckFormat {
    /** For a terminal. */
    text,
    /** A pull-request comment. */
    markdown,
    /** For scripts. */
    json,
    /** JUnit XML: each check a test case, for CI systems' test views. */
    junit;

    public String render(CheckResult result) {
        return switch (this) {
            case text -> TextRenderer.render(result);
            case markdown -> MarkdownRenderer.render(result);
            case json -> JsonRenderer.render(result);
            case junit -> JunitRenderer.render(result);
        };
    }
}
