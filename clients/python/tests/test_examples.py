"""The stdlib-only variants of examples/python-client run against the real server (the real
orchestrators are not installed here; their code paths are not exercised)."""

import os
import subprocess
import sys

import pytest

import provenant

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
PACKAGE = os.path.join(REPO, "clients", "python")


@pytest.mark.parametrize("script,model", [
    ("plain/train.py", "taxi-duration"),
    ("prefect-style/flow.py", "taxi-duration-prefect"),
    ("airflow-style/dag.py", "taxi-duration-airflow"),
    ("luigi-style/tasks.py", "taxi-duration-luigi"),
])
def test_given_an_example_then_it_records_its_pipeline_and_registers_the_model(client, tmp_path, script, model):
    env = dict(os.environ)
    env["PYTHONPATH"] = PACKAGE
    p = subprocess.run([sys.executable, os.path.join(REPO, "examples", "python-client", script)], cwd=str(tmp_path),
                       env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
    out = p.stdout.decode("utf-8", "replace")
    assert p.returncode == 0, out
    versions = client.graphql('query($n: String!) { modelVersions(name: $n, first: 100) { edges { node { id runId } } } }',
                              {"n": model})["modelVersions"]["edges"]
    assert versions, out
    run = client.run(versions[-1]["node"]["runId"])
    assert run["status"] == "SUCCEEDED"
    series = client.metric_series(run["id"], "train_mse")
    assert len(series) == 50
    assert series[-1]["value"] < series[0]["value"]
