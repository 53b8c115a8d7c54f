package org.nettwin.reports.format;

import java.io.StringWriter;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.nettwin.reports.model.ExpectationResult;
import org.nettwin.reports.model.RunInfo;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * junit.xml in the Ant/Surefire format CI servers read: one {@code <testsuite>} per run, one {@code <testcase>} per
 * scenario expectation, a {@code <failure>} carrying the expectation's failure text. {@code time} is the run's
 * virtual duration: a deterministic run has no meaningful wall-clock time, and the file must be reproducible.
 */
public final class JUnitXml {
    private JUnitXml() {}

    public static String render(RunInfo info) {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element suite = doc.createElement("testsuite");
            doc.appendChild(suite);
            long failures = info.expectations().stream().filter(e -> !e.passed()).count();
            suite.setAttribute("name", "nettwin." + info.name());
            suite.setAttribute("tests", Integer.toString(info.expectations().size()));
            suite.setAttribute("failures", Long.toString(failures));
            suite.setAttribute("errors", "0");
            suite.setAttribute("skipped", "0");
            suite.setAttribute("time", String.format(Locale.ROOT, "%.3f", info.durationNs() / 1e9));
            Element props = doc.createElement("properties");
            suite.appendChild(props);
            property(doc, props, "scenario.file", info.scenarioFile());
            property(doc, props, "seed", info.seed() == null ? null : Long.toString(info.seed()));
            property(doc, props, "fingerprint", info.fingerprint());
            for (ExpectationResult e : info.expectations()) {
                Element tc = doc.createElement("testcase");
                tc.setAttribute("classname", "nettwin.scenario." + info.name());
                tc.setAttribute("name", e.name());
                tc.setAttribute("time", "0");
                if (!e.passed()) {
                    Element f = doc.createElement("failure");
                    f.setAttribute("message", e.failure());
                    f.setAttribute("type", "ExpectationFailed");
                    f.setTextContent(e.failure());
                    tc.appendChild(f);
                }
                suite.appendChild(tc);
            }
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(w));
            return w.toString().replace("\r\n", "\n") + (w.toString().endsWith("\n") ? "" : "\n");
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IllegalStateException("the JDK's XML support failed", e);
        }
    }

    private static void property(Document doc, Element props, String name, String value) {
        if (value == null) return;
        Element p = doc.createElement("property");
        p.setAttribute("name", name);
        p.setAttribute("value", value);
        props.appendChild(p);
    }
}
