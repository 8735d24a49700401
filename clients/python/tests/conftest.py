"""Fixtures: a real Provenant server, given by the environment.

``./mvnw verify`` runs these tests from ``PythonClientIT`` (cli module), which starts a real server
(real PostgreSQL) and sets:

- ``PROVENANT_URL``, ``PROVENANT_TOKEN``: the server and a recorder token;
- ``PROVENANT_TEST_READER_TOKEN``: a reader token of the same server;
- ``PROVENANT_TEST_CLI``: a JSON list, the command line of the ``provenant`` CLI (for the attach test).

By hand: start ``./provenant server`` and run ``PROVENANT_URL=... PROVENANT_TOKEN=... python3 -m pytest``.
"""

import json
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import provenant  # noqa: E402
from provenant import fluent  # noqa: E402


def pytest_report_header(config):
    return "provenant server: %s" % os.environ.get("PROVENANT_URL", "(none: tests will be skipped)")


@pytest.fixture(scope="session")
def server_url():
    url = os.environ.get("PROVENANT_URL")
    if not url or not os.environ.get("PROVENANT_TOKEN"):
        pytest.skip("no server: set PROVENANT_URL and PROVENANT_TOKEN (./mvnw verify does, in PythonClientIT)")
    return url


TEST_DOCUMENTS = os.path.join(os.path.dirname(__file__), "graphql")


@pytest.fixture(scope="session")
def documents():
    """The tests' own GraphQL documents by name: ``tests/graphql/<name>.graphql`` (checked against the
    server's schema by ``ClientDocumentsTest`` in the cli module, like the client's)."""

    def load(name):
        with open(os.path.join(TEST_DOCUMENTS, name + ".graphql"), encoding="utf-8") as f:
            return f.read()

    return load


@pytest.fixture
def client(server_url):
    return provenant.Client(server_url, os.environ["PROVENANT_TOKEN"])


@pytest.fixture
def reader(server_url):
    token = os.environ.get("PROVENANT_TEST_READER_TOKEN")
    if not token:
        pytest.skip("no reader token: set PROVENANT_TEST_READER_TOKEN")
    return provenant.Client(server_url, token, retries=0)


@pytest.fixture
def cli():
    raw = os.environ.get("PROVENANT_TEST_CLI")
    if not raw:
        pytest.skip("no CLI: set PROVENANT_TEST_CLI to the provenant command line as a JSON list")
    return json.loads(raw)


@pytest.fixture(autouse=True)
def fluent_state(monkeypatch, tmp_path, request):
    """Each test: its own working directory, no inherited run, the fluent API on the test client."""
    monkeypatch.delenv("PROVENANT_RUN_ID", raising=False)
    monkeypatch.chdir(tmp_path)
    if "client" in request.fixturenames:
        provenant.set_client(request.getfixturevalue("client"))
    yield
    leftover = list(fluent._stack)
    fluent._stack.clear()
    provenant.set_client(None)
    assert not leftover, "runs left active: %r" % leftover
