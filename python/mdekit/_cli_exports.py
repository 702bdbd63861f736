"""``mdekit export NAME --to DIR|FILE.parquet|FILE.csv``: an export assessment to disk.

Via files (``--via-files``) the export's gzip JSON Lines files are downloaded concurrently and
written as a Parquet dataset (one part per file, resumable: run the command again with the same
``--to`` after a failure) or one Parquet or CSV file; the JSON flavour pages through the API.
``--since`` asks for the software-vulnerability delta (JSON only, at most 14 days back).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from mdekit._mdekit import DefenderClient
from mdekit.frames import _need

ASSESSMENTS = ["secure-configurations", "software-inventory", "non-cpe-software",
               "software-vulnerabilities", "browser-extensions", "certificates",
               "security-baselines", "hardware-firmware", "information-gathering",
               "device-av-health"]
FILES_ONLY = {"information-gathering", "device-av-health"}
LISTS = ["software-vulnerability-changes", "browser-extension-permissions", "baseline-profiles",
         "baseline-configurations"]


def add_commands(sub: Any) -> None:
    """Adds ``export`` to the parser built by :mod:`mdekit.cli`."""
    p = sub.add_parser(
        "export", help="an export assessment to Parquet or CSV",
        description="Write an export assessment to DIR (a Parquet dataset, one part per file), "
        "FILE.parquet or FILE.csv. --via-files downloads the export's files (large tenants); "
        "otherwise the JSON pages are read. A Parquet dataset is resumable: run again with the "
        "same --to.")
    p.add_argument("name", choices=ASSESSMENTS + LISTS, metavar="NAME",
                   help="one of: " + ", ".join(ASSESSMENTS + LISTS))
    p.add_argument("--via-files", action="store_true",
                   help="download the export's files (SAS URLs) instead of JSON pages")
    p.add_argument("--since", metavar="T",
                   help="software-vulnerabilities only: the delta since T (ISO-8601 or 7d, "
                   "36h; at most 14 days back)")
    p.add_argument("--to", required=True, metavar="DIR|FILE.parquet|FILE.csv")
    p.add_argument("--sas-valid-hours", type=int, metavar="N",
                   help="via files: how long the file URLs stay valid")
    p.add_argument("--concurrency", type=int, default=4, help="via files: parallel downloads")
    p.add_argument("--overwrite", action="store_true",
                   help="replace a dataset of another snapshot in DIR")


def handles(args: argparse.Namespace) -> bool:
    return bool(args.command == "export")


def _cell(v: Any) -> Any:
    return json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v


def _write_csv(rows: Any, path: Path) -> int:
    n = 0
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer: csv.DictWriter[str] | None = None
        for row in rows:
            if writer is None:
                writer = csv.DictWriter(f, fieldnames=list(row), extrasaction="ignore")
                writer.writeheader()
            writer.writerow({k: _cell(v) for k, v in row.items()})
            n += 1
    return n


def run(args: argparse.Namespace, client: DefenderClient, out: TextIO) -> int:
    name, target = args.name, Path(args.to)
    if args.since and name not in ("software-vulnerabilities", "software-vulnerability-changes"):
        raise ValueError("--since is the software-vulnerabilities delta; drop it or export "
                         "software-vulnerabilities")
    if args.since or name == "software-vulnerability-changes":
        if args.via_files:
            raise ValueError("the delta export has no via-files flavour; drop --via-files")
        if not args.since:
            raise ValueError("software-vulnerability-changes needs --since")
        pager = client.exports.software_vulnerability_changes(since=args.since)
        return _write_pager(pager, target, out)
    method = name.replace("-", "_")
    if args.via_files:
        if name in LISTS:
            raise ValueError(f"{name} has no via-files flavour; drop --via-files")
        export = getattr(client.exports, f"{method}_via_files")(
            sas_valid_hours=args.sas_valid_hours)
        if target.suffix == ".csv":
            n = _write_csv(iter(export), target)
            out.write(f"wrote {n:,} rows of {len(export.files)} files to {target}\n")
            return 0
        result = export.to_parquet(target, concurrency=args.concurrency,
                                   overwrite=args.overwrite,
                                   progress=None if sys.stderr.isatty() else False)
        skipped = f" ({result['skipped']} already there)" if result["skipped"] else ""
        out.write(f"wrote {result['rows']:,} rows of {result['written']} files{skipped} to "
                  f"{target}\n")
        return 0
    if name in FILES_ONLY:
        raise ValueError(f"{name} is exported via files only; add --via-files")
    return _write_pager(getattr(client.exports, method)(), target, out)


def _write_pager(pager: Any, target: Path, out: TextIO) -> int:
    if target.suffix == ".csv":
        n = _write_csv(pager, target)
    else:
        pq = _need("pyarrow.parquet", "arrow", "mdekit export --to *.parquet")
        table = pager.to_arrow()
        if target.suffix != ".parquet":
            target.mkdir(parents=True, exist_ok=True)
            target = target / "part-00000.parquet"
        pq.write_table(table, target)
        n = table.num_rows
    out.write(f"wrote {n:,} rows to {target}\n")
    return 0
