"""The few-lines API: runs as context managers and decorators, and ``log_*`` functions.

>>> import provenant
>>> with provenant.start_run(name="train", params={"lr": 0.1}, inputs=["data/train.csv"]) as run:
...     for epoch in range(50):
...         provenant.log_metric("loss", 1 / (epoch + 1), step=epoch)
...     provenant.log_output("model.bin")
...     provenant.register_model("churn", output="model.bin")

The only global state is the stack of active runs (per process). Under ``provenant run`` (the
CLI sets ``PROVENANT_RUN_ID``) the outermost run is the CLI's: the client attaches to it instead
of starting one, and leaves finishing it to the CLI.
"""

import atexit
import datetime
import functools
import json
import math
import os
import subprocess
import sys
import threading
import time
import traceback
import uuid
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, TypeVar, Union

from . import _environment
from .client import Artifact, Client, PathLike
from .errors import ProvenantError, ValidationError

MANIFEST_HEADER = "provenant-manifest 1\n"
FLUSH_POINTS = 1000
FLUSH_SECONDS = 2.0
_SKIP_DIRS = {".git", "__pycache__", ".mypy_cache", ".pytest_cache", ".venv", "venv", "node_modules"}

_lock = threading.RLock()
_stack: List["Run"] = []
_default_client: Optional[Client] = None
_uncaught: Optional[BaseException] = None

F = TypeVar("F", bound=Callable[..., Any])


def _client(client: Optional[Client] = None) -> Client:
    global _default_client
    if client is not None:
        return client
    with _lock:
        if _default_client is None:
            _default_client = Client()
        return _default_client


def set_client(client: Optional[Client]) -> None:
    """Use ``client`` for the fluent functions from now on (None: find the server again on next use)."""
    global _default_client
    with _lock:
        _default_client = client


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _name_of(path: str) -> str:
    """A path as the run records it: relative to the working directory when inside it (POSIX form)."""
    full = os.path.abspath(path)
    rel = os.path.relpath(full, os.getcwd())
    if rel == os.curdir or rel.startswith(os.pardir + os.sep) or rel == os.pardir:
        return full.replace(os.sep, "/")
    return rel.replace(os.sep, "/")


def _files(path: str) -> List[str]:
    """A file, or the regular files below a directory (sorted; caches and VCS directories left out)."""
    if os.path.isfile(path):
        return [path]
    if not os.path.isdir(path):
        raise ValidationError("'%s' does not exist" % path)
    out = []
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        for f in sorted(files):
            p = os.path.join(root, f)
            if os.path.isfile(p) and not os.path.islink(p):
                out.append(p)
    return out


def _store(client: Client, path: str, name: Optional[str]) -> List[Tuple[str, Artifact]]:
    """Uploads a file or every file of a directory; returns (recorded name, artifact) pairs."""
    files = _files(path)
    base = name if name is not None else _name_of(path)
    out = []
    for f in files:
        if os.path.isfile(path):
            n = base
        else:
            n = base.rstrip("/") + "/" + os.path.relpath(f, path).replace(os.sep, "/")
        out.append((n, client.put_artifact(f)))
    return out


def _git(args: Sequence[str]) -> Optional[str]:
    try:
        r = subprocess.run(["git"] + list(args), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=10,
                           check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return r.stdout.decode("utf-8", "replace").strip() if r.returncode == 0 else None


def _user_code() -> List[str]:
    """The running script and the modules it loaded from outside the interpreter's installation
    (site-packages, the standard library) and outside this package: the code the run executes."""
    script = sys.argv[0] if sys.argv and sys.argv[0] else ""
    out = [os.path.abspath(script)] if script and os.path.isfile(script) else []
    installed = {os.path.abspath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix,
                                             getattr(sys, "base_exec_prefix", sys.exec_prefix))}
    installed.add(os.path.dirname(os.path.abspath(__file__)))
    for m in list(sys.modules.values()):
        f = getattr(m, "__file__", None)
        if not f or not f.endswith(".py") or not os.path.isfile(f):
            continue
        f = os.path.abspath(f)
        if "site-packages" in f or "dist-packages" in f or any(f.startswith(p + os.sep) for p in installed):
            continue
        if f not in out:
            out.append(f)
    return out


