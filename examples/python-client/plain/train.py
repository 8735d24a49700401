"""The whole pipeline as one recorded run per stage, with the Provenant Python client.

    PYTHONPATH=../../../clients/python python3 train.py      # from examples/python-client/plain

Each stage is a run (inputs and outputs uploaded over HTTP, hashed); training logs a 50-point
loss curve; the model is registered and promoted. Works the same under `provenant run -- python3
train.py` (the stages then become steps of the CLI's run).
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import provenant  # noqa: E402
import taxi  # noqa: E402

os.makedirs("data", exist_ok=True)
os.makedirs("model", exist_ok=True)

with provenant.start_run(name="generate", params={"seed": 7, "trips": 2000}):
    taxi.generate_trips("data/trips.csv", n=2000, seed=7)
    provenant.log_output("data/trips.csv")

with provenant.start_run(name="features", inputs=["data/trips.csv"]):
    taxi.build_features("data/trips.csv", "data/train.csv", "data/test.csv")
    provenant.log_output("data/train.csv")
    provenant.log_output("data/test.csv")

with provenant.start_run(name="train", params={"epochs": 50, "lr": 0.01}, inputs=["data/train.csv"]) as run:
    taxi.train("data/train.csv", "model/model.json", epochs=50, lr=0.01,
               on_epoch=lambda epoch, mse: provenant.log_metric("train_mse", mse, step=epoch))
    provenant.log_output("model/model.json")
    model = provenant.register_model("taxi-duration", output="model/model.json")

with provenant.start_run(name="evaluate", inputs=["model/model.json", "data/test.csv"]):
    metrics = taxi.evaluate("model/model.json", "data/test.csv", "model/metrics.json")
    provenant.log_metrics(metrics)
    provenant.log_output("model/metrics.json")

if metrics["rmse"] < 2.0:
    provenant.transition_stage(model["id"], "staging", "rmse %.3f < 2.0 on held-out trips" % metrics["rmse"])
print(model["id"], run.id, metrics)
