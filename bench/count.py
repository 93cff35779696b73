"""Benchmark: count generated national-scale ballot files by every STV rule we implement,
and the PyPI counters with a comparable rule, each from the same BLT file.

    python bench/count.py            # 200,000 and 1,000,000 ballots (files in bench/data/)
    python bench/count.py --quick    # 20,000 ballots, a smoke run

Profiles: 20 candidates in 4 parties of 5, 5 seats; a voter picks a party (uneven sizes),
ranks its candidates by a noisy popularity order, sometimes continues into a second party;
about a fifth of ballots give a single preference and the mean length is about four.
Every measurement runs in its own subprocess so peak memory (max RSS) is its own.
Peers run with a time limit (--peer-timeout, 300 s) and are reported as skipped past it.
Meek runs in both variants (``meek``, which is ``meek-nz``, and ``meek-prf``) and WIGM
(``wigm``, exact rational arithmetic) at the smaller size; each is printed as a ratio to
``meek``'s time, and none may take more than twice as long (``ratio_ok``).
Ends with one line: RESULT ballots=... scottish_s=... ers97_s=... speedup_vs_pref_voting=...
meek_200k_s=... meek_prf_200k_s=... wigm_200k_s=... meek_prf_ratio=... wigm_ratio=...
ratio_ok=yes|NO peak_mb=...
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CANDIDATES = 20
SEATS = 5


def generate(path: Path, ballots: int, seed: int = 2026) -> None:
    rng = random.Random(seed)
    parties = [list(range(p * 5, p * 5 + 5)) for p in range(4)]
    share = [0.38, 0.30, 0.20, 0.12]
    pop = [rng.random() for _ in range(CANDIDATES)]
    counts: dict[tuple[int, ...], int] = {}
    for _ in range(ballots):
        first = rng.choices(range(4), share)[0]
        own = sorted(parties[first], key=lambda c: -(pop[c] + rng.gauss(0, 0.35)))
        single = rng.random() < 0.2
        length = 1 if single else min(CANDIDATES, 2 + int(rng.expovariate(1 / 2.75)))
        ranking = own[:length]
        while len(ranking) < length:
            other = rng.choices([p for p in range(4) if p != first],
                                [share[p] for p in range(4) if p != first])[0]
            extra = sorted((c for c in parties[other] if c not in ranking),
                           key=lambda c: -(pop[c] + rng.gauss(0, 0.5)))
            ranking += extra[: length - len(ranking)]
            if len(set(ranking)) == CANDIDATES:
                break
        key = tuple(ranking)
        counts[key] = counts.get(key, 0) + 1
    # Written one line per ballot (weight 1), as a real count's export would be.
    lines = [f"{CANDIDATES} {SEATS}"]
    order = list(counts.items())
    rng.shuffle(order)
    expanded: list[str] = []
    for ranking, times in order:
        line = "1 " + " ".join(str(c + 1) for c in ranking) + " 0"
        expanded.extend([line] * times)
    rng.shuffle(expanded)
    lines.extend(expanded)
    lines.append("0")
    lines.extend(f'"Candidate {chr(65 + c // 5)}{c % 5 + 1}"' for c in range(CANDIDATES))
    lines.append(f'"Generated profile of {ballots} ballots"')
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n")
    tmp.rename(path)


# --- single measurements, each run in a child process -----------------------------------

def _ours(method: str, path: str) -> dict:
    sys.path.insert(0, str(ROOT))
    from openassembly.counting import count, read_blt

    t0 = time.perf_counter()
    election = read_blt(Path(path).read_bytes())
    t1 = time.perf_counter()
    result = count(election, method=method, seats=1 if method == "irv" else SEATS)
    t2 = time.perf_counter()
    return {"parse_s": t1 - t0, "total_s": t2 - t0, "elected": sorted(result.elected),
            "distinct": len(election.ballots)}


def _profile_for_peer(path: str):
    sys.path.insert(0, str(ROOT))
    from openassembly.counting import read_blt

    election = read_blt(Path(path).read_bytes())
    return election


def _peer(name: str, path: str) -> dict:
    t0 = time.perf_counter()
    election = _profile_for_peer(path)
    names = election.candidates
    rankings = [r for r, _ in election.ballots]
    weights = [w for _, w in election.ballots]
    t1 = time.perf_counter()
    if name.startswith("pref_voting"):
        from pref_voting.profiles_with_ties import ProfileWithTies

        prof = ProfileWithTies([{c: i + 1 for i, c in enumerate(r)} for r in rankings],
                               rcounts=weights, candidates=list(range(len(names))))
        if name == "pref_voting.stv_scottish":
            from pref_voting.proportional_methods import stv_scottish

            elected = stv_scottish(prof, num_seats=SEATS, rng=random.Random(1))
        elif name == "pref_voting.stv_meek":
            from pref_voting.proportional_methods import stv_meek

            elected = stv_meek(prof, num_seats=SEATS)
        else:
            from pref_voting.voting_methods import beat_path

            elected = beat_path(prof)[:1]
    elif name == "pyrankvote":
        import pyrankvote
        from pyrankvote import Ballot, Candidate

        cands = [Candidate(n) for n in names]
        ballots = [Ballot(ranked_candidates=[cands[c] for c in r])
                   for r, w in zip(rankings, weights, strict=True) for _ in range(w)]
        res = pyrankvote.single_transferable_vote(cands, ballots, number_of_seats=SEATS)
        elected = [names.index(c.name) for c in res.get_winners()]
    elif name == "stvpoll.scottish":
        from stvpoll.scottish_stv import ScottishSTV

        poll = ScottishSTV(seats=SEATS, candidates=list(range(len(names))))
        for r, w in zip(rankings, weights, strict=True):
            poll.add_ballot(list(r), w)
        elected = list(poll.calculate().elected_as_tuple())
    else:
        raise SystemExit(f"unknown peer {name}")
    t2 = time.perf_counter()
    return {"parse_s": t1 - t0, "total_s": t2 - t0,
            "elected": sorted(names[c] for c in elected)}


def child(kind: str, name: str, path: str) -> None:
    out = _ours(name, path) if kind == "ours" else _peer(name, path)
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


def run(kind: str, name: str, path: Path, timeout: float) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, name, str(path)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        return {"skipped": f"over {timeout:.0f} s, stopped"}
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["failed"])[-1]
        if "ModuleNotFoundError" in last or "No module named" in last:
            return {"skipped": "not installed"}
        return {"skipped": f"error: {last[:70]}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


PEERS = ["pref_voting.stv_scottish", "stvpoll.scottish", "pyrankvote", "pref_voting.stv_meek"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--peer-timeout", type=float, default=300.0)
    ap.add_argument("--child", nargs=3)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    sizes = [20_000] if args.quick else [200_000, 1_000_000]
    DATA.mkdir(exist_ok=True)
    rows: list[tuple[int, str, dict]] = []
    for size in sizes:
        path = DATA / f"profile_{size}.blt"
        if not path.exists():
            print(f"generating {path.name} ...", flush=True)
            generate(path, size)
        methods = ["scottish", "ers97", "irv", "schulze"] + (
            ["meek", "meek-prf", "wigm"] if size <= 200_000 else [])
        for m in methods:
            rows.append((size, f"openassembly {m}", run("ours", m, path, 600)))
        if size <= 200_000:
            for peer in PEERS:
                rows.append((size, peer, run("peer", peer, path, args.peer_timeout)))
    print()
    print(f"{'ballots':>9} {'counter':<28} {'distinct':>8} {'parse s':>8} {'total s':>8} "
          f"{'peak MB':>8}  same seats as ours")
    ours_by = {(s, n.split()[1]): r for s, n, r in rows if n.startswith("openassembly")}
    for size, name, r in rows:
        if "skipped" in r:
            print(f"{size:>9} {name:<28} {'':>8} {'':>8} {'':>8} {'':>8}  skipped: "
                  f"{r['skipped']}")
            continue
        same = ""
        if not name.startswith("openassembly"):
            rule = "meek" if "meek" in name else "scottish"
            ref = ours_by.get((size, rule))
            same = "yes" if ref and ref["elected"] == r["elected"] else "NO"
        print(f"{size:>9} {name:<28} {r.get('distinct', ''):>8} {r['parse_s']:>8.2f} "
              f"{r['total_s']:>8.2f} {r['peak_mb']:>8.0f}  {same}")
    big = max(sizes)
    small = min(sizes)
    sc = ours_by[(big, "scottish")]
    er = ours_by[(big, "ers97")]
    meek = ours_by.get((small, "meek"), {})
    ratios = {}
    print()
    for variant in ("meek-prf", "wigm"):
        got = ours_by.get((small, variant), {})
        if "total_s" in got and "total_s" in meek:
            ratios[variant] = got["total_s"] / meek["total_s"]
            print(f"{variant} at {small:,} ballots: {got['total_s']:.2f} s, "
                  f"{ratios[variant]:.2f}x meek's {meek['total_s']:.2f} s (limit 2x)")
    ratio_ok = "yes" if ratios and all(r <= 2 for r in ratios.values()) else "NO"
    pv = next((r for s, n, r in rows if s == small and n == "pref_voting.stv_scottish"), {})
    ours_small = ours_by[(small, "scottish")]
    speed = (f"{pv['total_s'] / ours_small['total_s']:.1f}" if "total_s" in pv else "n/a")
    peak = max(r.get("peak_mb", 0) for _, n, r in rows if n.startswith("openassembly"))
    print(f"RESULT ballots={big} scottish_s={sc['total_s']:.2f} ers97_s={er['total_s']:.2f} "
          f"speedup_vs_pref_voting={speed} meek_{small // 1000}k_s="
          f"{meek.get('total_s', float('nan')):.2f} "
          f"meek_prf_{small // 1000}k_s="
          f"{ours_by[(small, 'meek-prf')].get('total_s', float('nan')):.2f} "
          f"wigm_{small // 1000}k_s={ours_by[(small, 'wigm')].get('total_s', float('nan')):.2f} "
          f"meek_prf_ratio={ratios.get('meek-prf', float('nan')):.2f} "
          f"wigm_ratio={ratios.get('wigm', float('nan')):.2f} ratio_ok={ratio_ok} "
          f"peak_mb={peak:.0f}")


if __name__ == "__main__":
    main()