def _code(client: Client, paths: Optional[Sequence[PathLike]]) -> Optional[Dict[str, Any]]:
    """A code snapshot (a manifest in the CLI's canonical format, stored with its files) plus git facts."""
    if paths is None:
        paths = _user_code()
    entries = []
    for p in paths:
        p = os.fspath(p)
        for f in _files(p):
            rel = _name_of(f)
            if rel.startswith("/"):
                rel = os.path.basename(f)  # outside the working directory: by its name
            if rel.encode("utf-8") in {e[0] for e in entries}:
                continue  # two files of one name outside the working directory: the first is kept
            art = client.put_artifact(f)
            mode = "100755" if os.access(f, os.X_OK) else "100644"
            entries.append((rel.encode("utf-8"), "%s\t%s\t%d\t%s\n" % (mode, art.digest, art.size, rel)))
    if not entries:
        return None
    entries.sort(key=lambda e: e[0])
    seen = set()
    body = MANIFEST_HEADER
    for key, line in entries:
        if key not in seen:
            seen.add(key)
            body += line
    manifest = client.put_artifact(body.encode("utf-8"))
    code: Dict[str, Any] = {"snapshotDigest": manifest.digest}
    commit = _git(["rev-parse", "HEAD"])
    if commit:
        code["commit"] = commit
        branch = _git(["rev-parse", "--abbrev-ref", "HEAD"])
        if branch and branch != "HEAD":
            code["branch"] = branch
        remote = _git(["config", "--get", "remote.origin.url"])
        if remote:
            code["repository"] = remote
        code["dirty"] = bool(_git(["status", "--porcelain"]))
    return code


def _failure(exc: BaseException) -> Tuple[int, str]:
    """Exit code and failure reason for an exception that left a run."""
    if isinstance(exc, KeyboardInterrupt):
        return 130, "interrupted (KeyboardInterrupt)"
    if isinstance(exc, SystemExit):
        code = exc.code
        return (code if isinstance(code, int) else 1), "exited with %r" % (code,)
    text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    tb = traceback.extract_tb(exc.__traceback__)
    if tb:
        last = tb[-1]
        text += "\n  at %s:%d in %s" % (last.filename, last.lineno, last.name)
    return 1, text[:10000]


