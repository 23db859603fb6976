import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Draws the agent's tray icons at 16, 24 and 32 px into agent-tray/src/main/resources/icons.
 * Run from the repository root: java scripts/IconGenerator.java
 */
public class IconGenerator {
    public static void main(String[] args) throws Exception {
        File dir = new File("agent-tray/src/main/resources/icons");
        dir.mkdirs();
        for (int size : new int[] {16, 24, 32}) {
            write(dir, "not-configured", size, new Color(0x75, 0x75, 0x75), "question");
            write(dir, "connecting", size, new Color(0xE6, 0x9B, 0x00), "dots");
            write(dir, "connected", size, new Color(0x2E, 0x9E, 0x44), "check");
            write(dir, "transferring", size, new Color(0x1F, 0x6F, 0xD1), "arrow");
            write(dir, "error", size, new Color(0xD3, 0x2F, 0x2F), "bang");
        }
    }

    static void write(File dir, String name, int s, Color color, String glyph) throws Exception {
        BufferedImage img = new BufferedImage(s, s, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        double pad = s / 16.0;
        g.setColor(color.darker());
        g.fill(new Ellipse2D.Double(pad * 0.5, pad * 0.5, s - pad, s - pad));
        g.setColor(color);
        g.fill(new Ellipse2D.Double(pad * 1.3, pad * 1.3, s - pad * 2.6, s - pad * 2.6));
        g.setColor(Color.WHITE);
        float w = (float) Math.max(1.6, s / 8.0);
        g.setStroke(new BasicStroke(w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        double u = s / 32.0;
        switch (glyph) {
            case "check" -> {
                Path2D p = new Path2D.Double();
                p.moveTo(9 * u, 16.5 * u);
                p.lineTo(14 * u, 21.5 * u);
                p.lineTo(23 * u, 11 * u);
                g.draw(p);
            }
            case "arrow" -> {
                Path2D p = new Path2D.Double();
                // An upward arrow: this PC is sending.
                p.moveTo(16 * u, 24 * u);
                p.lineTo(16 * u, 10 * u);
                p.moveTo(10 * u, 15.5 * u);
                p.lineTo(16 * u, 9.5 * u);
                p.lineTo(22 * u, 15.5 * u);
                g.draw(p);
            }
            case "bang" -> {
                Path2D p = new Path2D.Double();
                p.moveTo(16 * u, 8 * u);
                p.lineTo(16 * u, 17.5 * u);
                g.draw(p);
                double d = w * 1.25;
                g.fill(new Ellipse2D.Double(16 * u - d / 2, 23 * u - d / 2, d, d));
            }
            case "dots" -> {
                double d = Math.max(2.4, s / 7.0);
                for (int i = -1; i <= 1; i++) {
                    g.fill(new Ellipse2D.Double(16 * u + i * 7 * u - d / 2, 16 * u - d / 2, d, d));
                }
            }
            default -> {
                Path2D p = new Path2D.Double();
                p.moveTo(11.5 * u, 12 * u);
                p.curveTo(11.5 * u, 6.5 * u, 20.5 * u, 6.5 * u, 20.5 * u, 12 * u);
                p.curveTo(20.5 * u, 15.5 * u, 16 * u, 15.5 * u, 16 * u, 19 * u);
                g.draw(p);
                double d = w * 1.25;
                g.fill(new Ellipse2D.Double(16 * u - d / 2, 24 * u - d / 2, d, d));
            }
        }
        g.dispose();
        ImageIO.write(img, "png", new File(dir, name + "-" + s + ".png"));
    }
}
