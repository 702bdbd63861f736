"""Many tenants from one process: one client per tenant, a query or a list fanned out to all.

A managed security provider signs in to each customer's tenant with its own app registration
(or one multi-tenant app, consented in each tenant), so each tenant is one
:class:`~mdekit.DefenderClient` with its own token, its own retries and its own share of the
documented quotas: the client-side limiter keeps one budget per (authority, tenant, client id),
so twenty tenants run twenty times the hunting quota of one. :class:`Tenants` runs the same call
on every client at once and merges the answers into one :class:`TenantRows`, every row tagged
with a ``tenantId`` column. A tenant that fails (no consent, a 403, throttling past the call's
budget) is reported in :attr:`TenantRows.errors`, never dropped silently: the rows of the others
are still there, ``repr`` names the failures and :meth:`TenantRows.raise_for_errors` raises.

    >>> tenants = mdekit.Tenants([client_a, client_b])           # keyed by each tenant_id
    >>> result = tenants.hunt("DeviceInfo | summarize dcount(DeviceId) by OSPlatform")
    >>> result.to_pandas()                                        # tenantId, OSPlatform, ...
    >>> result.errors                                             # {} or {tenant: MdeError}

:class:`AsyncTenants` (also ``mdekit.aio.Tenants``) is the asyncio twin over
:class:`mdekit.aio.DefenderClient` objects.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from mdekit.exceptions import MdeError

if TYPE_CHECKING:
    import pandas
    import polars
    import pyarrow
    from typing_extensions import Self

    from mdekit._mdekit import AsyncDefenderClient, DefenderClient

_C = TypeVar("_C")
_T = TypeVar("_T")

#: The column that names each row's tenant.
TENANT_COLUMN = "tenantId"


def _keyed(clients: Mapping[str, _C] | Iterable[_C]) -> dict[str, _C]:
    if isinstance(clients, Mapping):
        out = {str(k): v for k, v in clients.items()}
    else:
        out = {}
        for c in clients:
            tid = getattr(c, "tenant_id", None)
            if not tid:
                raise ValueError(
                    "a client without a tenant_id (one built from a credential object) needs a "
                    "name: pass a mapping {tenant_id: client}")
            if tid in out:
                raise ValueError(f"two clients for tenant {tid!r}")
            out[tid] = c
    if not out:
        raise ValueError("Tenants needs at least one client")
    return out


class TenantResults(Generic[_T]):
    """What one call returned in each tenant: :attr:`results` (tenant -> value) and
    :attr:`errors` (tenant -> the :class:`~mdekit.MdeError` it raised), in the tenants' order."""

    def __init__(self, results: dict[str, _T], errors: dict[str, MdeError]) -> None:
        self.results = results
        self.errors = errors

    @property
    def ok(self) -> bool:
        """True when no tenant failed."""
        return not self.errors

    def raise_for_errors(self) -> None:
        """Raises :class:`TenantsError` (carrying every failure) if any tenant failed."""
        if self.errors:
            raise TenantsError(self.errors)

    def __repr__(self) -> str:
        failed = f", failed: {sorted(self.errors)}" if self.errors else ""
        return f"<{type(self).__name__}: {len(self.results)} tenants answered{failed}>"


class TenantRows(TenantResults[list[dict[str, Any]]]):
    """Rows from every tenant, each with a ``tenantId`` key first.

    :attr:`rows` is the merged list (tenants in the order given, each tenant's rows in the
    service's order); :attr:`results` has them per tenant, :attr:`errors` the tenants that
    failed. ``to_pandas()``, ``to_polars()`` and ``to_arrow()`` build one table (they need the
    ``pandas``, ``polars`` or ``arrow`` extra)."""

    @property
    def rows(self) -> list[dict[str, Any]]:
        return [row for rows in self.results.values() for row in rows]

    def __len__(self) -> int:
        return sum(len(r) for r in self.results.values())

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)

    def to_pandas(self) -> pandas.DataFrame:
        import pandas as pd

        return pd.DataFrame(self.rows)

    def to_polars(self) -> polars.DataFrame:
        import polars as pl

        return pl.DataFrame(self.rows, infer_schema_length=None)

    def to_arrow(self) -> pyarrow.Table:
        import pyarrow as pa

        return pa.Table.from_pylist(self.rows)

    def __repr__(self) -> str:
        failed = f", failed: {sorted(self.errors)}" if self.errors else ""
        return (f"<TenantRows: {len(self)} rows from {len(self.results)} tenants{failed}>")


class TenantsError(MdeError):
    """Some tenants failed; :attr:`errors` maps each to its own exception."""

    def __init__(self, errors: Mapping[str, MdeError]) -> None:
        self.errors = dict(errors)
        parts = "; ".join(f"{t}: {type(e).__name__}: {e}" for t, e in self.errors.items())
        super().__init__(f"{len(self.errors)} tenant(s) failed: {parts}")


def _tagged(tenant: str, rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{TENANT_COLUMN: tenant, **row} for row in rows]


def _rows_of(value: Any) -> Iterable[Mapping[str, Any]]:
    # A HuntingResult has .rows; a list of entities is one already.
    rows = getattr(value, "rows", value)
    return rows  # type: ignore[no-any-return]