class Run:
    """A run being recorded. Use it as a context manager; ``log_*`` methods record onto it."""

    def __init__(self, client: Client, run_id: str, name: str, *, attached: bool) -> None:
        self.client = client
        self.id = run_id
        self.name = name
        self.attached = attached
        self.implicit = False  # attached by a log_* call, not by start_run
        self.ended = False
        self._started = time.monotonic()
        self._points: List[Dict[str, Any]] = []
        self._pending: Optional[Tuple[str, List[Dict[str, Any]]]] = None
        self._last_flush = time.monotonic()
        self._outputs: Dict[str, Artifact] = {}
        self.params: Dict[str, str] = {}  # the run's parameters as this process knows them
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._heartbeat: Optional[threading.Thread] = None

    def _start_heartbeat(self, interval: float) -> None:
        """Renews the run's lease every third of it while the run is open (the server closes a run
        whose lease runs out as ABANDONED). Attached runs are the CLI's to renew."""
        def beat() -> None:
            nonlocal interval
            warned = False
            while not self._stop.wait(interval):
                try:
                    lease = self.client.renew_lease(self.id)
                    seconds = lease.get("leaseSeconds")
                    if seconds:
                        interval = _beat_interval(float(seconds))
                    warned = False
                except Exception as e:  # noqa: BLE001 - the user's program goes on; said once
                    if not warned:
                        sys.stderr.write("provenant: could not renew the lease of %s: %s\n" % (self.id, e))
                        warned = True
                    interval = min(interval, 5.0)
        self._heartbeat = threading.Thread(target=beat, name="provenant-heartbeat", daemon=True)
        self._heartbeat.start()

    def __repr__(self) -> str:
        return "Run(%r, name=%r%s)" % (self.id, self.name, ", attached" if self.attached else "")

    # --- recording ---

    def log_param(self, key: str, value: Any) -> None:
        """Records one parameter (``str(value)``); a different value for a recorded key is a ConflictError."""
        self.log_params({key: value})

    def log_params(self, params: Mapping[str, Any]) -> None:
        """Records several parameters in one request."""
        if params:
            given = {k: str(v) for k, v in params.items()}
            self.client.record_parameters(self.id, given)
            self.params.update(given)

    def log_metric(self, name: str, value: float, step: Optional[int] = None,
                   timestamp: Optional[datetime.datetime] = None) -> None:
        """Appends a point to the series ``name``; points are sent in batches (every 1000 points or 2 s,
        and when the run ends). The latest value is also the run's metric ``name``."""
        if not isinstance(name, str) or not name or len(name) > 250:
            raise ValidationError("metric name must be 1-250 characters, not %r" % (name,))
        try:
            v = float(value)
        except (TypeError, ValueError):
            raise ValidationError("metric '%s' must be a number, not %r" % (name, value)) from None
        if math.isnan(v) or math.isinf(v):
            raise ValidationError("metric '%s' must be a finite number, not %r" % (name, value))
        if step is not None and (isinstance(step, bool) or not isinstance(step, int) or step < 0):
            raise ValidationError("metric '%s': step must be an integer, 0 or more, not %r" % (name, step))
        point: Dict[str, Any] = {"name": name, "value": v}
        if step is not None:
            point["step"] = step
        if timestamp is not None:
            ts = timestamp if timestamp.tzinfo else timestamp.replace(tzinfo=datetime.timezone.utc)
            point["timestamp"] = ts.astimezone(datetime.timezone.utc).isoformat().replace("+00:00", "Z")
        else:
            point["atMillis"] = int(time.time() * 1000)
        with self._lock:
            self._points.append(point)
            due = len(self._points) >= FLUSH_POINTS or time.monotonic() - self._last_flush >= FLUSH_SECONDS
        if due:
            self.flush()

    def log_metrics(self, metrics: Mapping[str, float], step: Optional[int] = None) -> None:
        """``log_metric`` for each item, with the same step."""
        for k, v in metrics.items():
            self.log_metric(k, v, step)

    def flush(self) -> None:
        """Sends buffered metric points now. A batch that failed is resent with the same idempotency key,
        so a retry after a lost answer records nothing twice."""
        with self._lock:
            while True:
                if self._pending is None:
                    if not self._points:
                        break
                    batch, self._points = self._points[:FLUSH_POINTS], self._points[FLUSH_POINTS:]
                    self._pending = (self.id + ":" + uuid.uuid4().hex, batch)
                key, batch = self._pending
                self.client.record_metric_points(self.id, batch, key)
                self._pending = None
            self._last_flush = time.monotonic()

    def log_input(self, path: PathLike, name: Optional[str] = None) -> List[Artifact]:
        """Uploads a file (or each file of a directory) over HTTP and records it as an input."""
        stored = _store(self.client, os.fspath(path), name)
        self.client.record_inputs(self.id, [{"name": n, "digest": a.digest, "sizeBytes": a.size} for n, a in stored])
        return [a for _, a in stored]

    def log_output(self, path: PathLike, name: Optional[str] = None) -> List[Artifact]:
        """Uploads a file (or each file of a directory) over HTTP and records it as an output."""
        self.flush()
        stored = _store(self.client, os.fspath(path), name)
        self.client.record_outputs(
            self.id, [{"name": n, "digest": a.digest, "sizeBytes": a.size, "kind": "FILE"} for n, a in stored])
        for n, a in stored:
            self._outputs[n] = a
        return [a for _, a in stored]

    def register_model(self, name: str, output: PathLike, version: Optional[str] = None,
                       description: Optional[str] = None) -> Dict[str, Any]:
        """Registers an output of this run as a model version (logging the output first if needed)."""
        skipped = _replay_skip("register_model(%r)" % name)
        if skipped is not None:
            return skipped
        out = os.fspath(output)
        recorded = _name_of(out) if os.path.exists(out) else out
        if recorded not in self._outputs and os.path.isfile(out):
            self.log_output(out)
        return self.client.register_model(name, self.id, recorded, version, description)

    # --- lifecycle ---

    def end(self, exc: Optional[BaseException] = None) -> None:
        """Flushes, then (unless attached to the CLI's run) finishes the run: SUCCEEDED, or FAILED with the
        exception's text."""
        if self.ended:
            return
        self.ended = True
        self._stop.set()
        try:
            self.flush()
        finally:
            _pop(self)
            if not self.attached:
                ms = int((time.monotonic() - self._started) * 1000)
                if exc is None or (isinstance(exc, SystemExit) and exc.code in (0, None)):
                    self.client.finish_run(self.id, 0, ms)
                else:
                    code, reason = _failure(exc)
                    self.client.finish_run(self.id, code if code != 0 else 1, ms, reason)

    def __enter__(self) -> "Run":
        return self

    def __exit__(self, exc_type: Any, exc: Optional[BaseException], tb: Any) -> bool:
        try:
            self.end(exc)
        except ProvenantError as e:
            if exc is None:
                raise
            # the block's own exception propagates; the recording failure is reported, not dropped
            sys.stderr.write("provenant: could not record the failure of %s: %s\n" % (self.id, e))
        return False


