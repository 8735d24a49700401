"""Every example under examples/python-client runs in CI through the CLI a user types
(``provenant run`` or ``provenant pipeline run``) against the real server, registers its model
with a 50-point training curve, and replays (``provenant replay-run``) to IDENTICAL. The stand-in
variants run (the real orchestrators are not installed here; their code paths are not exercised).
examples/python-pipeline is run and replayed by PipelineReplayIT."""

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
PACKAGE = os.path.join(REPO, "clients", "python")
EXAMPLES = os.path.join(REPO, "examples", "python-client")

# (example folder, how the CLI runs it, the model it registers)
CASES = [
    ("plain", ["run", "--code", "taxi.py", "--code", "plain", "--output", "model/model.json", "--output",
               "model/metrics.json", "--", sys.executable, "plain/train.py"], "taxi-duration"),
    ("prefect-style", ["run", "--code", "taxi.py", "--code", "prefect-style", "--output", "model/model.json", "--",
                       sys.executable, "prefect-style/flow.py"], "taxi-duration-prefect"),
    ("airflow-style", ["run", "--code", "taxi.py", "--code", "airflow-style", "--output", "model/model.json", "--",
                       sys.executable, "airflow-style/dag.py"], "taxi-duration-airflow"),
    ("luigi-style", ["run", "--code", "taxi.py", "--code", "luigi-style", "--output", "model/model.json", "--",
                     sys.executable, "luigi-style/tasks.py"], "taxi-duration-luigi"),
    ("mage-style", ["run", "--code", "taxi.py", "--code", "mage-style", "--output", "model/model.json", "--",
                    sys.executable, "mage-style/pipeline.py"], "taxi-duration-mage"),
    ("kubeflow-component", ["pipeline", "run", "kubeflow-component/pipeline.yaml", "-C", "."],
     "taxi-duration-kfp"),
]


def test_every_example_folder_has_a_case_and_a_readme_row():
    folders = sorted(d for d in os.listdir(EXAMPLES) if os.path.isdir(os.path.join(EXAMPLES, d))
                     and not d.startswith((".", "_")) and d not in ("data", "model"))
    assert folders == sorted(c[0] for c in CASES)
    with open(os.path.join(REPO, "examples", "README.md"), encoding="utf-8") as f:
        table = f.read()
    for folder in folders:
        assert "python-client/" + folder in table, folder


def _cli(cli, cwd, args, timeout=600):
    env = dict(os.environ)
    env["PYTHONPATH"] = PACKAGE
    env.pop("PROVENANT_RUN_ID", None)
    p = subprocess.run(cli + args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


@pytest.mark.parametrize("folder,args,model", CASES, ids=[c[0] for c in CASES])
def test_given_an_example_when_run_through_the_cli_then_it_records_its_model_and_replays_identical(
        client, cli, tmp_path, folder, args, model, documents):
    work = tmp_path / "python-client"
    shutil.copytree(EXAMPLES, str(work), ignore=shutil.ignore_patterns("__pycache__", "data", "model"))
    code, out, err = _cli(cli, str(work), args)
    assert code == 0, out + err
    if args[0] == "pipeline":
        run_id = re.findall(r"run:[0-9a-f-]{36}", out + err)[-1]
    else:
        run_id = out.strip().splitlines()[-1].strip()
    assert re.fullmatch(r"run:[0-9a-f-]{36}", run_id), out + err

    versions = client.graphql(documents("model_versions_named"), {"name": model})["modelVersions"]["edges"]
    assert versions, out + err
    trained = client.run(versions[-1]["node"]["runId"])
    assert trained["status"] == "SUCCEEDED"
    series = client.metric_series(trained["id"], "train_mse")
    assert len(series) == 50
    assert series[-1]["value"] < series[0]["value"]

    code, report, err = _cli(cli, str(work), ["replay-run", run_id, "--json"])
    assert code == 0, report + err
    verdict = json.loads(report)
    assert verdict["verdict"] == "IDENTICAL", report + err
