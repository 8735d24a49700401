"""Step 4: evaluate the model on the held-out trips."""
import json

import numpy as np

from common import matrix, read_csv, write_json

with open("model/model.json") as f:
    coef = np.array(json.load(f)["coefficients"])
x, y = matrix(read_csv("data/test.csv"))
err = x @ coef - y
rmse = float(np.sqrt(np.mean(err ** 2)))
mae = float(np.mean(np.abs(err)))
write_json("reports/evaluation.json", {"rmse": rmse, "mae": mae, "n": int(len(y))})
write_json("metrics.json", {"rmse": rmse, "mae": mae})
print("test rmse", round(rmse, 3), "mae", round(mae, 3))
