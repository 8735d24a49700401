import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Evaluate: accuracy and log-loss of the model on the held-out test set. */
public class Evaluate {
    public static void main(String[] args) throws Exception {
        List<Double> w = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("model/model.txt"))) {
            if (!line.startsWith("#") && !line.isBlank()) w.add(Double.parseDouble(line.trim()));
        }
        List<String> lines = Files.readAllLines(Path.of("data/test.csv"));
        int correct = 0, n = 0;
        double logLoss = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double z = w.get(w.size() - 1);
            for (int j = 0; j < f.length - 1; j++) z += w.get(j) * Double.parseDouble(f[j]);
            double p = 1 / (1 + Math.exp(-z));
            int y = Integer.parseInt(f[f.length - 1]);
            if ((p > 0.5 ? 1 : 0) == y) correct++;
            logLoss += -(y * Math.log(p + 1e-12) + (1 - y) * Math.log(1 - p + 1e-12));
            n++;
        }
        double accuracy = (double) correct / n;
        Files.createDirectories(Path.of("reports"));
        String json = String.format(Locale.ROOT, "{\"accuracy\": %.6f, \"log_loss\": %.6f, \"test_rows\": %d}", accuracy, logLoss / n, n);
        Files.writeString(Path.of("reports/evaluation.json"), json + "\n");
        Files.writeString(Path.of("metrics.json"), json);
        System.out.printf(Locale.ROOT, "evaluate: accuracy %.3f on %d held-out customers%n", accuracy, n);
    }
}
