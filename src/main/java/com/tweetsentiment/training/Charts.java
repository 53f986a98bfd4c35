package com.tweetsentiment.training;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The pictures of an artifact: training curves (JFreeChart) and a confusion matrix (a small heat map). */
final class Charts {

    private Charts() {
    }

    /** Loss (training and validation) and validation accuracy per epoch, with the kept epoch marked in the title. */
    static byte[] trainingCurves(List<EpochStats> history, int bestEpoch) {
        XYSeries train = new XYSeries("training loss (with dropout)");
        XYSeries validation = new XYSeries("validation loss");
        XYSeries accuracy = new XYSeries("validation accuracy");
        for (EpochStats s : history) {
            train.add(s.epoch(), s.trainLoss());
            validation.add(s.epoch(), s.validationLoss());
            accuracy.add(s.epoch(), s.validationAccuracy());
        }
        NumberAxis epochs = new NumberAxis("epoch");
        epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochs);
        XYSeriesCollection losses = new XYSeriesCollection(train);
        losses.addSeries(validation);
        plot.add(new XYPlot(losses, null, axis("loss"), new XYLineAndShapeRenderer(true, true)), 1);
        plot.add(new XYPlot(new XYSeriesCollection(accuracy), null, axis("accuracy"), new XYLineAndShapeRenderer(true, true)), 1);
        StringBuilder phases = new StringBuilder();
        for (String phase : history.stream().map(EpochStats::phase).distinct().toList()) {
            var span = history.stream().filter(e -> e.phase().equals(phase)).mapToInt(EpochStats::epoch).summaryStatistics();
            phases.append(phases.isEmpty() ? "" : ", ").append(phase).append(' ').append(span.getMin()).append('-').append(span.getMax());
        }
        JFreeChart chart = new JFreeChart("Training curves (" + phases + "; kept: epoch " + bestEpoch + ")",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        try {
            return ChartUtils.encodeAsPNG(chart.createBufferedImage(800, 600));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static NumberAxis axis(String label) {
        NumberAxis a = new NumberAxis(label);
        a.setAutoRangeIncludesZero(false);
        return a;
    }

    /** Counts per cell, shaded by the share of their true label's row; rows are truth, columns predictions. */
    static byte[] confusionMatrix(Evaluation e, String title) {
        int k = e.labels().size();
        int cell = 110;
        int left = 130;
        int top = 90;
        BufferedImage img = new BufferedImage(Math.max(left + k * cell + 30, 620), top + k * cell + 50, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, 12, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(String.format(Locale.ROOT, "accuracy %.3f, %d examples; rows: truth, columns: predicted", e.accuracy(), e.examples()), 12, 46);
        for (int r = 0; r < k; r++) {
            int rowTotal = 0;
            for (int c = 0; c < k; c++) {
                rowTotal += e.confusion()[r][c];
            }
            for (int c = 0; c < k; c++) {
                int n = e.confusion()[r][c];
                double share = rowTotal == 0 ? 0 : (double) n / rowTotal;
                int shade = (int) Math.round(255 - 190 * share);
                g.setColor(new Color(shade, shade, 255));
                g.fillRect(left + c * cell, top + r * cell, cell, cell);
                g.setColor(Color.GRAY);
                g.setStroke(new BasicStroke(1));
                g.drawRect(left + c * cell, top + r * cell, cell, cell);
                g.setColor(share > 0.6 ? Color.WHITE : Color.BLACK);
                centred(g, String.valueOf(n), left + c * cell + cell / 2, top + r * cell + cell / 2 - 4);
                centred(g, String.format(Locale.ROOT, "%.1f%%", 100 * share), left + c * cell + cell / 2, top + r * cell + cell / 2 + 14);
            }
            g.setColor(Color.BLACK);
            g.drawString(e.labels().get(r), 12, top + r * cell + cell / 2 + 5);
        }
        for (int c = 0; c < k; c++) {
            centred(g, e.labels().get(c), left + c * cell + cell / 2, top - 10);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    private static void centred(Graphics2D g, String s, int x, int y) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(s, x - fm.stringWidth(s) / 2, y);
    }
}
