"""The exceptions the client raises: one root, a few kinds below it.

Every error carries what the server said (``message``), and where it applies the HTTP ``status``
and the GraphQL ``code`` (``INVALID_INPUT``, ``CONFLICT``, ``NOT_FOUND``, ``FORBIDDEN``...).

>>> try:
...     provenant.log_metric("loss", float("nan"))
... except provenant.ValidationError as e:
...     print(e)
"""

from typing import Optional


class ProvenantError(Exception):
    """Root of every error this package raises."""

    def __init__(self, message: str, *, status: Optional[int] = None, code: Optional[str] = None,
                 field: Optional[str] = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.field = field


class AuthError(ProvenantError):
    """No token, an unknown token (HTTP 401), or a token whose role may not do this (403/FORBIDDEN)."""


class PermissionDeniedError(AuthError):
    """The token is valid but its role may not do this (a reader recording, a recorder replaying)."""


class ValidationError(ProvenantError):
    """The server (or this client, before sending) refused the input; nothing was recorded."""


class PayloadTooLargeError(ValidationError):
    """A body over the server's limit (HTTP 413); the message names the setting that raises it."""


class NotFoundError(ProvenantError):
    """The run, model or artifact does not exist."""


class ConflictError(ProvenantError):
    """The input contradicts what is recorded (another digest for an output, a stale model version...)."""


class IntegrityError(ProvenantError):
    """Bytes did not hash to the digest they were sent or fetched as; nothing was stored."""


class ServerUnavailableError(ProvenantError):
    """The server could not be reached or stayed unavailable (503) after every retry."""


class ServerError(ProvenantError):
    """The server failed in an unexpected way (HTTP 5xx, or a GraphQL error of no known kind)."""


_BY_CODE = {
    "INVALID_INPUT": ValidationError,
    "BAD_REQUEST": ValidationError,
    "CONFLICT": ConflictError,
    "NOT_FOUND": NotFoundError,
    "FORBIDDEN": PermissionDeniedError,
    "UNAUTHORIZED": AuthError,
    "DATABASE_UNAVAILABLE": ServerUnavailableError,
}


def for_code(code: Optional[str], message: str, *, status: Optional[int] = None,
             field: Optional[str] = None) -> ProvenantError:
    """The exception for a server error code (unknown codes become :class:`ServerError`)."""
    cls = _BY_CODE.get(code or "", ServerError)
    return cls(message, status=status, code=code, field=field)
