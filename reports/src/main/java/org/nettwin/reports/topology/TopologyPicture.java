package org.nettwin.reports.topology;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.jfree.svg.SVGGraphics2D;
import org.jgrapht.Graph;
import org.jgrapht.alg.drawing.FRLayoutAlgorithm2D;
import org.jgrapht.alg.drawing.model.Box2D;
import org.jgrapht.alg.drawing.model.LayoutModel2D;
import org.jgrapht.alg.drawing.model.MapLayoutModel2D;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleGraph;
import org.nettwin.protocols.env.Time;
import org.nettwin.topologies.InterfaceSpec;
import org.nettwin.topologies.LinkSpec;
import org.nettwin.topologies.NodeKind;
import org.nettwin.topologies.NodeSpec;
import org.nettwin.topologies.TopologySpec;

/**
 * A picture of a topology for people: nodes as labelled boxes (name, kind, addresses), links as lines
 * labelled with their name and delay. The force-directed layout (Fruchterman-Reingold, JGraphT) is seeded,
 * so the same file always gives the same picture.
 */
public final class TopologyPicture {
    private static final int WIDTH = 1400, HEIGHT = 1000, MARGIN = 110;
    private static final Font NAME = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private TopologyPicture() {}

    /** Writes {@code out} as PNG or SVG by its extension; written whole, then moved into place. */
    public static void write(TopologySpec topo, Path out) throws IOException {
        String name = out.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        Map<String, Point2D> at = layout(topo);
        Path tmp = out.resolveSibling(out.getFileName() + ".partial");
        if (name.endsWith(".svg")) {
            SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
            draw(g, topo, at);
            Files.writeString(tmp, g.getSVGDocument(), StandardCharsets.UTF_8);
        } else if (name.endsWith(".png")) {
            BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            draw(g, topo, at);
            g.dispose();
            ImageIO.write(img, "png", tmp.toFile());
        } else {
            throw new IllegalArgumentException("write the picture as .png or .svg, not " + out.getFileName());
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static Map<String, Point2D> layout(TopologySpec topo) {
        Graph<String, DefaultEdge> g = new SimpleGraph<>(DefaultEdge.class);
        topo.nodes().keySet().forEach(g::addVertex);
        for (LinkSpec l : topo.links()) if (!l.a().node().equals(l.b().node())) g.addEdge(l.a().node(), l.b().node());
        LayoutModel2D<String> model = new MapLayoutModel2D<>(new Box2D(MARGIN, MARGIN, WIDTH - 2.0 * MARGIN, HEIGHT - 2.0 * MARGIN));
        new FRLayoutAlgorithm2D<String, DefaultEdge>(300, FRLayoutAlgorithm2D.DEFAULT_NORMALIZATION_FACTOR, new Random(1)).layout(g, model);
        // Stretch the layout to the canvas: force-directed layouts settle in a corner of their box.
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (String v : g.vertexSet()) {
            minX = Math.min(minX, model.get(v).getX());
            maxX = Math.max(maxX, model.get(v).getX());
            minY = Math.min(minY, model.get(v).getY());
            maxY = Math.max(maxY, model.get(v).getY());
        }
        double sx = maxX > minX ? (WIDTH - 2.0 * MARGIN) / (maxX - minX) : 0, sy = maxY > minY ? (HEIGHT - 2.0 * MARGIN) / (maxY - minY) : 0;
        Map<String, Point2D> at = new LinkedHashMap<>();
        for (String v : g.vertexSet()) {
            double x = sx == 0 ? WIDTH / 2.0 : MARGIN + (model.get(v).getX() - minX) * sx;
            double y = sy == 0 ? HEIGHT / 2.0 : MARGIN + (model.get(v).getY() - minY) * sy;
            at.put(v, new Point2D.Double(x, y));
        }
        return at;
    }

    private static void draw(Graphics2D g, TopologySpec topo, Map<String, Point2D> at) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.DARK_GRAY);
        g.setFont(NAME.deriveFont(18f));
        g.drawString("topology " + topo.name() + " (" + topo.nodes().size() + " nodes, " + topo.links().size() + " links)", 20, 30);
        g.setStroke(new BasicStroke(2f));
        g.setColor(new Color(0x60, 0x7d, 0x8b));
        for (LinkSpec l : topo.links()) {
            Point2D a = at.get(l.a().node()), b = at.get(l.b().node());
            g.drawLine((int) a.getX(), (int) a.getY(), (int) b.getX(), (int) b.getY());
        }
        for (NodeSpec n : topo.nodes().values()) drawNode(g, n, at.get(n.name()));
        // Labels last, on a white ground, so boxes never hide them; a link's default name repeats its ends, so only custom names are shown.
        g.setFont(SMALL);
        FontMetrics fm = g.getFontMetrics();
        for (LinkSpec l : topo.links()) {
            boolean named = !l.name().equals(LinkSpec.defaultName(l.a(), l.b()));
            String label = (named ? l.name() + "  " : "") + (l.aToB().delayNs() > 0 ? delay(l.aToB().delayNs()) : "");
            if (label.isBlank()) continue;
            Point2D a = at.get(l.a().node()), b = at.get(l.b().node());
            int w = fm.stringWidth(label);
            int mx = (int) ((a.getX() + b.getX()) / 2) - w / 2, my = (int) ((a.getY() + b.getY()) / 2);
            g.setColor(Color.WHITE);
            g.fillRect(mx - 2, my - fm.getAscent(), w + 4, fm.getHeight());
            g.setColor(new Color(0x37, 0x47, 0x4f));
            g.drawString(label, mx, my);
        }
    }

    private static String delay(long ns) {
        return ns % Time.MS == 0 ? ns / Time.MS + " ms" : String.format(java.util.Locale.ROOT, "%.3f ms", ns / 1e6);
    }

    private static void drawNode(Graphics2D g, NodeSpec n, Point2D p) {
        List<String> lines = new ArrayList<>();
        for (InterfaceSpec i : n.interfaces()) {
            if (i.addresses().isEmpty()) continue;
            lines.add(i.name() + " " + i.addresses().get(0) + (i.ppp() != null ? " (pppoe)" : ""));
        }
        if (n.keepalivedConf() != null) lines.add("keepalived " + (n.keepalivedProfile().name().equals("V1_2") ? "1.2" : "2.2"));
        String title = n.name() + "  [" + n.kind().name().toLowerCase(java.util.Locale.ROOT) + "]";
        g.setFont(NAME);
        FontMetrics fm = g.getFontMetrics();
        int w = fm.stringWidth(title);
        g.setFont(SMALL);
        for (String l : lines) w = Math.max(w, g.getFontMetrics().stringWidth(l));
        w += 16;
        int h = 24 + 14 * lines.size();
        int x = (int) p.getX() - w / 2, y = (int) p.getY() - h / 2;
        g.setColor(n.kind() == NodeKind.SWITCH ? new Color(0xff, 0xf3, 0xe0) : n.kind() == NodeKind.ROUTER ? new Color(0xe3, 0xf2, 0xfd) : new Color(0xe8, 0xf5, 0xe9));
        g.fillRoundRect(x, y, w, h, 10, 10);
        g.setColor(new Color(0x26, 0x32, 0x38));
        g.drawRoundRect(x, y, w, h, 10, 10);
        g.setFont(NAME);
        g.drawString(title, x + 8, y + 17);
        g.setFont(SMALL);
        for (int i = 0; i < lines.size(); i++) g.drawString(lines.get(i), x + 8, y + 32 + 14 * i);
    }
}
