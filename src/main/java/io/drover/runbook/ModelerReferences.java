package io.drover.runbook;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Gives every flow node of a model its {@code bpmn:incoming} and {@code bpmn:outgoing} references
 * where Camunda Modeler writes them (its problems panel, bpmnlint, reads a node's connections from
 * them, not from the flows' {@code sourceRef}/{@code targetRef}): after the node's documentation and
 * extension elements, before anything else. The rest of the text is kept byte for byte, references a
 * node already has are kept once, and the result is read back with Camunda's model API (the BPMN
 * schema) and checked to list every flow. The same text always gives the same text.
 */
public final class ModelerReferences {

  private static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
  private static final Pattern START_TAG = Pattern.compile("<((?:\\w+:)?)(\\w+)(\\s[^>]*?)?(/?)>");
  private static final Pattern ID = Pattern.compile("\\sid=\"([^\"]+)\"");
  private static final Pattern LEADING = Pattern.compile(
      "\\G\\s*<(?:\\w+:)?(documentation|extensionElements)\\b[\\s\\S]*?</(?:\\w+:)?\\1>");

  private ModelerReferences() {
  }

  public static String add(String xml) {
    Map<String, List<String>> missing = missing(parse(xml));
    if (missing.isEmpty()) {
      return xml;
    }
    StringBuilder out = new StringBuilder();
    Matcher tag = START_TAG.matcher(xml);
    int copied = 0;
    while (tag.find()) {
      Matcher id = ID.matcher(tag.group(3) == null ? "" : tag.group(3));
      List<String> refs = id.find() ? missing.get(id.group(1)) : null;
      if (refs == null) {
        continue;
      }
      String prefix = tag.group(1);
      String indent = indentAt(xml, tag.start());
      boolean multiline = indent != null;
      if (tag.group(4).equals("/")) {
        out.append(xml, copied, tag.start());
        String open = tag.group().substring(0, tag.group().length() - 2).stripTrailing() + ">";
        out.append(open).append(lines(refs, prefix, multiline ? indent + "  " : null))
            .append(multiline ? "\n" + indent : "").append("</").append(prefix).append(tag.group(2)).append('>');
        copied = tag.end();
      } else {
        Matcher leading = LEADING.matcher(xml);
        int at = tag.end();
        while (leading.find(at)) {
          at = leading.end();
        }
        // written on separate lines where the node's content is; inline where the node is one line
        boolean ownLines = multiline && at < xml.length() && (xml.charAt(at) == '\n' || xml.charAt(at) == '\r');
        out.append(xml, copied, at).append(lines(refs, prefix, ownLines ? indent + "  " : null));
        copied = at;
      }
    }
    out.append(xml, copied, xml.length());
    String text = out.toString();
    if (!missing(parse(text)).isEmpty()) {
      throw new IllegalStateException("references not written for " + missing(parse(text)).keySet());
    }
    Bpmn.readModelFromStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    return text;
  }

  /** Node id to the reference elements it lacks, incoming first, in the order of the flows. */
  private static Map<String, List<String>> missing(Document doc) {
    Map<String, Element> nodes = new LinkedHashMap<>();
    List<Element> flows = new ArrayList<>();
    NodeList all = doc.getElementsByTagNameNS(BPMN, "*");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      if (e.getLocalName().equals("sequenceFlow")) {
        flows.add(e);
      } else if (e.hasAttribute("id")) {
        nodes.put(e.getAttribute("id"), e);
      }
    }
    Map<String, List<String>> incoming = new LinkedHashMap<>();
    Map<String, List<String>> outgoing = new LinkedHashMap<>();
    for (Element flow : flows) {
      String id = flow.getAttribute("id");
      want(nodes.get(flow.getAttribute("targetRef")), "incoming", id, incoming);
      want(nodes.get(flow.getAttribute("sourceRef")), "outgoing", id, outgoing);
    }
    Map<String, List<String>> missing = new LinkedHashMap<>();
    incoming.forEach((node, ids) -> ids.forEach(f -> missing.computeIfAbsent(node, k -> new ArrayList<>())
        .add("incoming:" + f)));
    outgoing.forEach((node, ids) -> ids.forEach(f -> missing.computeIfAbsent(node, k -> new ArrayList<>())
        .add("outgoing:" + f)));
    return missing;
  }

  private static void want(Element node, String kind, String flow, Map<String, List<String>> wanted) {
    if (node == null) {
      return;
    }
    NodeList refs = node.getElementsByTagNameNS(BPMN, kind);
    for (int i = 0; i < refs.getLength(); i++) {
      if (refs.item(i).getParentNode() == node && refs.item(i).getTextContent().strip().equals(flow)) {
        return;
      }
    }
    wanted.computeIfAbsent(node.getAttribute("id"), k -> new ArrayList<>()).add(flow);
  }

  private static String lines(List<String> refs, String prefix, String indent) {
    StringBuilder text = new StringBuilder();
    for (String ref : refs) {
      String kind = ref.substring(0, ref.indexOf(':'));
      String flow = ref.substring(ref.indexOf(':') + 1);
      text.append(indent == null ? "" : "\n" + indent).append('<').append(prefix).append(kind).append('>')
          .append(flow).append("</").append(prefix).append(kind).append('>');
    }
    return text.toString();
  }

  /** The indentation of the line a tag starts, or null when something precedes it on that line. */
  private static String indentAt(String xml, int at) {
    int line = xml.lastIndexOf('\n', at - 1) + 1;
    String before = xml.substring(line, at);
    return before.isBlank() ? before : null;
  }

  private static Document parse(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new IllegalArgumentException("not a BPMN model: " + e.getMessage(), e);
    }
  }
}
