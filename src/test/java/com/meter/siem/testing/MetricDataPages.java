package com.meter.siem.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * GetMetricData answers cut into pages as CloudWatch cuts them past MaxDatapoints, which moto never does.
 * Every page carries every query's result with its share of the datapoints; every page but the last has a
 * NextToken and marks each result PartialData; the last keeps the statuses of the whole answer. The pages
 * follow the results in query order, each result's datapoints in the order of the whole answer.
 */
final class MetricDataPages {
    private static final String PARTIAL = "PartialData";

    /** Pages not yet asked for, by the NextToken that asks for them. */
    private final Map<String, byte[]> waiting = new ConcurrentHashMap<>();

    /** Cuts moto's whole answer into pages of at most {@code maxDatapoints}: returns the first, keeps the rest. */
    byte[] firstPage(byte[] wholeAnswer, int maxDatapoints) throws IOException {
        Document whole = parse(wholeAnswer);
        int total = 0;
        for (Element result : results(whole)) {
            total += members(child(result, "Timestamps")).size();
        }
        int pages = Math.max(1, (total + maxDatapoints - 1) / maxDatapoints);
        List<byte[]> cut = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int page = 0; page < pages; page++) {
            tokens.add(page + 1 < pages ? UUID.randomUUID().toString() : null);
        }
        for (int page = 0; page < pages; page++) {
            cut.add(page(whole, page * maxDatapoints, Math.min(total, (page + 1) * maxDatapoints), tokens.get(page)));
        }
        for (int page = 1; page < pages; page++) {
            waiting.put(tokens.get(page - 1), cut.get(page));
        }
        return cut.getFirst();
    }

    /** The page a NextToken asks for, once; null for a token this proxy never gave out. */
    byte[] nextPage(String token) {
        return waiting.remove(token);
    }

    /** The datapoints numbered {@code from} (inclusive) to {@code to} across all results, in order. */
    private static byte[] page(Document whole, int from, int to, String nextToken) throws IOException {
        Document page = (Document) whole.cloneNode(true);
        int index = 0;
        for (Element result : results(page)) {
            List<Element> timestamps = members(child(result, "Timestamps"));
            List<Element> values = members(child(result, "Values"));
            for (int i = 0; i < timestamps.size(); i++, index++) {
                if (index < from || index >= to) {
                    timestamps.get(i).getParentNode().removeChild(timestamps.get(i));
                    values.get(i).getParentNode().removeChild(values.get(i));
                }
            }
            if (nextToken != null) {
                Element status = child(result, "StatusCode");
                if (status == null) {
                    status = (Element) result.appendChild(page.createElementNS(result.getNamespaceURI(), "StatusCode"));
                }
                status.setTextContent(PARTIAL);
            }
        }
        if (nextToken != null) {
            Element answer = (Element) page.getElementsByTagNameNS("*", "GetMetricDataResult").item(0);
            answer.appendChild(page.createElementNS(answer.getNamespaceURI(), "NextToken")).setTextContent(nextToken);
        }
        return serialize(page);
    }

    private static List<Element> results(Document answer) {
        return members((Element) answer.getElementsByTagNameNS("*", "MetricDataResults").item(0));
    }

    private static List<Element> members(Element list) {
        List<Element> members = new ArrayList<>();
        for (Node node = list == null ? null : list.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getLocalName().equals("member")) {
                members.add(element);
            }
        }
        return members;
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getLocalName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static Document parse(byte[] xml) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new IOException("moto's GetMetricData answer is not the XML expected", e);
        }
    }

    private static byte[] serialize(Document document) throws IOException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TransformerFactory.newInstance().newTransformer().transform(new DOMSource(document), new StreamResult(out));
            return out.toByteArray();
        } catch (Exception e) {
            throw new IOException("cannot write a GetMetricData page", e);
        }
    }
}
