"""``hunting.run(..., split=...)``: a query the service refuses (row cap, result size, CPU) is
run again over halves of its time window, the parts joined in time order, and windows that
still fail are reported exactly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import async_client, client, new_sandbox, raises
from mdekit import BadRequestError, HuntingSplitError
from mdekit.testing import ManualClock, Sandbox

DAY = "2024-05-01T00:00:00Z/2024-05-02T00:00:00Z"
ALL = "P31D"  # covers every synthetic event (they are at most 30 days old)
QUERY = "DeviceProcessEvents | project Timestamp, ReportId"


def hunting_posts(sb: Sandbox) -> int:
    return len([r for r in sb.requests() if r["path"].endswith("runHuntingQuery")])


@pytest.fixture(scope="module")
def reference() -> list[int]:
    """The ReportIds of every row of the query, in order, from a sandbox without limits (same
    seed, same data; timestamps are relative to each sandbox's start, ids are not)."""
    sb = new_sandbox(machines=40, alerts=20)
    try:
        return ids(client(sb).hunting.run(QUERY, timespan=ALL).rows)
    finally:
        sb.stop()


def ids(rows: list[dict[str, Any]]) -> list[int]:
    stamps = [r["Timestamp"] for r in rows]
    assert stamps == sorted(stamps)
    return [r["ReportId"] for r in rows]


def limited(**limits: float) -> Sandbox:
    return new_sandbox(machines=40, alerts=20, rate_limits=False, hunting_limits=limits)


def test_reference_is_complete(reference: list[int]) -> None:
    assert len(reference) == len(set(reference)) == 240


def test_row_cap_is_split(reference: list[int]) -> None:
    sb = limited(max_rows=50)
    try:
        c = client(sb, rate_limit=False)
        assert len(c.hunting.run(QUERY, timespan=ALL)) == 50  # silently truncated
        r = c.hunting.run(QUERY, timespan=ALL, split=True, max_rows=50)
        assert ids(r.rows) == reference
    finally:
        sb.stop()


def test_result_size_is_split(reference: list[int]) -> None:
    sb = limited(max_result_bytes=3_000)
    try:
        c = client(sb, rate_limit=False)
        with raises(BadRequestError, match="allowed result size"):
            c.hunting.run(QUERY, timespan=ALL)
        r = c.hunting.run(QUERY, timespan=ALL, split=True)
        assert ids(r.rows) == reference
        assert r.to_arrow().num_rows == 240
        assert len(r.to_pandas()) == 240
    finally:
        sb.stop()


def test_query_cpu_is_split(reference: list[int]) -> None:
    sb = limited(cpu_ms_per_row=1.0, max_query_cpu_ms=60.0)
    try:
        c = client(sb, rate_limit=False)
        with raises(BadRequestError, match="allowed limits"):
            c.hunting.run(QUERY, timespan=ALL)
        seen: list[tuple[int, int, int]] = []
        r = c.hunting.run(QUERY, timespan=ALL, split=True,
                          progress=lambda *a: seen.append(a))
        assert ids(r.rows) == reference
        assert seen[-1] == (seen[-1][0], 0, 240)
        assert [s[0] for s in seen] == sorted(s[0] for s in seen)
    finally:
        sb.stop()


def test_fixed_step_runs_every_window(reference: list[int]) -> None:
    sb = limited()
    try:
        c = client(sb, rate_limit=False)
        sb.clear_requests()
        r = c.hunting.run(QUERY, timespan=ALL, split="1d")
        assert ids(r.rows) == reference
        assert hunting_posts(sb) == 31
    finally:
        sb.stop()


@pytest.fixture
def with_huge_row(tmp_path: Path) -> Any:
    """Four rows in one day; the one at 06:00 is too large for any window."""
    rows = [
        {"Timestamp": "2024-05-01T00:00:00Z", "Text": "a" * 3000},
        {"Timestamp": "2024-05-01T06:00:00.5Z", "Text": "b" * 8000},
        {"Timestamp": "2024-05-01T12:00:00Z", "Text": "c" * 3000},
        {"Timestamp": "2024-05-01T18:00:00Z", "Text": "d" * 3000},
    ]
    path = tmp_path / "big.json"
    path.write_text(json.dumps({
        "Schema": [{"Name": "Timestamp", "Type": "DateTime"}, {"Name": "Text", "Type": "String"}],
        "Results": rows,
    }), encoding="utf-8")
    sb = new_sandbox(synthetic=False, load=[f"Big={path}"], rate_limits=False,
                     hunting_limits={"max_result_bytes": 5_000})
    try:
        yield sb
    finally:
        sb.stop()


def test_failed_windows_are_reported_exactly(with_huge_row: Sandbox) -> None:
    c = client(with_huge_row, rate_limit=False)
    with raises(HuntingSplitError) as info:
        c.hunting.run("Big", timespan=DAY, split=True)
    err = info.value
    assert len(err.failed) == 1
    window = err.failed[0]
    assert window["start"] <= "2024-05-01T06:00:00.5000000Z" < window["end"]
    assert window["start"] > "2024-05-01T06:00:00" < window["end"] < "2024-05-01T06:00:02"
    assert isinstance(window["error"], BadRequestError)
    assert "allowed result size" in window["error"].message
    assert [r["Text"][0] for r in err.partial.rows] == ["a", "c", "d"]
    assert window["start"] in str(err)


def test_errors_no_window_can_fix_stop_at_once(with_huge_row: Sandbox) -> None:
    c = client(with_huge_row, rate_limit=False)
    with_huge_row.clear_requests()
    with raises(BadRequestError, match="mv-expand"):
        c.hunting.run("Big | mv-expand Text", timespan=DAY, split=True)
    assert hunting_posts(with_huge_row) == 1


def test_split_options_are_checked(with_huge_row: Sandbox) -> None:
    c = client(with_huge_row)
    with raises(ValueError, match="Graph"):
        c.hunting.run("Big", split=True, endpoint="mde")
    with raises(ValueError, match="duration"):
        c.hunting.run("Big", split="soon")
    with raises(TypeError, match="split"):
        c.hunting.run("Big", split=3)
    with raises(ValueError, match="timespan"):
        c.hunting.run("Big", split=True, timespan="yesterday")
    with raises(ValueError, match="max_rows"):
        c.hunting.run("Big", split=True, max_rows=0)


def test_progress_is_off_when_not_interactive(reference: list[int],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    sb = limited(max_rows=100)
    try:
        c = client(sb, rate_limit=False)
        c.hunting.run(QUERY, timespan=ALL, split=True, max_rows=100)
        assert capsys.readouterr().err == ""
        c.hunting.run(QUERY, timespan=ALL, split=True, max_rows=100, progress=True)
        assert "hunting" in capsys.readouterr().err
    finally:
        sb.stop()


def test_client_limiter_keeps_45_calls_a_minute() -> None:
    """48 one-hour windows: the client's hunting quota (45 a minute) makes it wait before the
    46th call; the waits go through the manual clock."""
    sb = new_sandbox(machines=10, alerts=5, rate_limits=False)
    try:
        clock = ManualClock()
        c = client(sb, clock=clock, max_retries=0)
        r = c.hunting.run("DeviceInfo | project Timestamp", timespan="P2D", split="1h")
        assert hunting_posts(sb) == 48
        assert clock.sleeps and 0 < clock.sleeps[0] <= 60
        assert len(r) == len(c.hunting.run("DeviceInfo | project Timestamp", timespan="P2D"))
    finally:
        sb.stop()


async def test_async_split(reference: list[int]) -> None:
    sb = limited(max_rows=50)
    try:
        r = await async_client(sb, rate_limit=False).hunting.run(
            QUERY, timespan=ALL, split=True, max_rows=50)
        assert ids(r.rows) == reference
    finally:
        sb.stop()


def test_a_limiter_wait_shows_on_the_progress_bar(capsys: pytest.CaptureFixture[str]) -> None:
    """A split run that stalls on the 45-a-minute quota says so on its bar instead of looking
    hung (the wait itself goes through the manual clock)."""
    sb = new_sandbox(machines=10, alerts=5, rate_limits=False)
    try:
        clock = ManualClock()
        c = client(sb, clock=clock, max_retries=0)
        c.hunting.run("DeviceInfo | project Timestamp", timespan="P2D", split="1h",
                      progress=True)
        assert clock.sleeps
        err = capsys.readouterr().err
        assert "waiting" in err and "for the hunting quota" in err, err[-500:]
    finally:
        sb.stop()


def test_progress_is_on_by_default_in_jupyter(monkeypatch: pytest.MonkeyPatch) -> None:
    """In a notebook (stderr is no terminal there) progress=None still shows a bar."""
    from mdekit import _progress, _prompt

    monkeypatch.setattr(_prompt, "_in_notebook", lambda: True)
    bar = _progress.for_split(None)
    try:
        assert bar is not None
    finally:
        bar.close()
    monkeypatch.setattr(_prompt, "_in_notebook", lambda: False)
    assert _progress.for_split(None) is None  # pytest's stderr is no terminal
