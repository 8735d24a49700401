"""Step 3: linear regression of trip duration by least squares (numpy)."""
import json

import numpy as np

from common import matrix, read_csv, write_json

x, y = matrix(read_csv("data/train.csv"))
coef, *_ = np.linalg.lstsq(x, y, rcond=None)
rmse = float(np.sqrt(np.mean((x @ coef - y) ** 2)))
write_json("model/model.json", {"features": ["intercept", "distance_km", "rush", "passengers"],
                                "coefficients": [float(c) for c in coef]})
write_json("metrics.json", {"train_rmse": rmse})
print("coefficients", json.dumps([round(float(c), 3) for c in coef]), "train rmse", round(rmse, 3))
