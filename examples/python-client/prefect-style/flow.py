"""Prefect-shaped: a flow function calling task functions, each task a recorded step.

RUNNABLE AS IS with the standard library (no Prefect here): `flow` and `task` below are
stand-ins that just call the function. With Prefect installed, replace them by
`from prefect import flow, task` -- the Provenant decorators stay as they are (not tested here:
Prefect is not installable on these machines).

    PYTHONPATH=../../../clients/python python3 flow.py
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import provenant  # noqa: E402
import taxi  # noqa: E402

try:  # the real thing when it is installed
    from prefect import flow, task  # type: ignore
except ImportError:  # stand-ins with the same call shape
    def task(fn=None, **_):
        return fn if fn is not None else (lambda f: f)

    def flow(fn=None, **_):
        return fn if fn is not None else (lambda f: f)


@task
@provenant.step(outputs=["data/trips.csv"], params={"seed": 7})
def generate():
    os.makedirs("data", exist_ok=True)
    taxi.generate_trips("data/trips.csv", seed=7)


@task
@provenant.step(inputs=["data/trips.csv"], outputs=["data/train.csv", "data/test.csv"])
def features():
    taxi.build_features("data/trips.csv", "data/train.csv", "data/test.csv")


@task
@provenant.step(inputs=["data/train.csv"], outputs=["model/model.json"], params={"epochs": 50})
def train():
    os.makedirs("model", exist_ok=True)
    taxi.train("data/train.csv", "model/model.json",
               on_epoch=lambda e, mse: provenant.log_metric("train_mse", mse, step=e))
    return provenant.register_model("taxi-duration-prefect", output="model/model.json")


@task
@provenant.step(inputs=["model/model.json", "data/test.csv"], outputs=["model/metrics.json"])
def evaluate():
    m = taxi.evaluate("model/model.json", "data/test.csv", "model/metrics.json")
    provenant.log_metrics(m)
    return m


@flow(name="taxi-duration")
def taxi_flow():
    # the flow itself is a run; each task is a step of it (pipelineRunId = the flow's run)
    with provenant.start_run(name="taxi-flow"):
        generate()
        features()
        model = train()
        metrics = evaluate()
    if metrics["rmse"] < 2.0:
        provenant.transition_stage(model["id"], "staging", "rmse %.3f" % metrics["rmse"])
    return model, metrics


if __name__ == "__main__":
    print(taxi_flow())
