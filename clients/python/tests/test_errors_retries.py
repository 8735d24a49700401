"""Typed errors and retries, against the real server (and a flaky proxy in front of it)."""

import http.server
import os
import threading
import urllib.request

import pytest

import provenant
from provenant._transport import Transport


def test_given_a_reader_token_then_recording_is_a_typed_auth_error(reader, tmp_path):
    with pytest.raises(provenant.AuthError) as e:
        reader.start_run("not-allowed", command=["python3"])
    assert isinstance(e.value, provenant.PermissionDeniedError)
    assert "READER" in str(e.value) or "reader" in str(e.value).lower()
    (tmp_path / "f.bin").write_bytes(b"reader bytes")
    with pytest.raises(provenant.PermissionDeniedError) as put:
        reader.put_artifact(tmp_path / "f.bin")
    assert put.value.status == 403
    assert reader.server_info()["role"] == "READER"


def test_given_an_unknown_token_then_auth_error_401(server_url):
    c = provenant.Client(server_url, "not-a-token-0123456789abcdef", retries=0)
    with pytest.raises(provenant.AuthError) as e:
        c.server_info()
    assert e.value.status == 401
    assert not isinstance(e.value, provenant.PermissionDeniedError)


class FlakyProxy:
    """Answers the first ``failures`` requests with 503 (Retry-After: 0), then forwards to the server."""

    def __init__(self, target, failures):
        self.target = target.rstrip("/")
        self.failures = failures
        self.seen = []
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                proxy.seen.append(self.command)
                if len(proxy.seen) <= proxy.failures:
                    self.send_response(503)
                    self.send_header("Retry-After", "0")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                req = urllib.request.Request(proxy.target + self.path, data=body, headers=headers, method=self.command)
                try:
                    with urllib.request.urlopen(req, timeout=60) as r:
                        status, hdrs, data = r.status, r.headers, r.read()
                except urllib.error.HTTPError as e:
                    status, hdrs, data = e.code, e.headers, e.read()
                self.send_response(status)
                for k, v in hdrs.items():
                    if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_HEAD = _any

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_given_a_server_answering_503_then_the_client_retries_and_records(server_url):
    proxy = FlakyProxy(server_url, failures=3)
    try:
        waits = []
        c = provenant.Client(proxy.url, os.environ["PROVENANT_TOKEN"], sleep=waits.append)
        run_id = c.start_run("through-503", command=["python3"], idempotency_key="retry-" + os.urandom(4).hex())
        assert run_id.startswith("run:")
        assert proxy.seen[:4] == ["POST"] * 4
        assert waits[:3] == [0.0, 0.0, 0.0]  # Retry-After: 0 honoured
        c.finish_run(run_id, 0, 1)
        assert c.run(run_id)["status"] == "SUCCEEDED"
    finally:
        proxy.close()


def test_given_a_server_that_stays_unavailable_then_server_unavailable_after_the_retries(server_url):
    proxy = FlakyProxy(server_url, failures=1000)
    try:
        c = provenant.Client(proxy.url, os.environ["PROVENANT_TOKEN"], retries=2, sleep=lambda s: None)
        with pytest.raises(provenant.ServerUnavailableError) as e:
            c.server_info()
        assert e.value.status == 503
        assert len(proxy.seen) == 3
    finally:
        proxy.close()


def test_given_nothing_listening_then_connection_errors_are_retried_then_raised():
    waits = []
    t = Transport("http://127.0.0.1:9", "t", retries=3, backoff=0.01, sleep=waits.append)
    with pytest.raises(provenant.ServerUnavailableError, match="after 4 attempts"):
        t.request("GET", "/actuator/health")
    assert len(waits) == 3
    assert waits[0] < waits[2]  # backoff grows


def test_given_no_url_and_no_local_server_then_discovery_says_how_to_start_one(tmp_path):
    env = {"PROVENANT_HOME": str(tmp_path / "empty-home")}
    with pytest.raises(provenant.ServerUnavailableError, match="provenant server"):
        provenant.Client(env=env)
    home = tmp_path / "home"
    home.mkdir()
    (home / "server.url").write_text("http://127.0.0.1:1234\n")
    (home / "admin.token").write_text("local-admin-token\n")
    c = provenant.Client(env={"PROVENANT_HOME": str(home)})
    assert c.url == "http://127.0.0.1:1234"
    assert c.transport.token == "local-admin-token"
    c2 = provenant.Client(env={"PROVENANT_HOME": str(home), "PROVENANT_URL": "http://h:1/", "PROVENANT_TOKEN": "tk"})
    assert (c2.url, c2.transport.token) == ("http://h:1", "tk")
