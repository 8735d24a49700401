"""The explicit client: one object per server, one method per operation.

>>> from provenant import Client
>>> c = Client()                       # PROVENANT_URL/PROVENANT_TOKEN, else the local server
>>> art = c.put_artifact("model.bin")  # hashed here, uploaded over HTTP unless the server has it
>>> art.digest
'sha256:9f86d0...'

The fluent functions (:func:`provenant.start_run`, :func:`provenant.log_metric` ...) use one of
these underneath.
"""

import hashlib
import io
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Mapping, NamedTuple, Optional, Sequence, Union

from . import _discovery
from ._transport import Transport, graphql_error, quote_id
from .errors import (ConflictError, IntegrityError, NotFoundError, ProvenantError, ServerUnavailableError,
                     ValidationError, for_code)

_DOCUMENTS = Path(__file__).resolve().parent / "graphql"
_cache: Dict[str, str] = {}

PathLike = Union[str, "os.PathLike[str]"]


def document(name: str) -> str:
    """The GraphQL document ``provenant/graphql/<name>.graphql``."""
    if name not in _cache:
        _cache[name] = (_DOCUMENTS / (name + ".graphql")).read_text(encoding="utf-8")
    return _cache[name]


class Artifact(NamedTuple):
    """A stored artifact: ``sha256:<hex>``, its size, and whether this call uploaded it."""
    digest: str
    size: int
    uploaded: bool


