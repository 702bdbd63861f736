"""Error mapping: each HTTP status becomes the documented exception class, with its attributes."""

from __future__ import annotations

import mdekit
import mdekit.exceptions as exc_mod
import pytest
from conftest import api_requests, async_client, client, raises, remember_secret
from mdekit import (
    BadRequestError,
    ClientAuthenticationError,
    HttpResponseError,
    MdeError,
    PermissionDeniedError,
    ResourceNotFoundError,
    ServiceError,
    ServiceRequestError,
    ServiceResponseError,
    ThrottledError,
)
from mdekit.testing import Sandbox

ALERTS = "/api/alerts"

# status -> (class, count of injected faults needed, default code the sandbox sends)
CASES = [
    (400, BadRequestError, 1, "BadRequest"),
    # One 401 makes the client drop its token and retry once with a fresh one: inject two.
    (401, ClientAuthenticationError, 2, "Unauthorized"),
    (403, PermissionDeniedError, 1, "Forbidden"),
    (404, ResourceNotFoundError, 1, "NotFound"),
    (429, ThrottledError, 1, "TooManyRequests"),
    (500, ServiceError, 1, "InternalServerError"),
    (502, ServiceError, 1, "BadGateway"),
    (503, ServiceError, 1, "ServiceUnavailable"),
    (409, HttpResponseError, 1, "Conflict"),
]


def test_exception_tree() -> None:
    for cls in (BadRequestError, PermissionDeniedError, ResourceNotFoundError, ThrottledError,
                ServiceError):
        assert issubclass(cls, HttpResponseError)
    for cls in (ServiceRequestError, ServiceResponseError, ClientAuthenticationError,
                HttpResponseError):
        assert issubclass(cls, MdeError)
        assert not issubclass(cls, HttpResponseError) or cls is HttpResponseError
    assert issubclass(MdeError, Exception)
    assert not issubclass(MdeError, ValueError)
    assert set(exc_mod.__all__) <= set(mdekit.__all__)
    for name in exc_mod.__all__:
        assert getattr(mdekit, name) is getattr(exc_mod, name)


@pytest.mark.parametrize(("status", "cls", "count", "code"), CASES)
def test_status_maps_to_class(clean: Sandbox, status: int, cls: type, count: int,
                              code: str) -> None:
    clean.inject(ALERTS, status=status, count=count)
    c = client(clean, max_retries=0)
    with raises(cls) as info:
        c.alerts.list(top=1).to_list()
    e = info.value
    assert type(e) is cls
    assert e.status_code == status
    assert e.code == code
    assert e.request_id, "request-id header not kept"
    assert e.message.startswith("Injected fault")
    assert f"{status}" in str(e)
    assert len(api_requests(clean, ALERTS)) == count


async def test_async_status_maps_to_class(clean: Sandbox) -> None:
    c = async_client(clean, max_retries=0)
    for status, cls, count, _code in CASES:
        clean.inject(ALERTS, status=status, count=count)
        with raises(cls) as info:
            await c.alerts.get("da1_1")
        assert type(info.value) is cls and info.value.status_code == status


def test_429_retry_after_parsed(clean: Sandbox) -> None:
    clean.inject(ALERTS, status=429, retry_after="7", count=1)
    with raises(ThrottledError) as info:
        client(clean, max_retries=0).alerts.list().to_list()
    assert info.value.retry_after == 7.0
    assert info.value.code == "TooManyRequests"


def test_custom_error_code_kept(clean: Sandbox) -> None:
    clean.inject(ALERTS, status=400, code="InvalidInput", count=1)
    with raises(BadRequestError) as info:
        client(clean, max_retries=0).alerts.get("x1")
    assert info.value.code == "InvalidInput"


def test_odata_error_from_the_service(clean: Sandbox) -> None:
    """A filter the client's checks accept (known property, balanced) but the service cannot
    parse: the service's 400 ODataError comes through."""
    with raises(BadRequestError) as info:
        client(clean, max_retries=0).alerts.list(filter="severity eq").to_list()
    assert info.value.status_code == 400
    assert info.value.code == "ODataError"


def test_permission_gap_gives_403_naming_the_permission(clean: Sandbox) -> None:
    clean.server.register_app("app2", remember_secret("secret2-Q~xyz"), ["Machine.Read.All"])
    c = client(clean, client_id="app2", client_secret="secret2-Q~xyz", max_retries=0)
    # The app can read machines...
    assert len(c.machines.list(top=2).to_list()) == 2
    # ...but not alerts.
    with raises(PermissionDeniedError) as info:
        c.alerts.list(top=1).to_list()
    e = info.value
    assert e.status_code == 403 and e.code == "Forbidden"
    assert "Alert.Read.All" in e.message
    with raises(PermissionDeniedError, match="ThreatHunting.Read.All"):
        c.hunting.run("DeviceInfo | take 1")
    with raises(PermissionDeniedError, match="AdvancedQuery.Read.All"):
        c.hunting.run("DeviceInfo | take 1", endpoint="mde")


async def test_async_permission_gap(clean: Sandbox) -> None:
    clean.server.register_app("app3", remember_secret("secret3-Q~xyz"), ["Alert.Read.All"])
    c = async_client(clean, client_id="app3", client_secret="secret3-Q~xyz", max_retries=0)
    assert len(await c.alerts.list(top=1).to_list()) == 1
    with raises(PermissionDeniedError, match="Machine.Read.All"):
        await c.machines.list().to_list()


def test_connection_refused_is_service_request_error(sb: Sandbox) -> None:
    # A port nothing listens on: start a sandbox and stop it to free its port.
    from conftest import new_sandbox

    dead = new_sandbox(machines=1, alerts=1)
    url = dead.base_url
    dead.stop()
    c = client(sb, authority_host=url, api_base_url=url, graph_base_url=url, max_retries=0)
    with raises(ServiceRequestError) as info:
        c.alerts.get("da1_1")
    assert info.value.status_code is None
