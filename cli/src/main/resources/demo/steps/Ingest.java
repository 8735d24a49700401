import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/** Ingest: a synthetic customer table (tenure, charges, support calls, contract) with a churn label. */
public class Ingest {
    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(System.getenv().getOrDefault("PARAM_ROWS", "2000"));
        Random r = new Random(Long.parseLong(System.getenv().getOrDefault("PARAM_SEED", "7")));
        StringBuilder sb = new StringBuilder("customer_id,tenure_months,monthly_charges,support_calls,contract_yearly,churned\n");
        for (int i = 0; i < rows; i++) {
            int tenure = 1 + r.nextInt(72);
            double charges = 20 + r.nextDouble() * 100;
            int calls = r.nextInt(8);
            int yearly = r.nextDouble() < 0.4 ? 1 : 0;
            double z = -1.0 - 0.04 * tenure + 0.02 * charges + 0.45 * calls - 1.2 * yearly + r.nextGaussian() * 0.8;
            int churned = 1 / (1 + Math.exp(-z)) > 0.5 ? 1 : 0;
            sb.append(String.format(Locale.ROOT, "c%05d,%d,%.2f,%d,%d,%d%n", i, tenure, charges, calls, yearly, churned));
        }
        Files.createDirectories(Path.of("data"));
        Files.writeString(Path.of("data/customers.csv"), sb.toString());
        System.out.println("ingest: wrote " + rows + " customers to data/customers.csv");
    }
}
