package org.nettwin.reports.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.reports.SampleRuns;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JUnitXmlTest {
    @Test @DisplayName("junit.xml parses with a standard XML parser: one testcase per expectation, failure text kept verbatim")
    void surefireShape() throws Exception {
        String xml = JUnitXml.render(SampleRuns.seed000Demo().info());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element suite = doc.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("nettwin.seed000-demo", suite.getAttribute("name"));
        assertEquals("2", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("0", suite.getAttribute("errors"));
        assertEquals("60.000", suite.getAttribute("time"), "virtual duration");
        NodeList cases = suite.getElementsByTagName("testcase");
        assertEquals(2, cases.getLength());
        assertEquals(0, ((Element) cases.item(0)).getElementsByTagName("failure").getLength());
        Element failure = (Element) ((Element) cases.item(1)).getElementsByTagName("failure").item(0);
        String text = "demo.scenario.yml:21: probe vip lost 2 (seq [20, 21]), expected at most 0 <&\"'>";
        assertEquals(text, failure.getAttribute("message"));
        assertEquals(text, failure.getTextContent());
        assertEquals("42", ((Element) suite.getElementsByTagName("property").item(1)).getAttribute("value"));
    }
}
