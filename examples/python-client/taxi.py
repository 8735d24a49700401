"""The course's pipeline in plain Python (standard library only, deterministic):
synthetic taxi trips -> features -> linear regression (gradient descent) -> evaluation.

Every function reads and writes files, so each can be a recorded step.
"""

import csv
import json
import math
import random


def generate_trips(path, n=2000, seed=7):
    """Synthetic trips: distance, passengers, pickup hour -> duration in minutes."""
    rng = random.Random(seed)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["distance_km", "passengers", "hour", "duration_min"])
        for _ in range(n):
            d = round(rng.uniform(0.5, 20.0), 3)
            p = rng.randint(1, 4)
            h = rng.randint(0, 23)
            rush = 1 if h in (7, 8, 9, 16, 17, 18) else 0
            duration = 3.0 + 2.1 * d + 4.0 * rush + 0.3 * p + rng.gauss(0, 1.5)
            w.writerow([d, p, h, round(duration, 3)])


def build_features(trips_path, train_path, test_path, test_share=0.2):
    """Features (distance, passengers, rush hour) and target; a deterministic train/test split."""
    rows = []
    with open(trips_path, newline="") as f:
        for r in csv.DictReader(f):
            h = int(r["hour"])
            rows.append([float(r["distance_km"]), float(r["passengers"]),
                         1.0 if h in (7, 8, 9, 16, 17, 18) else 0.0, float(r["duration_min"])])
    cut = int(len(rows) * (1 - test_share))
    for path, part in ((train_path, rows[:cut]), (test_path, rows[cut:])):
        with open(path, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["distance_km", "passengers", "rush", "duration_min"])
            w.writerows(part)


def _read(path):
    with open(path, newline="") as f:
        rows = [[float(x) for x in r] for r in list(csv.reader(f))[1:]]
    return [r[:-1] for r in rows], [r[-1] for r in rows]


def train(train_path, model_path, epochs=50, lr=0.01, on_epoch=None):
    """Full-batch gradient descent on standardised features; ``on_epoch(epoch, mse)`` sees the curve."""
    x, y = _read(train_path)
    k = len(x[0])
    mean = [sum(r[j] for r in x) / len(x) for j in range(k)]
    std = [math.sqrt(sum((r[j] - mean[j]) ** 2 for r in x) / len(x)) or 1.0 for j in range(k)]
    z = [[(r[j] - mean[j]) / std[j] for j in range(k)] for r in x]
    w = [0.0] * k
    b = 0.0
    for epoch in range(epochs):
        pred = [b + sum(wj * zj for wj, zj in zip(w, r)) for r in z]
        err = [p - t for p, t in zip(pred, y)]
        mse = sum(e * e for e in err) / len(err)
        if on_epoch:
            on_epoch(epoch, mse)
        b -= lr * 10 * 2 * sum(err) / len(err)
        for j in range(k):
            w[j] -= lr * 10 * 2 * sum(e * r[j] for e, r in zip(err, z)) / len(err)
    with open(model_path, "w") as f:
        json.dump({"mean": mean, "std": std, "weights": w, "bias": b}, f, indent=2, sort_keys=True)
        f.write("\n")


def evaluate(model_path, test_path, metrics_path):
    """RMSE and MAE on the held-out trips."""
    with open(model_path) as f:
        m = json.load(f)
    x, y = _read(test_path)
    pred = [m["bias"] + sum(w * (v - mu) / s for w, v, mu, s in zip(m["weights"], r, m["mean"], m["std"]))
            for r in x]
    rmse = math.sqrt(sum((p - t) ** 2 for p, t in zip(pred, y)) / len(y))
    mae = sum(abs(p - t) for p, t in zip(pred, y)) / len(y)
    metrics = {"rmse": round(rmse, 6), "mae": round(mae, 6)}
    with open(metrics_path, "w") as f:
        json.dump(metrics, f, sort_keys=True)
        f.write("\n")
    return metrics
