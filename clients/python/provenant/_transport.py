"""HTTP to a Provenant server with the standard library: bearer token, JSON, retries.

Transient failures are retried with exponential backoff: a refused or reset connection, a timeout,
HTTP 502/503/504 and 429 (``Retry-After`` is honoured, capped), and GraphQL's
``DATABASE_UNAVAILABLE``. Everything the client sends is safe to resend: mutations carry
idempotency keys or are idempotent on the server. When the retries are used up the last failure is
raised as :class:`ServerUnavailableError`; nothing is dropped silently.
"""

import http.client
import io
import json
import random
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import IO, Any, Callable, Dict, Mapping, Optional, Tuple, Union

from . import __version__
from .errors import (AuthError, IntegrityError, NotFoundError, PayloadTooLargeError, PermissionDeniedError,
                     ProvenantError, ServerError, ServerUnavailableError, ValidationError, for_code)

RETRY_STATUSES = (429, 502, 503, 504)

Body = Union[None, bytes, IO[bytes]]


class Response:
    """Status, headers (lower-case names) and body of one answer."""

    def __init__(self, status: int, headers: Mapping[str, str], body: bytes) -> None:
        self.status = status
        self.headers = {k.lower(): v for k, v in headers.items()}
        self.body = body

    def json(self) -> Any:
        try:
            return json.loads(self.body.decode("utf-8"))
        except ValueError:
            return None


class Transport:
    """One server, one token. ``Transport("http://127.0.0.1:8642", token).request("GET", "/graphql")``"""

    def __init__(self, url: str, token: Optional[str], *, timeout: float = 300.0, retries: int = 6,
                 backoff: float = 0.5, max_backoff: float = 15.0,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.sleep = sleep
        # urllib's default opener follows redirects and reads proxy settings; a redirect of a PUT would
        # drop the body, and tokens must not go to a proxy nobody asked for
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())

    def request(self, method: str, path: str, body: Body = None, headers: Optional[Dict[str, str]] = None,
                length: Optional[int] = None) -> Response:
        """Sends one request, retrying transient failures; raises a typed error for 4xx/5xx answers."""
        attempt = 0
        while True:
            if hasattr(body, "seek"):
                body.seek(0)  # type: ignore[union-attr]
            try:
                res = self._once(method, path, body, headers, length)
            except _Transient as t:
                if attempt >= self.retries:
                    raise ServerUnavailableError(
                        "%s %s%s failed after %d attempts: %s" % (method, self.url, path, attempt + 1, t.reason),
                        status=t.status) from None
                self.sleep(self._delay(attempt, t.retry_after))
                attempt += 1
                continue
            if res.status in RETRY_STATUSES and attempt < self.retries:
                self.sleep(self._delay(attempt, _retry_after(res.headers.get("retry-after"))))
                attempt += 1
                continue
            if res.status >= 400:
                raise _http_error(method, self.url + path, res)
            return res

    def _delay(self, attempt: int, retry_after: Optional[float]) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_backoff * 4)
        base = min(self.backoff * (2 ** attempt), self.max_backoff)
        return base * (0.5 + random.random() / 2)  # jitter: many clients do not retry in step

    def _once(self, method: str, path: str, body: Body, headers: Optional[Dict[str, str]],
              length: Optional[int]) -> Response:
        h = {"User-Agent": "provenant-python/" + __version__, "Accept": "application/json"}
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        if headers:
            h.update(headers)
        if body is not None and length is not None:
            h["Content-Length"] = str(length)
        req = urllib.request.Request(self.url + path, data=body, headers=h, method=method)
        try:
            with self._opener.open(req, timeout=self.timeout) as r:
                return Response(r.status, dict(r.headers.items()), r.read())
        except urllib.error.HTTPError as e:
            try:
                data = e.read()
            except (OSError, http.client.HTTPException):
                data = b""
            return Response(e.code, dict(e.headers.items()) if e.headers else {}, data)
        except urllib.error.URLError as e:
            raise _Transient(str(e.reason)) from None
        except (ConnectionError, socket.timeout, http.client.HTTPException, OSError) as e:
            raise _Transient("%s: %s" % (type(e).__name__, e)) from None


class _Transient(Exception):
    def __init__(self, reason: str, status: Optional[int] = None, retry_after: Optional[float] = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.retry_after = retry_after


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        return None


def _retry_after(value: Optional[str]) -> Optional[float]:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff


def _http_error(method: str, url: str, res: Response) -> ProvenantError:
    doc = res.json()
    message = None
    error = None
    if isinstance(doc, dict):
        message = doc.get("message")
        error = doc.get("error")
    text = message or res.body.decode("utf-8", "replace").strip()[:500] or "HTTP %d" % res.status
    where = "%s %s: " % (method, url)
    if res.status == 401:
        return AuthError(where + text + " (set PROVENANT_TOKEN to a token of this server)", status=401,
                         code="UNAUTHORIZED")
    if res.status == 403:
        return PermissionDeniedError(where + text, status=403, code="FORBIDDEN")
    if res.status == 404:
        return NotFoundError(where + text, status=404, code="NOT_FOUND")
    if res.status == 413:
        return PayloadTooLargeError(where + text, status=413, code="PAYLOAD_TOO_LARGE")
    if res.status == 400 and error == "digest_mismatch":
        return IntegrityError(where + text, status=400, code="DIGEST_MISMATCH")
    if 400 <= res.status < 500:
        return ValidationError(where + text, status=res.status, code=(error or "BAD_REQUEST").upper())
    if res.status in RETRY_STATUSES:
        return ServerUnavailableError(where + text, status=res.status)
    return ServerError(where + text, status=res.status)


def graphql_error(errors: Any) -> ProvenantError:
    """The exception for a GraphQL ``errors`` list (the first error decides the kind)."""
    first = errors[0] if isinstance(errors, list) and errors else {}
    ext = first.get("extensions") or {}
    code = ext.get("classification") or ext.get("code")
    messages = "; ".join(str(e.get("message")) for e in errors if isinstance(e, dict)) or "GraphQL error"
    return for_code(code, messages, field=ext.get("field"))


def quote_id(typed_id: str) -> str:
    """A typed id as a path segment (``sha256:`` keeps its colon)."""
    return urllib.parse.quote(typed_id, safe=":@")


__all__ = ["Transport", "Response", "graphql_error", "quote_id", "io"]
