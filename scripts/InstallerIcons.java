import java.awt.*; import java.awt.geom.*; import java.awt.image.BufferedImage; import java.io.File; import javax.imageio.ImageIO;
/** Draws the 128 px installer icons into packaging/src/icons (run from the repository root). */
public class InstallerIcons { public static void main(String[] a) throws Exception {
  for (String spec : new String[]{"128:packaging/src/icons/admin.png", "128:packaging/src/icons/agent.png"}) {
    int s = Integer.parseInt(spec.split(":")[0]); String out = spec.split(":")[1];
    boolean admin = out.contains("admin");
    BufferedImage img = new BufferedImage(s, s, BufferedImage.TYPE_INT_ARGB); Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(admin ? new Color(0x1F,0x6F,0xD1) : new Color(0x2E,0x9E,0x44)); g.fill(new RoundRectangle2D.Double(4,4,s-8,s-8,28,28));
    g.setColor(Color.WHITE); g.setStroke(new BasicStroke(s/12f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    Path2D p = new Path2D.Double(); double u = s/32.0;
    if (admin) { p.moveTo(16*u,8*u); p.lineTo(16*u,21*u); p.moveTo(10*u,15.5*u); p.lineTo(16*u,21.5*u); p.lineTo(22*u,15.5*u); p.moveTo(9*u,25*u); p.lineTo(23*u,25*u); }
    else { p.moveTo(16*u,24*u); p.lineTo(16*u,11*u); p.moveTo(10*u,16.5*u); p.lineTo(16*u,10.5*u); p.lineTo(22*u,16.5*u); p.moveTo(9*u,7*u); p.lineTo(23*u,7*u); }
    g.draw(p); g.dispose(); ImageIO.write(img, "png", new File(out)); } } }