def _beat_interval(lease_seconds: float) -> float:
    """A third of the lease, at least 0.2 s and at most 30 s (as the CLI's heartbeat)."""
    return max(0.2, min(lease_seconds / 3, 30.0))


def _push(run: Run) -> None:
    with _lock:
        _stack.append(run)


def _pop(run: Run) -> None:
    with _lock:
        if run in _stack:
            _stack.remove(run)


def active_run() -> Optional[Run]:
    """The innermost active run, or None."""
    with _lock:
        return _stack[-1] if _stack else None


def _attach_id(env: Optional[Mapping[str, str]] = None) -> Optional[str]:
    v = (os.environ if env is None else env).get("PROVENANT_RUN_ID")
    return v.strip() if v and v.strip() else None


def cli_params(env: Optional[Mapping[str, str]] = None) -> Dict[str, str]:
    """The parameters ``provenant run --param K=V`` (or a pipeline step's ``params``) gave this process:
    the JSON file named by ``PROVENANT_PARAMS_FILE``, keys as given (``learning-rate``, not
    ``PARAM_LEARNING_RATE``), values as strings. Empty when not run by the CLI; a file that is
    missing or not a JSON object of strings is a ValidationError (never silently ignored)."""
    path = (os.environ if env is None else env).get("PROVENANT_PARAMS_FILE")
    if not path:
        return {}
    try:
        with open(path, "r", encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        raise ValidationError("cannot read the parameters file PROVENANT_PARAMS_FILE=%s: %s" % (path, e))
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise ValidationError("PROVENANT_PARAMS_FILE=%s is not a JSON object of strings" % path)
    return dict(data)


def params() -> Dict[str, str]:
    """The active run's parameters: under ``provenant run`` those of ``--param`` (read from
    ``PROVENANT_PARAMS_FILE``) plus any logged since; else those given to ``start_run``/``log_param(s)``
    in this process; ``{}`` outside a run.

    >>> lr = float(provenant.params().get("lr", "0.01"))
    """
    run = active_run()
    if run is not None:
        return dict(run.params)
    return cli_params()


def _default_name() -> str:
    script = sys.argv[0] if sys.argv and sys.argv[0] not in ("", "-c", "-m") else ""
    return os.path.basename(script) if script else "python"


def start_run(name: Optional[str] = None, *, params: Optional[Mapping[str, Any]] = None,
              inputs: Sequence[PathLike] = (), code: Optional[Sequence[PathLike]] = None,
              client: Optional[Client] = None, idempotency_key: Optional[str] = None) -> Run:
    """Starts recording a run and makes it the active one; use it with ``with``.

    ``inputs`` are uploaded and recorded before the block runs; ``code`` are the files (or
    directories) whose snapshot is the run's code (default: the running script). The environment
    (interpreter, installed distributions, OS, allow-listed variables) is captured as the CLI does.
    An exception leaving the block records the run FAILED with the exception's text.

    Under ``provenant run`` (``PROVENANT_RUN_ID`` set) the outermost ``start_run`` attaches to the
    CLI's run: its params and inputs are added to that run, and the CLI finishes it. A ``start_run``
    inside another is a step of it (its own run, part of the outer one).

    >>> with provenant.start_run(name="train", params={"seed": 7}, inputs=["data/train.csv"]) as run:
    ...     provenant.log_metric("loss", 0.3, step=1)
    """
    c = _client(client)
    parent = active_run()
    if parent is not None and parent.implicit:
        # attached on first use by a log_* call outside any block: this block is the same run
        parent.end()
        parent = None
    attach = _attach_id() if parent is None else None
    if attach is not None:
        run = Run(c, attach, name or _default_name(), attached=True)
        run.params.update(cli_params())
        if params:
            run.log_params(params)
        for p in inputs:
            run.log_input(p)
        _push(run)
        return run
    stored: List[Dict[str, Any]] = []
    for p in inputs:
        stored += [{"name": n, "digest": a.digest, "sizeBytes": a.size} for n, a in _store(c, os.fspath(p), None)]
    document = _environment.python_document()
    env_doc = c.put_artifact(document)
    environment = _environment.fingerprint(env_doc.digest, document, os.getcwd(), os.environ)
    run_name = name or _default_name()
    command = [os.path.basename(sys.executable) or "python3"] + list(sys.argv) if sys.argv and sys.argv[0] else []
    run_id = c.start_run(
        run_name,
        command=command,
        parameters={k: str(v) for k, v in (params or {}).items()},
        inputs=stored,
        code=_code(c, code),
        environment=environment,
        idempotency_key=idempotency_key or "python:" + uuid.uuid4().hex,
        pipeline_run_id=parent.id if parent is not None else None,
        step_name=run_name if parent is not None else None)
    run = Run(c, run_id, run_name, attached=False)
    run.params.update({k: str(v) for k, v in (params or {}).items()})
    try:
        # the first renewal says how long the server's lease is: renew every third of it
        lease = c.renew_lease(run_id).get("leaseSeconds")
    except ProvenantError as e:
        sys.stderr.write("provenant: could not renew the lease of %s: %s\n" % (run_id, e))
        lease = None
    run._start_heartbeat(_beat_interval(float(lease)) if lease else 30.0)
    _push(run)
    return run


def step(name: Optional[str] = None, *, inputs: Sequence[PathLike] = (), outputs: Sequence[PathLike] = (),
         params: Optional[Mapping[str, Any]] = None, code: Optional[Sequence[PathLike]] = None) -> Callable[[F], F]:
    """Records each call of the function as a run: ``inputs`` stored before, ``outputs`` after (a missing
    one fails the run, as ``provenant run`` does), an exception fails it.

    >>> @provenant.step(inputs=["data/raw.csv"], outputs=["data/features.csv"])
    ... def features():
    ...     ...
    """
    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with start_run(name or fn.__name__, params=params, inputs=inputs, code=code) as run:
                result = fn(*args, **kwargs)
                missing = [os.fspath(o) for o in outputs if not os.path.exists(os.fspath(o))]
                if missing:
                    raise ProvenantError("step '%s' did not produce its declared output%s: %s"
                                         % (run.name, "s" if len(missing) > 1 else "", ", ".join(missing)))
                for o in outputs:
                    run.log_output(o)
                return result
        return wrapper  # type: ignore[return-value]
    return decorate


def _run_for_logging() -> Run:
    run = active_run()
    if run is not None:
        return run
    attach = _attach_id()
    if attach is not None:
        # a script under `provenant run` that never calls start_run: attach on first use
        run = Run(_client(), attach, _default_name(), attached=True)
        run.params.update(cli_params())
        run.implicit = True
        _push(run)
        return run
    raise ProvenantError("no active run: wrap the code in 'with provenant.start_run(...):', decorate it with"
                         " @provenant.step, or run the script under 'provenant run'")


def log_param(key: str, value: Any) -> None:
    """Records a parameter of the active run. ``provenant.log_param("lr", 0.1)``"""
    _run_for_logging().log_param(key, value)


def log_params(params: Mapping[str, Any]) -> None:
    """Records parameters of the active run. ``provenant.log_params({"lr": 0.1, "epochs": 5})``"""
    _run_for_logging().log_params(params)


def log_metric(name: str, value: float, step: Optional[int] = None) -> None:
    """Appends a point to a metric series of the active run. ``provenant.log_metric("loss", 0.3, step=2)``"""
    _run_for_logging().log_metric(name, value, step)


def log_metrics(metrics: Mapping[str, float], step: Optional[int] = None) -> None:
    """Appends one point per metric. ``provenant.log_metrics({"loss": 0.3, "acc": 0.9}, step=2)``"""
    _run_for_logging().log_metrics(metrics, step)


def log_input(path: PathLike, name: Optional[str] = None) -> List[Artifact]:
    """Uploads and records an input of the active run. ``provenant.log_input("data/train.csv")``"""
    return _run_for_logging().log_input(path, name)


def log_output(path: PathLike, name: Optional[str] = None) -> List[Artifact]:
    """Uploads and records an output of the active run. ``provenant.log_output("model.bin")``"""
    return _run_for_logging().log_output(path, name)


def flush() -> None:
    """Sends the active run's buffered metric points now."""
    run = active_run()
    if run is not None:
        run.flush()


def _replay_skip(what: str) -> Optional[Dict[str, Any]]:
    """Under a replay (``PROVENANT_REPLAY_OF``, set by ``provenant replay-run``) models are not
    registered or moved again: a replay re-executes the computation to compare it, it does not
    publish. Returns the placeholder to hand back, or None when not replaying."""
    original = os.environ.get("PROVENANT_REPLAY_OF")
    if not original:
        return None
    sys.stderr.write("provenant: %s skipped: this is a replay of %s\n" % (what, original))
    return {"id": None, "skipped": True, "replayOf": original}


def register_model(name: str, run: Union[Run, str, None] = None, output: Optional[PathLike] = None,
                   version: Optional[str] = None, description: Optional[str] = None) -> Dict[str, Any]:
    """Registers an output of a run (default: the active run) as a model version; returns it
    (``id`` is ``model:<name>@<version>``; the version defaults to the next integer).

    >>> provenant.register_model("churn", output="model.bin")
    """
    if output is None:
        raise ValidationError("register_model needs output=: the path (or recorded name) of the run's output")
    skipped = _replay_skip("register_model(%r)" % name)
    if skipped is not None:
        return skipped
    if run is None or isinstance(run, Run):
        return (run or _run_for_logging()).register_model(name, output, version, description)
    out = os.fspath(output)
    return _client().register_model(name, run, _name_of(out) if os.path.exists(out) else out, version, description)


def transition_stage(model: Union[str, Mapping[str, Any]], stage: str, reason: str, *,
                     expected_version: Optional[int] = None, idempotency_key: Optional[str] = None) -> Dict[str, Any]:
    """Moves a model version to a stage (STAGING, PRODUCTION, ARCHIVED) with a reason.

    >>> provenant.transition_stage("model:churn@3", "production", "beat v2 on the holdout")
    """
    skipped = _replay_skip("transition_stage(%r)" % (model,))
    if skipped is not None:
        return skipped
    model_id = model["id"] if isinstance(model, Mapping) else model
    return _client().transition_stage(model_id, stage, reason, expected_version=expected_version,
                                      idempotency_key=idempotency_key)


# At exit: send what is buffered, and end runs started without `with` (failed if an exception ended
# the script). Nothing is dropped silently: a failure here is printed.
_previous_hook = sys.excepthook


def _excepthook(exc_type: Any, exc: BaseException, tb: Any) -> None:
    global _uncaught
    _uncaught = exc
    _previous_hook(exc_type, exc, tb)


sys.excepthook = _excepthook


@atexit.register
def _at_exit() -> None:
    while True:
        run = active_run()
        if run is None:
            return
        try:
            run.end(_uncaught)
        except Exception as e:  # noqa: BLE001 - reported, never swallowed silently
            sys.stderr.write("provenant: could not record the end of %s: %s\n" % (run.id, e))
            _pop(run)
