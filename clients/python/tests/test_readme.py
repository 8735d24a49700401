"""The example in clients/python/README.md, run exactly as written (extracted from the README), records
params, a 50-point loss curve, an input, an output and a registered, promoted model, visible in
`provenant lineage` and `provenant history`."""

import json
import os
import re
import subprocess
import sys

PACKAGE = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def readme_example():
    with open(os.path.join(PACKAGE, "README.md"), encoding="utf-8") as f:
        blocks = re.findall(r"```python\n(.*?)```", f.read(), re.S)
    assert blocks, "no python block in clients/python/README.md"
    return blocks[0]


def _cli(cli, cwd, *args):
    env = dict(os.environ)
    p = subprocess.run(cli + list(args), cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=300)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def test_the_readme_example_records_everything_it_promises(client, cli, tmp_path, documents):
    code = readme_example()
    assert len(code.strip().splitlines()) <= 10
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "train.csv").write_text("x,y\n1,2\n2,4\n")
    (tmp_path / "example.py").write_text(code)
    before = len(client.graphql(documents("model_versions_named"), {"name": "churn"})["modelVersions"]["edges"])
    env = dict(os.environ)
    env["PYTHONPATH"] = PACKAGE
    env.pop("PROVENANT_RUN_ID", None)
    p = subprocess.run([sys.executable, "example.py"], cwd=str(tmp_path), env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=300)
    assert p.returncode == 0, p.stdout.decode("utf-8", "replace")

    versions = client.graphql(documents("model_versions_named"), {"name": "churn"})["modelVersions"]["edges"]
    assert len(versions) == before + 1
    model = versions[-1]["node"]
    assert model["stage"] == "PRODUCTION"
    run = client.run(model["runId"])
    assert run["status"] == "SUCCEEDED" and run["name"] == "train"
    assert {p["key"]: p["value"] for p in run["parameters"]} == {"lr": "0.01"}
    assert [i["name"] for i in run["inputs"]] == ["data/train.csv"]
    assert [o["name"] for o in run["outputs"] if o["kind"] == "FILE"] == ["model.bin"]
    curve = client.metric_series(run["id"], "loss")
    assert [pt["step"] for pt in curve] == list(range(50))

    # visible where a user looks: lineage (model <- run <- input) and history (registered, promoted)
    rc, out, err = _cli(cli, str(tmp_path), "lineage", model["id"], "--json")
    assert rc == 0, out + err
    text = json.dumps(json.loads(out))
    assert run["id"] in text and run["inputs"][0]["digest"] in text
    rc, out, err = _cli(cli, str(tmp_path), "history", model["id"], "--json")
    assert rc == 0, out + err
    assert "ModelVersionRegisteredEvent" in out and "ModelStageTransitionedEvent" in out and "beat the baseline" in out
    rc, out, err = _cli(cli, str(tmp_path), "history", run["id"], "--json")
    assert rc == 0, out + err
    assert "loss" in out
