"""Mage-shaped: a data loader, two transformers and a data exporter, each block a recorded step,
run in order by a minimal stand-in for Mage's pipeline runner (each block gets the output of the
one upstream of it, as Mage passes it).

RUNNABLE AS IS with the standard library (Mage is not installable on these machines):

    PYTHONPATH=../../../clients/python python3 pipeline.py          # from examples/python-client/mage-style
    provenant run --output model/model.json -- python3 pipeline.py  # the blocks become steps of the CLI's run

In a real Mage project the block files go to the project's ``data_loaders/``, ``transformers/``
and ``data_exporters/`` folders unchanged (see README.md); Mage injects the decorators and runs
the blocks, and this file is not needed.
"""

import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)  # mage_stub
sys.path.insert(0, os.path.join(HERE, ".."))  # taxi.py, the shared work

import provenant  # noqa: E402

BLOCKS = [  # upstream first, as the pipeline's metadata.yaml would list them
    "data_loaders/load_trips.py",
    "transformers/build_features.py",
    "transformers/train_model.py",
    "data_exporters/publish_model.py",
]


def _load(relative):
    spec = importlib.util.spec_from_file_location(relative.replace("/", ".")[:-3], os.path.join(HERE, relative))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name in ("load_data", "transform", "export_data"):
        if hasattr(module, name):
            return getattr(module, name)
    raise RuntimeError("%s has no block function" % relative)


def run_pipeline():
    with provenant.start_run(name="taxi-mage", code=[HERE, os.path.join(HERE, "..", "taxi.py")]):
        upstream = None
        for relative in BLOCKS:
            block = _load(relative)
            upstream = block() if upstream is None else block(upstream)
        return upstream


if __name__ == "__main__":
    print(run_pipeline())
