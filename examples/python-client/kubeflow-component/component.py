"""The program inside the taxi pipeline's container components: one stage per call, paths as
arguments (as Kubeflow Pipelines passes a component its input and output paths).

    python3 component.py generate --trips data/trips.csv
    python3 component.py features --trips data/trips.csv --train data/train.csv --test data/test.csv
    python3 component.py train --train data/train.csv --model model/model.json
    python3 component.py evaluate --model model/model.json --test data/test.csv --metrics model/metrics.json

Each call is wrapped in ``provenant run`` by the component's container command (see
pipeline.py and pipeline.yaml), so each is a recorded run; under it the Python client attaches to
that run: the training curve and the model registration land on the training component's run.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # taxi.py, beside it in the image

import provenant  # noqa: E402
import taxi  # noqa: E402


def _parent(path):
    if os.path.dirname(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("stage", choices=["generate", "features", "train", "evaluate"])
    for a in ("trips", "train", "test", "model", "metrics"):
        p.add_argument("--" + a)
    a = p.parse_args(argv)
    params = provenant.cli_params()  # the --param values of `provenant run`, as given
    if a.stage == "generate":
        _parent(a.trips)
        taxi.generate_trips(a.trips, n=int(params.get("trips", "2000")), seed=int(params.get("seed", "7")))
    elif a.stage == "features":
        _parent(a.train)
        _parent(a.test)
        taxi.build_features(a.trips, a.train, a.test)
    elif a.stage == "train":
        _parent(a.model)
        epochs, lr = int(params.get("epochs", "50")), float(params.get("lr", "0.01"))
        taxi.train(a.train, a.model, epochs=epochs, lr=lr,
                   on_epoch=lambda epoch, mse: provenant.log_metric("train_mse", mse, step=epoch))
        model = provenant.register_model("taxi-duration-kfp", output=a.model)
        print("registered", model["id"])
    else:
        _parent(a.metrics)
        metrics = taxi.evaluate(a.model, a.test, a.metrics)
        provenant.log_metrics(metrics)
        print(metrics)
    provenant.flush()


if __name__ == "__main__":
    main()
