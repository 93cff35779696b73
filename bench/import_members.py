"""Benchmark: importing a generated member roll through the real import service.

Prints a table and ends with `RESULT rows=... seconds=... peak_mb=...` (the first import of a
fresh roll). Also measured in the same run: re-importing the same file (nothing changes) and a
floor for comparison, the same rows parsed with csv and inserted by raw executemany with no
validation, no ORM and no ledger. Each measurement runs in its own process so that peak
memory (ru_maxrss) belongs to that measurement alone.

    python bench/import_members.py            # 100,000 rows on SQLite
    python bench/import_members.py --quick    # 5,000 rows
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/import_members.py
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGIONS = ["North", "South", "East", "West", "Wales"]


def generate(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as fp:
        writer = csv.writer(fp)
        writer.writerow(["name", "email", "region", "joined_on", "status", "phone", "address"])
        for i in range(rows):
            writer.writerow([
                f"Member {i} {rng.choice(['Ash', 'Birch', 'Cedar', 'Daw', 'Elm'])}",
                f"member{i}@roll.example",
                rng.choice(REGIONS),
                f"20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                rng.choice(["active"] * 9 + ["lapsed"]),
                f"07700 {rng.randint(100000, 999999)}",
                f"{rng.randint(1, 200)} High Street",
            ])


def child_import(csv_path: Path, var: Path) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["OPENASSEMBLY_VAR"] = str(var)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from openassembly.accounts.models import User
    from openassembly.bodies.models import SeatGroup
    from openassembly.bodies.services import record_founding, seat_founder
    from openassembly.core import clock
    from openassembly.core.actors import System
    from openassembly.core.models import Organisation
    from openassembly.core.services import create_organisation
    from openassembly.members.importer import import_members
    from openassembly.members.models import Member
    from openassembly.rules import examples

    call_command("migrate", verbosity=0)
    # A PostgreSQL database may hold an earlier run's organisation: start clean each time.
    if Organisation.objects.filter(slug="commonweal").exists():
        call_command("flush", interactive=False, verbosity=0)
    organisation = create_organisation(
        System("bench"),
        constitution_text=examples.read("commonweal")
    )
    user = User.objects.create_user("sec@bench.example", "x")
    secretary = Member.objects.create(organisation=organisation, user=user, name="Sec",
                                      email="sec@bench.example", joined_on=clock.today())
    seat_founder(System("bench founders"), organisation=organisation, member=secretary,
                 starts_on=clock.today(),
                 seat_group=SeatGroup.objects.get(body__key="organising-group",
                                                  seat_key="secretary"))
    record_founding(System("bench founders"), organisation=organisation)
    data = csv_path.read_bytes()
    start = time.perf_counter()
    first = import_members(secretary, organisation=organisation, data=data)
    first_s = time.perf_counter() - start
    peak_first = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    again = import_members(secretary, organisation=organisation, data=data)
    again_s = time.perf_counter() - start
    return {
        "rows": first.rows, "added": first.added, "seconds": first_s, "peak_mb": peak_first,
        "again_seconds": again_s, "again_unchanged": again.unchanged,
        "again_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def child_floor(csv_path: Path, var: Path) -> dict:
    """Parse and insert with nothing else: what any importer must at least spend."""
    import sqlite3

    start = time.perf_counter()
    with csv_path.open(newline="", encoding="utf-8") as fp:
        reader = csv.reader(fp)
        next(reader)
        rows = list(reader)
    db = sqlite3.connect(var / "floor.sqlite3")
    db.execute("create table m (name, email unique, region, joined_on, status, phone, address)")
    with db:
        db.executemany("insert into m values (?,?,?,?,?,?,?)", rows)
    seconds = time.perf_counter() - start
    return {"rows": len(rows), "seconds": seconds,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_child(kind: str, csv_path: Path, var: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--csv", str(csv_path), "--var", str(var)],
        check=True, capture_output=True, text=True, cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5,000 rows, one repetition")
    parser.add_argument("--rows", type=int)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child")
    parser.add_argument("--csv", type=Path)
    parser.add_argument("--var", type=Path)
    args = parser.parse_args()
    if args.child:
        result = (child_import if args.child == "import" else child_floor)(args.csv, args.var)
        print(json.dumps(result))
        return 0
    rows = args.rows or (5_000 if args.quick else 100_000)
    repeat = 1 if args.quick else args.repeat
    postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    database = "PostgreSQL" if postgres else "SQLite"
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "roll.csv"
        generate(csv_path, rows)
        runs, floors = [], []
        for i in range(repeat):
            var = Path(tmp) / f"run{i}"
            var.mkdir()
            runs.append(run_child("import", csv_path, var))
            floors.append(run_child("floor", csv_path, var))
    median = lambda xs: sorted(xs)[len(xs) // 2]  # noqa: E731
    seconds = median([r["seconds"] for r in runs])
    again = median([r["again_seconds"] for r in runs])
    peak = max(r["again_peak_mb"] for r in runs)
    floor = median([f["seconds"] for f in floors])
    assert all(r["added"] == rows and r["again_unchanged"] == rows for r in runs), runs
    print(f"member import, {rows:,} rows, {database}, median of {repeat}")
    print(f"{'measurement':<44}{'seconds':>10}{'rows/s':>12}{'peak MB':>10}")
    print(f"{'openassembly import (validate, write, ledger)':<44}{seconds:>10.2f}"
          f"{rows / seconds:>12,.0f}{median([r['peak_mb'] for r in runs]):>10.0f}")
    print(f"{'re-import of the same file (no changes)':<44}{again:>10.2f}"
          f"{rows / again:>12,.0f}{peak:>10.0f}")
    print(f"{'floor: csv + raw executemany, no checks':<44}{floor:>10.2f}"
          f"{rows / floor:>12,.0f}{median([f['peak_mb'] for f in floors]):>10.0f}")
    print(f"ratio to floor: {seconds / floor:.1f}x; targets: under 30 s and under 500 MB")
    print(f"RESULT rows={rows} seconds={seconds:.2f} peak_mb={peak:.0f} "
          f"reimport_seconds={again:.2f} floor_seconds={floor:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
