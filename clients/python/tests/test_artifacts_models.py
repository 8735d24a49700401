"""Artifacts over HTTP and the model registry."""

import hashlib
import os

import pytest

import provenant


def test_given_an_output_then_its_bytes_are_uploaded_and_come_back_identical(client, tmp_path):
    data = os.urandom(3 * 1024 * 1024 + 17)
    (tmp_path / "weights.bin").write_bytes(data)
    with provenant.start_run(name="upload") as run:
        art = provenant.log_output("weights.bin")[0]
    assert art.digest == "sha256:" + hashlib.sha256(data).hexdigest()
    assert art.size == len(data)
    assert art.uploaded
    back = client.get_artifact(art.digest, tmp_path / "back.bin")
    assert back.read_bytes() == data
    # the same bytes again: the server has them, nothing is uploaded
    assert not client.put_artifact(tmp_path / "weights.bin").uploaded
    assert client.run(run.id)["outputs"][0]["digest"] == art.digest


def test_given_bytes_sent_under_another_digest_then_integrity_error_and_nothing_stored(client):
    claimed = "sha256:" + hashlib.sha256(b"what I claim").hexdigest()
    with pytest.raises(provenant.IntegrityError) as e:
        client.transport.request("PUT", "/api/artifacts/" + claimed, b"what I send",
                                 {"Content-Type": "application/octet-stream"}, len(b"what I send"))
    assert claimed in str(e.value)
    with pytest.raises(provenant.NotFoundError):
        client.transport.request("HEAD", "/api/artifacts/" + claimed)


def test_given_a_directory_output_then_each_file_is_an_output(client, tmp_path):
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "a.txt").write_text("a")
    (tmp_path / "model" / "b.txt").write_text("b")
    with provenant.start_run(name="dir-output") as run:
        provenant.log_output("model")
    assert sorted(o["name"] for o in client.run(run.id)["outputs"]) == ["model/a.txt", "model/b.txt"]


def test_given_a_run_output_then_register_model_and_transition_stage_record_who_and_why(client, tmp_path):
    name = "churn-" + os.urandom(4).hex()
    (tmp_path / "model.bin").write_bytes(b"model v1")
    with provenant.start_run(name="train-model") as run:
        v1 = provenant.register_model(name, output="model.bin")  # logs the output first
    assert v1["id"] == "model:%s@1" % name
    assert v1["runId"] == run.id
    assert v1["digest"] == "sha256:" + hashlib.sha256(b"model v1").hexdigest()

    (tmp_path / "model.bin").write_bytes(b"model v2")
    with provenant.start_run(name="train-model") as run2:
        provenant.log_output("model.bin")
    v2 = provenant.register_model(name, run=run2.id, output="model.bin", description="second")
    assert v2["version"] == "2"

    moved = provenant.transition_stage(v2, "production", "beat v1 on the holdout")
    assert moved["stage"] == "PRODUCTION"
    assert moved["transitions"][-1]["reason"] == "beat v1 on the holdout"
    assert moved["transitions"][-1]["principal"]
    with pytest.raises(provenant.ConflictError):
        provenant.transition_stage(v2["id"], "staging", "stale", expected_version=0)
    with pytest.raises(provenant.NotFoundError, match="not-an-output.bin"):
        provenant.register_model(name, run=run2.id, output="not-an-output.bin")


BIG = 100 * 1024 * 1024


def _big_file(path, size=BIG):
    """``size`` bytes no other test produced (generated here, never committed), and their digest."""
    h = hashlib.sha256()
    block = os.urandom(1024 * 1024)
    with open(path, "wb") as f:
        for i in range(size // len(block)):
            chunk = i.to_bytes(8, "big") + block[8:]
            f.write(chunk)
            h.update(chunk)
    return "sha256:" + h.hexdigest()


def test_given_a_client_without_s3_credentials_then_a_100_mb_output_is_recorded_over_http_and_a_mismatch_stores_nothing(
        client, tmp_path):
    big = tmp_path / "model.bin"
    digest = _big_file(big)

    # 1. the same 100 MB sent under another digest: refused, and neither digest is stored
    claimed = "sha256:" + hashlib.sha256(b"not these bytes " + os.urandom(8)).hexdigest()
    with open(str(big), "rb") as body:
        with pytest.raises(provenant.IntegrityError) as e:
            client.transport.request("PUT", "/api/artifacts/" + claimed, body,
                                     {"Content-Type": "application/octet-stream"}, BIG)
    assert claimed in str(e.value)
    for d in (claimed, digest):
        with pytest.raises(provenant.NotFoundError):
            client.transport.request("HEAD", "/api/artifacts/" + d)

    # 2. a separate process that has only the server's URL and a token (no store credentials, no
    #    PROVENANT_HOME) records a run with the 100 MB output
    script = tmp_path / "train.py"
    script.write_text(
        "import provenant\n"
        "with provenant.start_run(name='big-output') as run:\n"
        "    provenant.log_output('model.bin')\n"
        "print(run.id)\n")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path),
           "PYTHONPATH": os.path.abspath(os.path.join(os.path.dirname(__file__), "..")),
           "PROVENANT_URL": client.url, "PROVENANT_TOKEN": os.environ["PROVENANT_TOKEN"],
           "PYTHONDONTWRITEBYTECODE": "1"}
    assert not any(k.startswith(("PROVENANT_S3", "AWS_")) for k in env)
    import subprocess
    import sys
    p = subprocess.run([sys.executable, str(script)], cwd=str(tmp_path), env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=600)
    out = p.stdout.decode("utf-8", "replace")
    assert p.returncode == 0, out
    run_id = out.strip().splitlines()[-1]
    outputs = client.run(run_id)["outputs"]
    assert [(o["name"], o["digest"], o["sizeBytes"]) for o in outputs] == [("model.bin", digest, BIG)]
    back = client.get_artifact(digest, tmp_path / "back.bin")  # verified against the digest on the way
    assert os.path.getsize(str(back)) == BIG
