import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prepare: standardize the features and split 80/20 into train and test by customer id. */
public class Prepare {
    public static void main(String[] args) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("data/customers.csv"));
        List<double[]> rows = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            ids.add(f[0]);
            rows.add(new double[] {
                Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                Double.parseDouble(f[4]), Double.parseDouble(f[5])
            });
        }
        int features = 4;
        double[] mean = new double[features];
        double[] sd = new double[features];
        for (double[] r : rows) for (int j = 0; j < features; j++) mean[j] += r[j] / rows.size();
        for (double[] r : rows) for (int j = 0; j < features; j++) sd[j] += Math.pow(r[j] - mean[j], 2) / rows.size();
        for (int j = 0; j < features; j++) sd[j] = Math.sqrt(sd[j]);
        StringBuilder train = new StringBuilder("x1,x2,x3,x4,y\n");
        StringBuilder test = new StringBuilder("x1,x2,x3,x4,y\n");
        int nTrain = 0, nTest = 0;
        for (int i = 0; i < rows.size(); i++) {
            double[] r = rows.get(i);
            StringBuilder sb = Math.floorMod(ids.get(i).hashCode(), 5) == 0 ? test : train;
            if (sb == test) nTest++; else nTrain++;
            for (int j = 0; j < features; j++) sb.append(String.format(Locale.ROOT, "%.6f,", (r[j] - mean[j]) / sd[j]));
            sb.append((int) r[4]).append('\n');
        }
        Files.writeString(Path.of("data/train.csv"), train.toString());
        Files.writeString(Path.of("data/test.csv"), test.toString());
        Files.writeString(Path.of("metrics.json"), "{\"rows_train\": " + nTrain + ", \"rows_test\": " + nTest + "}");
        System.out.println("prepare: " + nTrain + " training rows, " + nTest + " test rows");
    }
}
