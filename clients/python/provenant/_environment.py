"""The environment fingerprint of this interpreter, with the property names the CLI records for a
Python step (``recorder/.../run/EnvironmentCapture.java``), so a run recorded from Python and one
recorded by ``provenant run -- python3 ...`` compare property by property.

The full list of installed distributions goes into a JSON document of the same format
(``provenant-python-environment 1``), stored as an artifact; ``python.environment`` is its digest.
"""

import hashlib
import json
import os
import platform
import re
import sys
from typing import Dict, Mapping, Tuple

PYTHON_FORMAT = "provenant-python-environment 1"
DEFAULT_ALLOWLIST = ("LANG", "LC_ALL", "TZ", "PYTHONHASHSEED", "OMP_NUM_THREADS", "CUDA_VISIBLE_DEVICES")
SECRET_MARKERS = ("TOKEN", "SECRET", "PASSWORD", "PASSWD", "KEY", "CREDENTIAL")
LOCKFILES = ("pom.xml", "build.gradle", "gradle.lockfile", "package-lock.json", "yarn.lock", "pnpm-lock.yaml",
             "requirements.txt", "poetry.lock", "Pipfile.lock", "uv.lock", "environment.yml", "conda-lock.yml",
             "Cargo.lock", "go.sum")
_CLIP = 1024


def _clip(s: str) -> str:
    return s if len(s) <= _CLIP else s[:_CLIP] + "…"


def is_secret(name: str) -> bool:
    """Names containing TOKEN, SECRET, PASSWORD, PASSWD, KEY or CREDENTIAL are never recorded."""
    u = name.upper()
    return any(m in u for m in SECRET_MARKERS)


def allowlist(env: Mapping[str, str]) -> Tuple[str, ...]:
    raw = env.get("PROVENANT_ENV_ALLOWLIST")
    names = DEFAULT_ALLOWLIST if not raw or not raw.strip() else tuple(raw.split(","))
    out = []
    for n in names:
        n = n.strip()
        if n and not is_secret(n) and n not in out:
            out.append(n)
    return tuple(out)


def _java_arch(machine: str) -> str:
    # Java's os.arch spelling, which the CLI records
    return {"x86_64": "amd64", "AMD64": "amd64", "i386": "x86", "i686": "x86", "arm64": "aarch64"}.get(
        machine, machine)


def packages() -> Dict[str, str]:
    """Installed distributions, name (normalised as the CLI does) → version; the first on sys.path wins."""
    from importlib import metadata
    out: Dict[str, str] = {}
    for dist in metadata.distributions():
        try:
            name = dist.metadata["Name"]
            version = dist.version
        except Exception:  # a broken METADATA must not stop a run
            continue
        if name:
            out.setdefault(re.sub(r"[-_.]+", "-", name).lower(), version or "?")
    return dict(sorted(out.items()))


def python_document() -> bytes:
    """The canonical JSON document of this interpreter and its distributions (sorted keys, compact)."""
    doc = {
        "format": PYTHON_FORMAT,
        "executable": sys.executable,
        "version": "%d.%d.%d" % tuple(sys.version_info[:3]),
        "implementation": sys.implementation.name,
        "platform": sys.platform,
        "prefix": sys.prefix,
        "basePrefix": getattr(sys, "base_prefix", sys.prefix),
        "packages": packages(),
    }
    if os.environ.get("CONDA_PREFIX"):
        doc["condaPrefix"] = os.environ["CONDA_PREFIX"]
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def fingerprint(document_digest: str, document: bytes, workdir: str,
                env: Mapping[str, str]) -> Dict[str, str]:
    """The properties sent with a run: OS, interpreter summary, lockfile digests, allow-listed variables."""
    doc = json.loads(document.decode("utf-8"))
    facts = {
        "os.name": platform.system(),
        "os.arch": _java_arch(platform.machine()),
        "python.environment": document_digest,
        "python.executable": _clip(doc["executable"]),
        "python.version": doc["version"],
        "python.implementation": doc["implementation"],
        "python.prefix": _clip(doc["prefix"]),
        "python.packages": str(len(doc["packages"])),
    }
    if doc["basePrefix"] != doc["prefix"]:
        facts["python.base_prefix"] = _clip(doc["basePrefix"])
    if "condaPrefix" in doc:
        facts["python.conda_prefix"] = _clip(doc["condaPrefix"])
    for lock in LOCKFILES:
        p = os.path.join(workdir, lock)
        if os.path.isfile(p):
            facts["lockfile." + lock] = "sha256:" + file_digest(p)[0]
    image = env.get("PROVENANT_CONTAINER_IMAGE_DIGEST")
    if image and image.strip():
        facts["container.image"] = image
    for n in allowlist(env):
        v = env.get(n)
        if v is not None and "\n" not in v and len(v) <= 4096:
            facts["env." + n] = v
    return facts


def file_digest(path: str) -> Tuple[str, int]:
    """SHA-256 hex and size of a file, read in 1 MiB blocks."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while True:
            block = f.read(1 << 20)
            if not block:
                break
            h.update(block)
            size += len(block)
    return h.hexdigest(), size
