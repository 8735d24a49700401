"""Which server to talk to, found the way the ``provenant`` CLI finds it.

1. ``PROVENANT_URL`` (with ``PROVENANT_TOKEN``, else the local admin token);
2. else the local server recorded in ``PROVENANT_HOME/server.url`` (``PROVENANT_HOME`` defaults to
   ``~/.provenant``), with ``PROVENANT_TOKEN`` or the admin token in ``PROVENANT_HOME/admin.token``.

Unlike the CLI, the client cannot start a local server (that needs Java): with neither, it says
how to start one.
"""

import os
from pathlib import Path
from typing import Mapping, Optional, Tuple

from .errors import AuthError, ServerUnavailableError


def home(env: Mapping[str, str]) -> Path:
    """``PROVENANT_HOME``, default ``~/.provenant``."""
    h = env.get("PROVENANT_HOME")
    return Path(h if h and h.strip() else os.path.join(os.path.expanduser("~"), ".provenant")).resolve()


def _read(path: Path) -> Optional[str]:
    try:
        text = path.read_text(encoding="utf-8").strip()
        return text or None
    except OSError:
        return None


def locate(env: Optional[Mapping[str, str]] = None) -> Tuple[str, str]:
    """The server's base URL and the token to send. Raises when there is no server or no token."""
    env = os.environ if env is None else env
    h = home(env)
    token = env.get("PROVENANT_TOKEN") or None
    url = env.get("PROVENANT_URL") or None
    if url:
        token = token or _read(h / "admin.token")
        if not token:
            raise AuthError("PROVENANT_URL is set (%s) but no token: set PROVENANT_TOKEN to a token of that server"
                            % url)
        return url.rstrip("/"), token
    url = _read(h / "server.url")
    if not url:
        raise ServerUnavailableError(
            "no Provenant server: PROVENANT_URL is not set and no local server runs on %s (no server.url);"
            " start one with './provenant server', or set PROVENANT_URL and PROVENANT_TOKEN" % h)
    token = token or _read(h / "admin.token")
    if not token:
        raise AuthError("no token: set PROVENANT_TOKEN, or let this user read %s" % (h / "admin.token"))
    return url.rstrip("/"), token
