"""Runs recorded from Python against a real server, read back through GraphQL."""

import hashlib
import os

import pytest

import provenant


def write(path, data):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    return path


def sha(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def test_given_a_with_block_when_it_ends_then_the_run_succeeded_with_params_input_series_and_output(client):
    data = b"x,y\n1,2\n3,4\n"
    write("data/train.csv", data)
    with provenant.start_run(name="train", params={"lr": 0.1, "epochs": 3}, inputs=["data/train.csv"]) as run:
        assert provenant.active_run() is run
        for step, loss in enumerate([0.9, 0.5, 0.25]):
            provenant.log_metric("loss", loss, step=step)
        provenant.log_param("optimizer", "sgd")
        model = os.urandom(4096)
        write("model.bin", model)
        arts = provenant.log_output("model.bin")
    assert provenant.active_run() is None
    assert arts[0].digest == sha(model)

    r = client.run(run.id)
    assert r["status"] == "SUCCEEDED"
    assert r["name"] == "train"
    assert {p["key"]: p["value"] for p in r["parameters"]} == {"lr": "0.1", "epochs": "3", "optimizer": "sgd"}
    assert r["inputs"] == [{"name": "data/train.csv", "digest": sha(data), "sizeBytes": len(data)}]
    assert [(o["name"], o["digest"]) for o in r["outputs"]] == [("model.bin", sha(model))]
    assert r["metricNames"] == ["loss"]
    assert {m["name"]: m["value"] for m in r["metrics"]} == {"loss": 0.25}
    series = client.metric_series(run.id, "loss")
    assert [(p["step"], p["value"]) for p in series] == [(0, 0.9), (1, 0.5), (2, 0.25)]
    assert all(p["timestamp"] for p in series)
    props = {p["key"]: p["value"] for p in r["environment"]["properties"]}
    assert props["python.implementation"] == "cpython" or props["python.implementation"]
    assert props["python.environment"].startswith("sha256:")
    assert not any("TOKEN" in k.upper() for k in props)


def test_given_an_exception_in_the_block_then_the_run_failed_with_its_text_and_the_exception_propagates(client):
    with pytest.raises(ValueError, match="the loss diverged"):
        with provenant.start_run(name="diverges") as run:
            provenant.log_metric("loss", 1.0, step=0)
            raise ValueError("the loss diverged")
    r = client.run(run.id)
    assert r["status"] == "FAILED"
    assert r["exitCode"] == 1
    assert "ValueError: the loss diverged" in r["failureReason"]
    # points logged before the failure were not dropped
    assert [p["value"] for p in client.metric_series(run.id, "loss")] == [1.0]


def test_given_a_decorated_function_then_each_call_is_a_run_with_its_declared_inputs_and_outputs(client):
    write("raw.csv", b"a\n1\n")

    @provenant.step(inputs=["raw.csv"], outputs=["features.csv"], params={"scale": 2})
    def features():
        with open("raw.csv") as f, open("features.csv", "w") as g:
            g.write(f.read().upper())
        provenant.log_metric("rows", 1)
        return provenant.active_run().id

    run_id = features()
    r = client.run(run_id)
    assert r["status"] == "SUCCEEDED"
    assert r["name"] == "features"
    assert [i["name"] for i in r["inputs"]] == ["raw.csv"]
    assert [o["name"] for o in r["outputs"]] == ["features.csv"]
    assert {p["key"]: p["value"] for p in r["parameters"]} == {"scale": "2"}


def test_given_a_decorated_step_that_does_not_write_its_output_then_the_run_failed_naming_it(client, documents):
    @provenant.step(name="lazy", outputs=["never.csv"])
    def lazy():
        return provenant.active_run().id

    with pytest.raises(provenant.ProvenantError, match="never.csv"):
        lazy()
    runs = client.graphql(documents("runs_named"), {"name": "lazy"})
    node = runs["runs"]["edges"][-1]["node"]
    assert node["status"] == "FAILED"
    assert "never.csv" in node["failureReason"]


def test_given_a_step_inside_a_run_then_it_is_its_own_run_part_of_the_outer_one(client):
    with provenant.start_run(name="pipeline") as outer:
        @provenant.step(name="inner")
        def inner():
            provenant.log_metric("acc", 0.5)
            return provenant.active_run().id

        inner_id = inner()
        assert provenant.active_run() is outer
    r = client.run(inner_id)
    assert r["pipelineRunId"] == outer.id
    assert r["stepName"] == "inner"
    assert client.run(outer.id)["metricNames"] == []


def test_given_three_steps_logged_outside_with_then_the_series_is_complete_after_the_block(client):
    with provenant.start_run(name="curve") as run:
        for i in range(2500):  # more than one flush
            run.log_metric("loss", 1.0 / (i + 1), step=i)
    series = client.metric_series(run.id, "loss")
    assert len(series) == 2500
    assert series[-1]["step"] == 2499


def test_given_a_retried_batch_then_its_points_are_recorded_once(client):
    with provenant.start_run(name="retry-safe") as run:
        points = [{"name": "loss", "value": 0.5, "step": 0}]
        client.record_metric_points(run.id, points, "same-key")
        client.record_metric_points(run.id, points, "same-key")
    assert len(client.metric_series(run.id, "loss")) == 1


def test_given_bad_values_then_validation_errors_say_why(client):
    with provenant.start_run(name="bad-values") as run:
        with pytest.raises(provenant.ValidationError, match="finite"):
            provenant.log_metric("loss", float("nan"))
        with pytest.raises(provenant.ValidationError, match="step"):
            provenant.log_metric("loss", 1.0, step=-1)
        with pytest.raises(provenant.ValidationError, match="U\\+0000"):
            provenant.log_param("bad\x00name", 1)
        provenant.log_param("lr", 0.1)
        with pytest.raises(provenant.ConflictError, match="immutable"):
            provenant.log_param("lr", 0.2)
    assert client.run(run.id)["status"] == "SUCCEEDED"


def test_given_no_active_run_then_log_metric_says_how_to_start_one(client):
    with pytest.raises(provenant.ProvenantError, match="start_run"):
        provenant.log_metric("loss", 1.0)


def test_given_a_long_block_then_the_client_renews_the_lease_and_an_unrenewed_run_is_abandoned(client):
    lease = os.environ.get("PROVENANT_TEST_LEASE_SECONDS")
    if not lease:
        pytest.skip("set PROVENANT_TEST_LEASE_SECONDS to the server's (short) provenant.runs.lease")
    wait = 3 * float(lease)
    import time
    with provenant.start_run(name="long-training") as run:
        time.sleep(wait)  # three leases: only the heartbeat keeps it open
        assert client.run(run.id)["status"] == "RUNNING"
        provenant.log_metric("loss", 0.1, step=0)
    assert client.run(run.id)["status"] == "SUCCEEDED"
    # the control: a run nobody renews is closed by the server
    silent = client.start_run("silent", command=["python3"])
    deadline = time.time() + 4 * wait
    while client.run(silent)["status"] != "ABANDONED" and time.time() < deadline:
        time.sleep(0.5)
    assert client.run(silent)["status"] == "ABANDONED"
    client.finish_run(silent, 0, 1)  # a late end still ends it
    assert client.run(silent)["status"] == "SUCCEEDED"