class Tenants:
    """One :class:`~mdekit.DefenderClient` per tenant, called together.

    Args:
        clients: The clients, either a mapping ``{tenant: client}`` (the key is the
            ``tenantId`` of the rows) or clients built with a ``tenant_id`` (keyed by it).
        max_workers: Tenants called at the same time (threads; the calls release the GIL).
            Default 8.

    Raises:
        ValueError: No clients, two for one tenant, or a client with no ``tenant_id`` and
            no name.
    """

    def __init__(self, clients: Mapping[str, DefenderClient] | Iterable[DefenderClient], *,
                 max_workers: int = 8) -> None:
        if max_workers < 1:
            raise ValueError("max_workers must be at least 1")
        self.clients: dict[str, DefenderClient] = _keyed(clients)
        self._workers = max_workers

    def __len__(self) -> int:
        return len(self.clients)

    def __repr__(self) -> str:
        return f"<Tenants: {len(self.clients)} tenants {list(self.clients)}>"

    def map(self, fn: Callable[[DefenderClient], _T]) -> TenantResults[_T]:
        """``fn(client)`` in every tenant at once. An :class:`~mdekit.MdeError` is kept per
        tenant in ``errors``; any other exception (a bug in ``fn``) propagates."""
        results: dict[str, _T] = {}
        errors: dict[str, MdeError] = {}
        with ThreadPoolExecutor(max_workers=min(self._workers, len(self.clients)),
                                thread_name_prefix="mdekit-tenant") as pool:
            futures = {t: pool.submit(fn, c) for t, c in self.clients.items()}
            for tenant, future in futures.items():
                try:
                    results[tenant] = future.result()
                except MdeError as e:
                    errors[tenant] = e
        return TenantResults(results, errors)

    def hunt(self, query: str, **kwargs: Any) -> TenantRows:
        """``client.hunting.run(query, **kwargs)`` in every tenant; the rows, tagged.

        Each tenant spends its own hunting quota (45 calls a minute, Graph runHuntingQuery and
        the MDE API alike), so the fan-out runs at the sum of the tenants' quotas."""
        done = self.map(lambda c: c.hunting.run(query, **kwargs))
        return self._rows(done)

    def list(self, what: str, **kwargs: Any) -> TenantRows:
        """``client.<what>.list(**kwargs).to_list()`` in every tenant (``"alerts"``,
        ``"machines"``, ``"incidents"``, ...); the entities, tagged.

        Raises:
            ValueError: ``what`` is not a collection with a ``list`` operation.
        """
        _check_listable(next(iter(self.clients.values())), what)
        done = self.map(lambda c: getattr(c, what).list(**kwargs).to_list())
        return self._rows(done)

    @staticmethod
    def _rows(done: TenantResults[Any]) -> TenantRows:
        return TenantRows({t: _tagged(t, _rows_of(v)) for t, v in done.results.items()},
                          done.errors)

    def close(self) -> None:
        """Closes every client."""
        for c in self.clients.values():
            c.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_args: object) -> None:
        self.close()


class AsyncTenants:
    """The asyncio twin of :class:`Tenants`, over :class:`mdekit.aio.DefenderClient` objects.

    Args:
        clients: As for :class:`Tenants`.
        max_concurrency: Tenants called at the same time. Default 8.
    """

    def __init__(self,
                 clients: Mapping[str, AsyncDefenderClient] | Iterable[AsyncDefenderClient], *,
                 max_concurrency: int = 8) -> None:
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        self.clients: dict[str, AsyncDefenderClient] = _keyed(clients)
        self._limit = max_concurrency

    def __len__(self) -> int:
        return len(self.clients)

    def __repr__(self) -> str:
        return f"<AsyncTenants: {len(self.clients)} tenants {list(self.clients)}>"

    async def map(self, fn: Callable[[AsyncDefenderClient], Awaitable[_T]]) -> TenantResults[_T]:
        """``await fn(client)`` in every tenant at once; :class:`~mdekit.MdeError` per tenant
        in ``errors``, anything else propagates (the other tenants' calls are cancelled)."""
        import asyncio  # on first use: it is a fifth of `import mdekit`'s time otherwise

        gate = asyncio.Semaphore(self._limit)

        async def one(client: AsyncDefenderClient) -> _T:
            async with gate:
                return await fn(client)

        tasks = {t: asyncio.ensure_future(one(c)) for t, c in self.clients.items()}
        try:
            await asyncio.wait(tasks.values())
        finally:
            for task in tasks.values():
                task.cancel()
        results: dict[str, _T] = {}
        errors: dict[str, MdeError] = {}
        for tenant, task in tasks.items():
            exc = task.exception()
            if exc is None:
                results[tenant] = task.result()
            elif isinstance(exc, MdeError):
                errors[tenant] = exc
            else:
                raise exc
        return TenantResults(results, errors)

    async def hunt(self, query: str, **kwargs: Any) -> TenantRows:
        """As :meth:`Tenants.hunt`."""
        async def run(c: AsyncDefenderClient) -> Any:
            return await c.hunting.run(query, **kwargs)

        return Tenants._rows(await self.map(run))

    async def list(self, what: str, **kwargs: Any) -> TenantRows:
        """As :meth:`Tenants.list`."""
        _check_listable(next(iter(self.clients.values())), what)

        async def run(c: AsyncDefenderClient) -> Any:
            return await getattr(c, what).list(**kwargs).to_list()

        return Tenants._rows(await self.map(run))

    async def close(self) -> None:
        """Closes every client."""
        import asyncio

        await asyncio.gather(*(c.close() for c in self.clients.values()))

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *_args: object) -> None:
        await self.close()


def _check_listable(client: Any, what: str) -> None:
    if what.startswith("_") or not callable(getattr(getattr(client, what, None), "list", None)):
        raise ValueError(f"{what!r} is not a collection with a list operation "
                         "(alerts, machines, incidents, indicators, ...)")
