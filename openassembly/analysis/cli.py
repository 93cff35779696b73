"""`openassembly pact`: run a pact scenario on a results file from the command line."""

from __future__ import annotations

import argparse
import sys

from openassembly.analysis.engine import analyse
from openassembly.analysis.errors import AnalysisInputError, ScenarioError
from openassembly.analysis.render import render_csv, render_json, render_text
from openassembly.analysis.results import DATASETS, load_dataset, load_results
from openassembly.analysis.scenario import Scenario
from openassembly.analysis.svg import render_svg

RENDERERS = {"text": render_text, "json": render_json, "csv": render_csv, "svg": render_svg}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line and exit 2, like every other bad input
        raise _UsageError(message)


class _UsageError(Exception):
    pass


def build_parser(prog: str = "openassembly pact") -> argparse.ArgumentParser:
    p = _Parser(
        prog=prog,
        description="Seats an electoral alliance would change, on constituency results.",
    )
    p.add_argument(
        "results",
        help=f"results CSV file, or a shipped data set: {', '.join(sorted(DATASETS))}",
    )
    p.add_argument("--alliance", required=True, help="party codes, comma separated: Lab,LD,Green")
    p.add_argument("--mode", choices=("single", "pooled"), default="single")
    p.add_argument("--nations", default="", help="comma separated, e.g. England,Wales")
    p.add_argument("--regions", default="", help="comma separated, e.g. London,'South West'")
    p.add_argument(
        "--rate",
        action="append",
        default=[],
        metavar="FROM:TO=RATE",
        help="share of FROM's voters who vote for TO's candidate (0.8, 4/5 or 80%%); repeatable",
    )
    p.add_argument("--default-rate", default="1", help="rate for pairs not given (default 1)")
    p.add_argument(
        "--assign",
        action="append",
        default=[],
        metavar="CONSTITUENCY=PARTY",
        help="fixed alliance candidate for a seat (name or code); repeatable",
    )
    p.add_argument(
        "--assigned-only",
        action="store_true",
        help="analyse only the seats given with --assign",
    )
    p.add_argument("--format", choices=tuple(RENDERERS), default="text", dest="fmt")
    p.add_argument("--input-format", choices=("auto", "hocl", "long"), default="auto")
    p.add_argument("-o", "--output", dest="outfile", help="write here instead of stdout")
    return p


def _pairs(items: list[str], what: str, example: str) -> list[tuple[str, str]]:
    pairs = []
    for item in items:
        key, sep, value = item.rpartition("=")
        if not sep or not key.strip() or not value.strip():
            raise ScenarioError(f"{what} {item!r} is not of the form {example}")
        pairs.append((key.strip(), value.strip()))
    return pairs


def scenario_from_args(args: argparse.Namespace) -> Scenario:
    rates = []
    for pair, value in _pairs(args.rate, "--rate", "FROM:TO=RATE (Lab:LD=0.8)"):
        src, sep, dst = pair.partition(":")
        if not sep or not src.strip() or not dst.strip():
            raise ScenarioError(f"--rate {pair}={value}: name two parties as FROM:TO")
        rates.append((src, dst, value))
    return Scenario(
        alliance=tuple(args.alliance.split(",")),
        mode=args.mode,
        nations=tuple(args.nations.split(",")),
        regions=tuple(args.regions.split(",")),
        rates=tuple(rates),
        default_rate=args.default_rate,
        # _pairs splits on the last "=": party codes have none, a seat name might.
        assignments=tuple(_pairs(args.assign, "--assign", "CONSTITUENCY=PARTY")),
        candidate_rule="assigned" if args.assigned_only else "first",
    )


def main(argv: list[str] | None = None) -> int:
    args_in = sys.argv[1:] if argv is None else argv[1:]
    prog = f"openassembly {argv[0]}" if argv else "openassembly pact"
    try:
        args = build_parser(prog).parse_args(args_in)
        scenario = scenario_from_args(args)
        if args.results in DATASETS:
            results = load_dataset(args.results)
        else:
            results = load_results(args.results, format=args.input_format)
        text = RENDERERS[args.fmt](analyse(results, scenario))
        if args.outfile:
            try:
                with open(args.outfile, "w", encoding="utf-8", newline="") as fh:
                    fh.write(text)
            except OSError as exc:
                raise ScenarioError(f"cannot write {args.outfile!r}: {exc.strerror}") from None
        else:
            sys.stdout.write(text)
    except (_UsageError, AnalysisInputError) as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(["pact", *sys.argv[1:]]))
