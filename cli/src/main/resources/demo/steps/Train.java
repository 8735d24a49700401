import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Train: logistic regression by mini-batch gradient descent. The shuffling is seeded by PARAM_SEED;
 * PARAM_SEED=clock seeds it from the clock, which makes the run irreproducible on purpose.
 */
public class Train {
    public static void main(String[] args) throws Exception {
        String seedParam = System.getenv().getOrDefault("PARAM_SEED", "42");
        long seed = seedParam.equals("clock") ? System.nanoTime() : Long.parseLong(seedParam);
        int epochs = Integer.parseInt(System.getenv().getOrDefault("PARAM_EPOCHS", "30"));
        double lr = Double.parseDouble(System.getenv().getOrDefault("PARAM_LEARNING_RATE", "0.1"));
        List<double[]> data = new ArrayList<>();
        List<String> lines = Files.readAllLines(Path.of("data/train.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double[] row = new double[f.length];
            for (int j = 0; j < f.length; j++) row[j] = Double.parseDouble(f[j]);
            data.add(row);
        }
        int d = data.get(0).length - 1;
        double[] w = new double[d + 1];
        Random random = new Random(seed);
        double loss = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            Collections.shuffle(data, random);
            loss = 0;
            for (int start = 0; start < data.size(); start += 32) {
                double[] grad = new double[d + 1];
                int end = Math.min(data.size(), start + 32);
                for (int i = start; i < end; i++) {
                    double[] x = data.get(i);
                    double z = w[d];
                    for (int j = 0; j < d; j++) z += w[j] * x[j];
                    double p = 1 / (1 + Math.exp(-z));
                    double err = p - x[d];
                    for (int j = 0; j < d; j++) grad[j] += err * x[j];
                    grad[d] += err;
                    loss += -(x[d] * Math.log(p + 1e-12) + (1 - x[d]) * Math.log(1 - p + 1e-12));
                }
                for (int j = 0; j <= d; j++) w[j] -= lr * grad[j] / (end - start);
            }
            loss /= data.size();
        }
        Files.createDirectories(Path.of("model"));
        StringBuilder sb = new StringBuilder("# logistic regression: weights x1..x4, bias\n");
        for (double v : w) sb.append(String.format(Locale.ROOT, "%.17g%n", v));
        Files.writeString(Path.of("model/model.txt"), sb.toString());
        Files.writeString(Path.of("metrics.json"), String.format(Locale.ROOT, "{\"train_loss\": %.6f}", loss));
        System.out.printf(Locale.ROOT, "train: %d epochs, final loss %.4f%n", epochs, loss);
    }
}
