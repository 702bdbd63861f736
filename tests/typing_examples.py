"""Type-checked by tests/test_readme_types.py (pyright --strict, mypy --strict), never run: what
a type checker infers from the stubs for each family, sync and async."""
# ruff: noqa: TC004 - never imported at run time, so the stub-only names may stay type-only

from __future__ import annotations

from typing import TYPE_CHECKING

import mdekit
import mdekit.aio
from typing_extensions import assert_type

if TYPE_CHECKING:
    import pandas
    import polars
    import pyarrow
    from mdekit._mdekit import (
        Alert,
        BulkOutcome,
        HuntingResult,
        ImportResult,
        Indicator,
        Machine,
        MachineAction,
    )


def sync(client: mdekit.DefenderClient) -> None:
    for alert in client.alerts.list(filter="severity eq 'High'"):
        assert_type(alert, Alert)
        assert_type(alert["id"], str)
    assert_type(client.alerts.list().to_list(), list[Alert])
    for page in client.alerts.list().pages():
        assert_type(page, list[Alert])
    assert_type(client.machines.list().to_pandas(), pandas.DataFrame)
    assert_type(client.machine_actions.list().to_arrow(), pyarrow.Table)
    assert_type(client.indicators.list().to_polars(), polars.DataFrame)
    assert_type(client.machines.get("m")["riskScore"], str | None)
    assert_type(client.machines.isolate("m", comment="c", isolation_type="Selective"),
                MachineAction)
    assert_type(client.machine_actions.bulk("isolate", ["m"], comment="c"), list[BulkOutcome])
    assert_type(client.indicators.submit(
        indicator_value="a" * 40, indicator_type="FileSha1", action="Audit", title="t",
        description="d"), Indicator)
    assert_type(client.indicators.import_batch([]), list[ImportResult])
    result = client.hunting.run("DeviceInfo | take 1", endpoint="mde")
    assert_type(result, HuntingResult)
    assert_type(result.to_pandas(), pandas.DataFrame)
    assert_type(client.alerts.update("a", status="Resolved"), Alert)


async def asynchronous(client: mdekit.aio.DefenderClient) -> None:
    async for machine in client.machines.list():
        assert_type(machine, Machine)
    async for page in client.machines.list().pages():
        assert_type(page, list[Machine])
    assert_type(await client.alerts.get("a"), Alert)
    assert_type(await client.alerts.list().to_list(), list[Alert])
    assert_type(await client.machines.list().to_pandas(), pandas.DataFrame)
    assert_type(await client.machine_actions.bulk("isolate", ["m"], comment="c"),
                list[BulkOutcome])
    assert_type(await client.hunting.run("DeviceInfo | take 1"), HuntingResult)
