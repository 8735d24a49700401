"""Provenant's Python client: record runs, metric curves, inputs, outputs and models from a script.

Standard library only (Python 3.9+). Finds the server as the ``provenant`` CLI does
(``PROVENANT_URL`` + ``PROVENANT_TOKEN``, else the local server in ``PROVENANT_HOME``).

>>> import provenant
>>> with provenant.start_run(name="train", params={"lr": 0.1}, inputs=["data/train.csv"]):
...     for step in range(50):
...         provenant.log_metric("loss", 1.0 / (step + 1), step=step)
...     provenant.log_output("model.bin")
...     model = provenant.register_model("churn", output="model.bin")
>>> provenant.transition_stage(model["id"], "production", "beat the baseline")
"""

__version__ = "0.1.0"

from .client import Artifact, Client  # noqa: E402
from .errors import (AuthError, ConflictError, IntegrityError, NotFoundError, PayloadTooLargeError,  # noqa: E402
                     PermissionDeniedError, ProvenantError, ServerError, ServerUnavailableError, ValidationError)
from .fluent import (Run, active_run, cli_params, flush, log_input, log_metric, log_metrics, log_output, log_param,  # noqa: E402
                     log_params, params, register_model, set_client, start_run, step, transition_stage)

__all__ = [
    "Artifact", "AuthError", "Client", "ConflictError", "IntegrityError", "NotFoundError", "PayloadTooLargeError",
    "PermissionDeniedError", "ProvenantError", "Run", "ServerError", "ServerUnavailableError", "ValidationError",
    "active_run", "cli_params", "flush", "log_input", "log_metric", "log_metrics", "log_output", "log_param", "log_params",
    "register_model", "set_client", "start_run", "step", "transition_stage",
]
