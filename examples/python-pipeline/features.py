"""Step 2: features (distance, rush hour, passengers) and a train/test split, seeded."""
import numpy as np

from common import param, read_csv, write_csv

rows = read_csv("data/trips.csv")
rng = np.random.default_rng(int(param("seed", "7")))
order = rng.permutation(len(rows))
cut = int(len(rows) * float(param("train_fraction", "0.8")))


def features(r):
    hour = int(r["hour"])
    rush = 1 if 7 <= hour <= 9 or 16 <= hour <= 18 else 0
    return {
        "distance_km": r["distance_km"],
        "rush": rush,
        "passengers": r["passengers"],
        "duration_min": r["duration_min"],
    }


fields = ["distance_km", "rush", "passengers", "duration_min"]
write_csv("data/train.csv", [features(rows[i]) for i in order[:cut]], fields)
write_csv("data/test.csv", [features(rows[i]) for i in order[cut:]], fields)
print(f"{cut} training rows, {len(rows) - cut} test rows")
