// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render;

import dev.dagfuse.check.CheckResult;
import dev.dagfuse.check.GroupChange;
import dev.dagfuse.check.MetricCheck;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The check as JUnit XML (the Ant/Surefire schema that CI systems read): one test case per request-level number
 * (class {@code dagfuse.check.<workflow>}) and one per group (class {@code dagfuse.check.<workflow>.groups}). A total
 * fails when it rose beyond its limit; a group fails when the check names it as a cause.
 */
final class CheckJunit {

    private CheckJunit() {
    }

    private record Case(String className, String name, String failure, String detail) {
    }

    static String render(CheckResult r) {
        String suite = "dagfuse.check." + r.workflow();
        List<Case> cases = new ArrayList<>();
        for (String failure : r.failures()) {
            cases.add(new Case(suite, "objective", failure, failure));
        }
        for (MetricCheck m : r.totals()) {
            String line = m.name() + ": " + CheckSentences.value(m, m.baseline()) + " → " + CheckSentences.value(m, m.current()) + " ("
                    + Units.change(m.change()) + ", limit " + Units.limit(m.limit()) + ")";
            cases.add(new Case(suite, m.name(), m.regressed() ? line : null, line));
        }
        for (GroupChange g : r.groups()) {
            String line = CheckSentences.groupLine(g);
            String failure = g.blamed() ? "Named as a cause of the regression: " + line : null;
            cases.add(new Case(suite + ".groups", "group " + g.label(), failure, line));
        }
        long failures = cases.stream().filter(c -> c.failure != null).count();
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "dagfuse check");
            xml.writeAttribute("tests", Integer.toString(cases.size()));
            xml.writeAttribute("failures", Long.toString(failures));
            xml.writeAttribute("errors", "0");
            xml.writeCharacters("\n  ");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", xmlText(suite));
            xml.writeAttribute("tests", Integer.toString(cases.size()));
            xml.writeAttribute("failures", Long.toString(failures));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", "0");
            xml.writeAttribute("time", "0");
            xml.writeCharacters("\n    ");
            xml.writeStartElement("properties");
            property(xml, "verdict", r.verdict().name());
            property(xml, "tolerances", Units.tolerances(r.tolerances()));
            property(xml, "baseline", CheckSentences.baselineDescription(r.baseline()));
            property(xml, "current", CheckSentences.currentDescription(r));
            for (int i = 0; i < r.reasons().size(); i++) {
                property(xml, "reason." + (i + 1), r.reasons().get(i));
            }
            xml.writeCharacters("\n    ");
            xml.writeEndElement();
            for (Case c : cases) {
                xml.writeCharacters("\n    ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", xmlText(c.className));
                xml.writeAttribute("name", xmlText(c.name));
                xml.writeAttribute("time", "0");
                if (c.failure != null) {
                    xml.writeCharacters("\n      ");
                    xml.writeStartElement("failure");
                    xml.writeAttribute("type", "regression");
                    xml.writeAttribute("message", xmlText(c.failure));
                    xml.writeCharacters(xmlText(c.failure + "\n" + String.join("\n", r.reasons())));
                    xml.writeEndElement();
                }
                xml.writeCharacters("\n      ");
                xml.writeStartElement("system-out");
                xml.writeCharacters(xmlText(c.detail));
                xml.writeEndElement();
                xml.writeCharacters("\n    ");
                xml.writeEndElement();
            }
            xml.writeCharacters("\n  ");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("Cannot write JUnit XML", e);
        }
        return text.toString();
    }

    private static final Pattern INVALID_XML =
            Pattern.compile("[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\\x{10000}-\\x{10FFFF}]");

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeCharacters("\n      ");
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", xmlText(value));
    }

    /**
     * Text XML 1.0 can hold: the validators refuse names with control characters, but a report must stay well-formed
     * whatever reaches it (a character XML cannot hold becomes U+FFFD).
     */
    static String xmlText(String s) {
        return INVALID_XML.matcher(s).replaceAll("\uFFFD");
    }
}
