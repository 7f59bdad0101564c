package dev.blockwire.bench.suite;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

/** A line chart as a PNG, drawn with Java2D: a few series over one x axis (log scale when asked). */
final class Plot {

  /** One line: a name and its points. */
  record Series(String name, double[] x, double[] y) {}

  private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0xff7f0e), new Color(0x9467bd)};
  private static final int WIDTH = 900;
  private static final int HEIGHT = 520;
  private static final int LEFT = 90;
  private static final int RIGHT = 30;
  private static final int TOP = 50;
  private static final int BOTTOM = 70;

  static void write(Path file, String title, String xLabel, String yLabel, boolean logX, List<Series> series)
      throws IOException {
    final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    final Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    double minX = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double maxY = 0;
    for (Series s : series) {
      for (int i = 0; i < s.x().length; i++) {
        minX = Math.min(minX, tx(s.x()[i], logX));
        maxX = Math.max(maxX, tx(s.x()[i], logX));
        maxY = Math.max(maxY, s.y()[i]);
      }
    }
    if (maxX == minX) {
      maxX = minX + 1;
    }
    maxY = niceCeiling(maxY <= 0 ? 1 : maxY * 1.08);
    final int plotW = WIDTH - LEFT - RIGHT;
    final int plotH = HEIGHT - TOP - BOTTOM;
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
    g.setColor(Color.BLACK);
    g.drawString(title, LEFT, 30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    // grid and y ticks
    for (int i = 0; i <= 5; i++) {
      final int y = TOP + plotH - i * plotH / 5;
      g.setColor(new Color(0xe6e6e6));
      g.drawLine(LEFT, y, LEFT + plotW, y);
      g.setColor(Color.DARK_GRAY);
      final String label = format(maxY * i / 5);
      g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), y + 5);
    }
    // x ticks at the data points
    for (Series s : series) {
      for (double x : s.x()) {
        final int px = LEFT + (int) ((tx(x, logX) - minX) / (maxX - minX) * plotW);
        g.setColor(new Color(0xe6e6e6));
        g.drawLine(px, TOP, px, TOP + plotH);
        g.setColor(Color.DARK_GRAY);
        final String label = format(x);
        g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, TOP + plotH + 18);
      }
    }
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, TOP, plotW, plotH);
    g.drawString(xLabel, LEFT + plotW / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, HEIGHT - 25);
    final Graphics2D rotated = (Graphics2D) g.create();
    rotated.rotate(-Math.PI / 2);
    rotated.drawString(yLabel, -(TOP + plotH / 2 + g.getFontMetrics().stringWidth(yLabel) / 2), 20);
    rotated.dispose();
    // series
    for (int k = 0; k < series.size(); k++) {
      final Series s = series.get(k);
      g.setColor(COLORS[k % COLORS.length]);
      g.setStroke(new BasicStroke(2.5f));
      int lastX = -1;
      int lastY = -1;
      for (int i = 0; i < s.x().length; i++) {
        final int px = LEFT + (int) ((tx(s.x()[i], logX) - minX) / (maxX - minX) * plotW);
        final int py = TOP + plotH - (int) (s.y()[i] / maxY * plotH);
        g.fillOval(px - 4, py - 4, 8, 8);
        if (lastX >= 0) {
          g.drawLine(lastX, lastY, px, py);
        }
        lastX = px;
        lastY = py;
      }
      g.fillRect(LEFT + 15, TOP + 12 + k * 20, 14, 4);
      g.drawString(s.name(), LEFT + 35, TOP + 18 + k * 20);
    }
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  private static double tx(double x, boolean log) {
    return log ? Math.log10(Math.max(x, 1e-9)) : x;
  }

  private static double niceCeiling(double value) {
    final double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    for (double step : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (step * magnitude >= value) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  static String format(double value) {
    if (value >= 1e6) {
      return trim(value / 1e6) + "M";
    }
    if (value >= 1e4) {
      return trim(value / 1e3) + "k";
    }
    return trim(value);
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : String.format("%.2f", value).replaceAll("0+$", "");
  }

  private Plot() {}
}
