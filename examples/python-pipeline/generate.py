"""Step 1: synthetic taxi trips (distance, hour, passengers -> duration), seeded."""
import numpy as np

from common import param, write_csv

rng = np.random.default_rng(int(param("seed", "7")))
n = int(param("trips", "2000"))
distance = rng.gamma(2.0, 2.5, n)                      # km
hour = rng.integers(0, 24, n)
passengers = rng.integers(1, 5, n)
rush = ((hour >= 7) & (hour <= 9)) | ((hour >= 16) & (hour <= 18))
duration = 3.0 + 2.2 * distance + 6.0 * rush + 0.4 * passengers + rng.normal(0, 2.0, n)

rows = [
    {
        "distance_km": f"{d:.3f}",
        "hour": int(h),
        "passengers": int(p),
        "duration_min": f"{t:.2f}",
    }
    for d, h, p, t in zip(distance, hour, passengers, duration)
]
write_csv("data/trips.csv", rows, ["distance_km", "hour", "passengers", "duration_min"])
print(f"generated {n} trips")