def _columns(points: Sequence[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    """Consecutive points of one series as one ``MetricSeriesColumnsInput`` (order is kept)."""
    series: List[Dict[str, Any]] = []
    current: Optional[Dict[str, Any]] = None
    for p in points:
        if current is None or current["name"] != p["name"]:
            current = {"name": p["name"], "values": [], "steps": [], "atMillis": []}
            series.append(current)
        current["values"].append(p["value"])
        current["steps"].append(p.get("step"))
        current["atMillis"].append(p.get("atMillis"))
    for s in series:
        for column in ("steps", "atMillis"):
            if all(v is None for v in s[column]):
                del s[column]
    return series


class Client:
    """A Provenant server.

    ``Client()`` finds it as the CLI does (``PROVENANT_URL`` + ``PROVENANT_TOKEN``, else the local
    server in ``PROVENANT_HOME``); ``Client("http://127.0.0.1:8642", token)`` names it.
    Transient failures are retried (``retries`` times, exponential backoff, ``Retry-After``).
    """

    def __init__(self, url: Optional[str] = None, token: Optional[str] = None, *,
                 env: Optional[Mapping[str, str]] = None, timeout: float = 300.0, retries: int = 6,
                 backoff: float = 0.5, sleep: Callable[[float], None] = time.sleep) -> None:
        if url is None:
            url, found = _discovery.locate(env)
            token = token or found
        elif token is None:
            token = (os.environ if env is None else env).get("PROVENANT_TOKEN")
        self.transport = Transport(url, token, timeout=timeout, retries=retries, backoff=backoff, sleep=sleep)

    @property
    def url(self) -> str:
        return self.transport.url

    # --- GraphQL ---

    def graphql(self, query: str, variables: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
        """Runs a GraphQL document; returns ``data``. GraphQL errors become typed exceptions."""
        body = json.dumps({"query": query, "variables": dict(variables or {})}).encode("utf-8")
        t = self.transport
        attempt = 0
        while True:
            res = t.request("POST", "/graphql", body, {"Content-Type": "application/json"}, len(body))
            doc = res.json()
            if not isinstance(doc, dict):
                raise ProvenantError("the server answered %d without JSON: %r" % (res.status, res.body[:200]))
            errors = doc.get("errors")
            if errors:
                err = graphql_error(errors)
                if isinstance(err, ServerUnavailableError) and attempt < t.retries:
                    t.sleep(t._delay(attempt, None))  # nothing was recorded: safe to resend
                    attempt += 1
                    continue
                raise err
            return doc.get("data") or {}

    def _mutate(self, name: str, field: str, variables: Mapping[str, Any]) -> Dict[str, Any]:
        payload = self.graphql(document(name), variables).get(field) or {}
        errors = payload.get("errors") or []
        if errors:
            e = errors[0]
            raise for_code(e.get("code"), "; ".join(x.get("message", "") for x in errors), field=e.get("field"))
        return payload

    def server_info(self) -> Dict[str, Any]:
        """Who the token is: ``{"version", "principal", "role"}``."""
        return self.graphql(document("server_info"))["serverInfo"]

    # --- runs ---

    def start_run(self, name: str, *, command: Sequence[str] = (), parameters: Optional[Mapping[str, Any]] = None,
                  inputs: Sequence[Mapping[str, Any]] = (), code: Optional[Mapping[str, Any]] = None,
                  environment: Optional[Mapping[str, str]] = None, idempotency_key: Optional[str] = None,
                  pipeline_run_id: Optional[str] = None, step_name: Optional[str] = None) -> str:
        """Starts a run; returns its id (``run:<id>``). The same ``idempotency_key`` is the same run."""
        inp: Dict[str, Any] = {"name": name, "command": list(command)}
        if parameters:
            inp["parameters"] = [{"key": k, "value": str(v)} for k, v in sorted(parameters.items())]
        if inputs:
            inp["inputs"] = [dict(i) for i in inputs]
        if code:
            inp["code"] = dict(code)
        if environment:
            inp["environment"] = [{"key": k, "value": v} for k, v in sorted(environment.items())]
        if idempotency_key:
            inp["idempotencyKey"] = idempotency_key
        if pipeline_run_id:
            inp["pipelineRunId"] = pipeline_run_id
        if step_name:
            inp["stepName"] = step_name
        return self._mutate("start_run", "startRun", {"input": inp})["id"]

    def record_parameters(self, run_id: str, parameters: Mapping[str, Any]) -> None:
        """Adds parameters to a running run (the same value again is a no-op; another value a ConflictError)."""
        self._mutate("record_run_parameters", "recordRunParameters", {"input": {
            "runId": run_id, "parameters": [{"key": k, "value": str(v)} for k, v in sorted(parameters.items())]}})

    def record_inputs(self, run_id: str, inputs: Sequence[Mapping[str, Any]]) -> None:
        """Adds inputs (``{"name", "digest", "sizeBytes"}``) to a running run."""
        self._mutate("record_run_inputs", "recordRunInputs", {"input": {"runId": run_id, "inputs": list(inputs)}})

    def record_outputs(self, run_id: str, outputs: Sequence[Mapping[str, Any]]) -> None:
        """Adds outputs (``{"name", "digest", "sizeBytes", "kind"}``) to a running run."""
        self._mutate("record_run_outputs", "recordRunOutputs", {"input": {"runId": run_id, "outputs": list(outputs)}})

    def record_metric_points(self, run_id: str, points: Sequence[Mapping[str, Any]],
                             idempotency_key: Optional[str] = None) -> None:
        """Appends points (``{"name", "value", "step"?, "atMillis"? | "timestamp"?}``) to a running run's metric
        series. Sent as columns (one name, then values, steps and times as lists, per run of points of the
        same series): far less for the server to parse than one object per point. Points with an ISO
        ``timestamp`` go as objects."""
        # the client never reads a batch back: the server need not wait for its read model
        inp: Dict[str, Any] = {"runId": run_id, "awaitReadModel": False}
        if any("timestamp" in p for p in points):
            inp["points"] = list(points)
        else:
            inp["series"] = _columns(points)
        if idempotency_key:
            inp["idempotencyKey"] = idempotency_key
        self._mutate("record_run_metric_series", "recordRunMetricSeries", {"input": inp})

    def renew_lease(self, run_id: str) -> Dict[str, Any]:
        """Renews a running run's lease (its heartbeat): ``{"status", "expiresAt", "leaseSeconds"}``."""
        return self._mutate("renew_run_lease", "renewRunLease", {"runId": run_id})

    def finish_run(self, run_id: str, exit_code: int, duration_ms: int,
                   failure_reason: Optional[str] = None) -> Dict[str, Any]:
        """Ends a run: exit code 0 without a reason succeeds it, anything else fails it."""
        inp: Dict[str, Any] = {"runId": run_id, "exitCode": exit_code, "durationMillis": max(0, int(duration_ms))}
        if failure_reason:
            inp["failureReason"] = failure_reason[:10000]
        return self._mutate("finish_run", "finishRun", {"input": inp}).get("run") or {}

    def run(self, run_id: str) -> Optional[Dict[str, Any]]:
        """A run as the server shows it (None if unknown)."""
        return self.graphql(document("run"), {"id": run_id}).get("run")

    def metric_series(self, run_id: str, name: str) -> List[Dict[str, Any]]:
        """The points of one metric series: ``[{"step", "value", "timestamp"}]``."""
        r = self.graphql(document("metric_series"), {"id": run_id, "name": name}).get("run")
        if r is None:
            raise NotFoundError("Run '%s' not found." % run_id, code="NOT_FOUND")
        return r["metricSeries"]

    # --- models ---

    def register_model(self, name: str, run_id: str, output_name: str, version: Optional[str] = None,
                       description: Optional[str] = None) -> Dict[str, Any]:
        """Registers ``output_name`` of ``run_id`` as ``model:<name>@<version>``; the version defaults to the
        next integer after the highest numeric one of that name."""
        explicit = version is not None
        for _ in range(5):
            v = version if explicit else str(self._next_version(name))
            inp: Dict[str, Any] = {"name": name, "version": v, "runId": run_id, "outputName": output_name}
            if description:
                inp["description"] = description
            try:
                return self._mutate("register_model_version", "registerModelVersion", {"input": inp})["modelVersion"]
            except ConflictError:
                if explicit:
                    raise
                # someone registered that version first: take the next one
        raise ConflictError("could not find a free version of model '%s' after 5 tries" % name)

    def _next_version(self, name: str) -> int:
        highest = 0
        after = None
        while True:
            page = self.graphql(document("model_versions"), {"name": name, "after": after})["modelVersions"]
            for e in page["edges"]:
                v = e["node"]["version"]
                if v.isdigit():
                    highest = max(highest, int(v))
            if not page["pageInfo"]["hasNextPage"]:
                return highest + 1
            after = page["pageInfo"]["endCursor"]

    def transition_stage(self, model: str, stage: str, reason: str, *, expected_version: Optional[int] = None,
                         idempotency_key: Optional[str] = None) -> Dict[str, Any]:
        """Moves ``model:<name>@<version>`` to ``stage`` (NONE, STAGING, PRODUCTION, ARCHIVED) with a reason."""
        inp: Dict[str, Any] = {"id": model, "to": stage.upper(), "reason": reason}
        if expected_version is not None:
            inp["expectedVersion"] = expected_version
        if idempotency_key:
            inp["idempotencyKey"] = idempotency_key
        return self._mutate("transition_model_stage", "transitionModelStage", {"input": inp})["modelVersion"]

    # --- artifacts over HTTP ---

    def put_artifact(self, source: Union[PathLike, bytes]) -> Artifact:
        """Stores a file (or bytes) in the server's artifact store over HTTP: hashed here first, uploaded
        streamed unless the server already has it; the server verifies the digest before storing."""
        if isinstance(source, (bytes, bytearray)):
            data = bytes(source)
            hexd = hashlib.sha256(data).hexdigest()
            return self._put("sha256:" + hexd, len(data), lambda: io.BytesIO(data))
        path = os.fspath(source)
        if not os.path.isfile(path):
            raise ValidationError("'%s' is not a file" % path if os.path.exists(path) else "'%s' does not exist" % path)
        from ._environment import file_digest
        hexd, size = file_digest(path)
        return self._put("sha256:" + hexd, size, lambda: open(path, "rb"))

    def _put(self, digest: str, size: int, opener: Callable[[], Any]) -> Artifact:
        path = "/api/artifacts/" + quote_id(digest)
        try:
            self.transport.request("HEAD", path)
            return Artifact(digest, size, False)
        except NotFoundError:
            pass
        with opener() as body:
            res = self.transport.request("PUT", path, body, {"Content-Type": "application/octet-stream"}, size)
        doc = res.json() or {}
        if doc.get("digest") != digest:
            raise IntegrityError("the server stored %s as %s" % (digest, doc.get("digest")))
        return Artifact(digest, int(doc.get("size", size)), bool(doc.get("stored")))

    def get_artifact(self, digest: str, target: PathLike) -> Path:
        """Writes an artifact to ``target``, verifying its digest (nothing is left behind on a mismatch)."""
        res = self.transport.request("GET", "/api/artifacts/" + quote_id(digest))
        actual = "sha256:" + hashlib.sha256(res.body).hexdigest()
        if actual != digest:
            raise IntegrityError("artifact %s arrived as %s; not written" % (digest, actual))
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=str(target.parent), prefix="." + target.name + ".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(res.body)
            os.replace(tmp, target)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        return target
