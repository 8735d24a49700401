"""Luigi-shaped: Task classes with requires() / output() / run(); each run() is a recorded run.

RUNNABLE AS IS with the standard library: `Task`, `LocalTarget` and `build` below are a
minimal stand-in for Luigi's (a task runs when its output is missing, after what it requires).
With Luigi installed, use `import luigi` and subclass `luigi.Task` with the same methods (not
tested here: Luigi is not installable on these machines).

    PYTHONPATH=../../../clients/python python3 tasks.py
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import provenant  # noqa: E402
import taxi  # noqa: E402


class LocalTarget:
    def __init__(self, path):
        self.path = path

    def exists(self):
        return os.path.exists(self.path)


class Task:
    def requires(self):
        return []

    def output(self):
        raise NotImplementedError

    def complete(self):
        return self.output().exists()


def build(tasks):
    """Runs each task after its requirements, skipping complete ones (what luigi.build does locally)."""
    for t in tasks:
        if t.complete():
            continue
        build(t.requires())
        t.run()


class RecordedTask(Task):
    """Records run(): inputs are the outputs of requires(), outputs its own output()."""

    def run(self):
        inputs = [r.output().path for r in self.requires()]
        with provenant.start_run(name=type(self).__name__, inputs=inputs):
            os.makedirs(os.path.dirname(self.output().path), exist_ok=True)
            self.work()
            provenant.log_output(self.output().path)


class Trips(RecordedTask):
    def output(self):
        return LocalTarget("data/trips.csv")

    def work(self):
        taxi.generate_trips(self.output().path, seed=7)


class Features(RecordedTask):
    def requires(self):
        return [Trips()]

    def output(self):
        return LocalTarget("data/train.csv")

    def work(self):
        taxi.build_features("data/trips.csv", "data/train.csv", "data/test.csv")


class Train(RecordedTask):
    def requires(self):
        return [Features()]

    def output(self):
        return LocalTarget("model/model.json")

    def work(self):
        taxi.train("data/train.csv", self.output().path,
                   on_epoch=lambda e, mse: provenant.log_metric("train_mse", mse, step=e))
        provenant.register_model("taxi-duration-luigi", output=self.output().path)


if __name__ == "__main__":
    build([Train()])
    print("done")
