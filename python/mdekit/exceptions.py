"""The exceptions mdekit raises.

Every error from the service, the token endpoint or the network is an :class:`MdeError`.
Arguments rejected before anything is sent raise ``ValueError`` or ``TypeError`` instead.

Error codes and statuses follow Microsoft's "Common REST API error codes" page for Microsoft
Defender for Endpoint (https://learn.microsoft.com/defender-endpoint/api/common-errors).
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "BadRequestError",
    "ClientAuthenticationError",
    "HttpResponseError",
    "HuntingSplitError",
    "MdeError",
    "PermissionDeniedError",
    "ResourceNotFoundError",
    "ServiceError",
    "ServiceRequestError",
    "ServiceResponseError",
    "ThrottledError",
]


class MdeError(Exception):
    """Base class of every mdekit error.

    Attributes:
        message: What the service (or the client) said, without status or code.
        status_code: HTTP status of the response, or None when none arrived.
        code: Service error code: MDE ``error.code`` (e.g. ``"ResourceNotFound"``) or the
            Entra ID ``error`` of a token failure (e.g. ``"invalid_client"``).
        target: MDE's ``error.target``, a per-request correlation id.
        request_id: The response's ``request-id`` header, or the correlation id of the body
            (Graph: ``innerError.request-id``).
        client_request_id: The ``client-request-id`` mdekit sent with the call (Graph echoes it
            in ``innerError.client-request-id``); quote it with ``request_id`` to support.
        retry_after: Seconds the service asked us to wait (``Retry-After``), if it did.
        aadsts: The Entra ID ``AADSTS`` number of a token failure (e.g. ``7000215``).
        required_permissions: On a 403, the permissions (any one suffices) the call needs,
            application ones (token ``roles``) first, then delegated ones (token ``scp``),
            e.g. ``["Alert.Read.All", "Alert.ReadWrite.All", "Alert.Read", "Alert.ReadWrite"]``.
        chunks: For a call sent in chunks (``indicators.import_batch``), one dict per chunk:
            ``chunk`` (index), ``start`` (index of its first item), ``count``, ``status``
            (``"imported"`` with ``results``, ``"failed"`` with ``error``, or ``"not_sent"``);
            None for other calls.
    """

    def __init__(
        self,
        text: str,
        *,
        message: str | None = None,
        status_code: int | None = None,
        code: str | None = None,
        target: str | None = None,
        request_id: str | None = None,
        client_request_id: str | None = None,
        retry_after: float | None = None,
        aadsts: int | None = None,
        required_permissions: list[str] | None = None,
        chunks: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(text)
        self.message = message if message is not None else text
        self.status_code = status_code
        self.code = code
        self.target = target
        self.request_id = request_id
        self.client_request_id = client_request_id
        self.retry_after = retry_after
        self.aadsts = aadsts
        self.required_permissions = list(required_permissions or [])
        self.chunks = chunks


class ServiceRequestError(MdeError):
    """Nothing was sent or no complete response arrived (connection error, timeout)."""


class ServiceResponseError(MdeError):
    """The service answered with success but a body mdekit could not read."""


class ClientAuthenticationError(MdeError):
    """No token could be obtained (``code``/``aadsts`` say why), or the service answered 401."""


class HttpResponseError(MdeError):
    """The service answered with an error status (``status_code``, ``code``, ``message``)."""


class BadRequestError(HttpResponseError):
    """400: invalid input, OData error, or an action already pending (e.g. ``InvalidInput``)."""


class PermissionDeniedError(HttpResponseError):
    """403: the token lacks the permission (role or scope) the call needs, or has the wrong
    audience."""


class ResourceNotFoundError(HttpResponseError):
    """404: the alert, machine or other entity does not exist."""


class ThrottledError(HttpResponseError):
    """429: a rate limit or the hunting CPU quota was hit and retries ran out;
    ``retry_after`` says how long the service asked to wait."""


class ServiceError(HttpResponseError):
    """5xx: the service failed; mdekit already retried it."""


class HuntingSplitError(MdeError):
    """A split hunting run (``hunting.run(..., split=...)``) could not fetch every window, even
    after halving each failing one down to the smallest window.

    Nothing is dropped silently: the rows of the windows that succeeded are in ``partial`` and
    each window that failed is listed in ``failed``.

    Attributes:
        failed: ``[{"start": str, "end": str, "error": MdeError}]``, start inclusive and end
            exclusive, as UTC ISO-8601 strings, in time order.
        partial: The windows that succeeded, joined in time order (a ``HuntingResult``), or
            None when none did.
    """

    def __init__(
        self,
        text: str,
        *,
        failed: list[dict[str, Any]],
        partial: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(text, **kwargs)
        self.failed = failed
        self.partial = partial
