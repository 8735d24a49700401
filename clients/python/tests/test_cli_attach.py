"""Under `provenant run -- python3 script.py` the client attaches to the CLI's run."""

import os
import re
import subprocess
import sys
import textwrap

import provenant

PACKAGE = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))

SCRIPT = textwrap.dedent('''
    import os, sys
    import provenant
    assert os.environ["PROVENANT_RUN_ID"].startswith("run:")
    for step in range(3):
        provenant.log_metric("loss", 1.0 / (step + 1), step=step)   # no start_run: attaches on first use
    with provenant.start_run(params={"from_script": "yes"}) as run:  # attaches too: the same run
        assert run.attached and run.id == os.environ["PROVENANT_RUN_ID"]
        with open("model.bin", "wb") as f:
            f.write(b"trained")
        provenant.log_output("model.bin")
    if os.environ.get("PARAM_MODEL"):
        m = provenant.register_model(os.environ["PARAM_MODEL"], output="model.bin")
        provenant.transition_stage(m, "staging", "registered by the step")
    if os.environ.get("PARAM_FAIL") == "yes":
        raise RuntimeError("asked to fail")
''')


def run_cli(cli, tmp_path, *args):
    env = dict(os.environ)
    env["PYTHONPATH"] = PACKAGE + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("PROVENANT_RUN_ID", None)
    p = subprocess.run(cli + ["run"] + list(args), cwd=str(tmp_path), env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=300)
    out = p.stdout.decode("utf-8", "replace")
    ids = re.findall(r"run:[0-9a-f-]{36}", out)
    assert ids, out
    return p.returncode, ids[-1], out


def test_given_a_script_under_provenant_run_then_its_series_params_and_outputs_land_on_the_steps_run(
        client, cli, tmp_path, documents):
    (tmp_path / "train.py").write_text(SCRIPT)
    code, run_id, out = run_cli(cli, tmp_path, "--output", "model.bin", "--", sys.executable, "train.py")
    assert code == 0, out
    r = client.run(run_id)
    assert r["status"] == "SUCCEEDED", out
    assert r["name"] == "train.py"  # a Python step is named after its script
    assert r["metricNames"] == ["loss"]
    assert [p["value"] for p in client.metric_series(run_id, "loss")] == [1.0, 0.5, 1.0 / 3]
    assert {p["key"]: p["value"] for p in r["parameters"]}["from_script"] == "yes"
    assert [o["name"] for o in r["outputs"] if o["kind"] == "FILE"] == ["model.bin"]
    props = {p["key"]: p["value"] for p in r["environment"]["properties"]}
    assert not any("TOKEN" in k.upper() or "PROVENANT_URL" in k for k in props), props
    # the client did not start a run of its own
    runs = client.graphql(documents("runs_named"), {"name": "train.py"})["runs"]["edges"]
    assert [e["node"]["id"] for e in runs].count(run_id) == 1


def test_given_a_script_that_fails_under_provenant_run_then_the_cli_records_the_failure_and_the_points(
        client, cli, tmp_path):
    (tmp_path / "train.py").write_text(SCRIPT)
    code, run_id, out = run_cli(cli, tmp_path, "--param", "fail=yes", "--", sys.executable, "train.py")
    assert code == 1, out
    r = client.run(run_id)
    assert r["status"] == "FAILED"
    assert len(client.metric_series(run_id, "loss")) == 3


def test_given_a_script_that_logs_a_curve_under_provenant_run_then_its_replay_is_identical_with_its_own_curve(
        client, cli, tmp_path, documents):
    (tmp_path / "train.py").write_text(SCRIPT)
    model = "attach-model-" + os.urandom(4).hex()
    code, run_id, out = run_cli(cli, tmp_path, "--output", "model.bin", "--param", "model=" + model, "--",
                                sys.executable, "train.py")
    assert code == 0, out
    env = dict(os.environ)
    env["PYTHONPATH"] = PACKAGE + os.pathsep + env.get("PYTHONPATH", "")
    p = subprocess.run(cli + ["replay-run", run_id, "--json"], cwd=str(tmp_path), env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=300)
    report = p.stdout.decode("utf-8", "replace")
    assert p.returncode == 0, report + p.stderr.decode("utf-8", "replace")
    assert '"IDENTICAL"' in report, report
    replay_id = re.findall(r'"replayRunId"\s*:\s*"(run:[0-9a-f-]{36})"', report) or re.findall(
        r"run:[0-9a-f-]{36}", report.replace(run_id, ""))
    assert replay_id, report
    assert [p["value"] for p in client.metric_series(replay_id[0], "loss")] == [1.0, 0.5, 1.0 / 3]
    # the replay did not publish the model again
    versions = client.graphql(documents("model_versions_named"), {"name": model})["modelVersions"]["edges"]
    assert [(v["node"]["id"], v["node"]["stage"], v["node"]["runId"]) for v in versions] == [
        ("model:%s@1" % model, "STAGING", run_id)]
    assert "skipped: this is a replay of " + run_id in p.stderr.decode("utf-8", "replace")


PARAMS_SCRIPT = textwrap.dedent('''
    import json, os
    import provenant
    path = os.environ["PROVENANT_PARAMS_FILE"]
    with open("params-seen.json", "w") as f:
        json.dump({"path": path, "file": provenant.cli_params(), "before": provenant.params()}, f)
    with provenant.start_run(params={"from_script": "yes"}):
        with open("params-seen.json", "r") as f:
            seen = json.load(f)
        seen["in_run"] = provenant.params()
        with open("params-seen.json", "w") as f:
            json.dump(seen, f)
''')


def test_given_params_under_provenant_run_then_the_script_reads_them_from_the_params_file_as_given(
        client, cli, tmp_path):
    (tmp_path / "train.py").write_text(PARAMS_SCRIPT)
    code, run_id, out = run_cli(cli, tmp_path, "--param", "learning-rate=0.5", "--param", 'note=a "b" = c',
                                "--output", "params-seen.json", "--", sys.executable, "train.py")
    assert code == 0, out
    import json
    seen = json.loads((tmp_path / "params-seen.json").read_text())
    given = {"learning-rate": "0.5", "note": 'a "b" = c'}
    assert seen["file"] == given          # keys as given, not PARAM_LEARNING_RATE
    assert seen["before"] == given        # params() outside a block: the CLI's
    assert seen["in_run"] == dict(given, from_script="yes")
    assert not os.path.exists(seen["path"])  # removed when the command ended
    recorded = {p["key"]: p["value"] for p in client.run(run_id)["parameters"]}
    assert recorded == dict(given, from_script="yes")
    # the file's path changes every run: it is not part of the recorded environment
    props = {p["key"] for p in client.run(run_id)["environment"]["properties"]}
    assert not any("PARAMS_FILE" in k for k in props), props


def test_given_a_params_file_that_is_not_an_object_of_strings_then_cli_params_refuses_it(tmp_path):
    bad = tmp_path / "params.json"
    bad.write_text('{"lr": 0.5}')
    try:
        provenant.cli_params({"PROVENANT_PARAMS_FILE": str(bad)})
        raise AssertionError("accepted a non-string value")
    except provenant.ValidationError as e:
        assert "not a JSON object of strings" in str(e)
    assert provenant.cli_params({}) == {}
