"""Search benchmark: question latency, index build time and memory of the matcher, 1k to 100k findings, and
answer quality with the seed knowledge base alone and inside 10k synthetic findings.

Run from the repository root:

    .venv/bin/python -m bench.bench_search                  # seed, 1k, 10k, 100k findings: a few minutes
    .venv/bin/python -m bench.bench_search --quick          # smoke run (seed, 1k, 10k, fewer questions): < 1 min
    .venv/bin/python -m bench.bench_search --sizes seed,10k --questions 500

Each size runs in a fresh child process (this module with ``--worker``), so its peak RSS is that of a process holding
the index. The baseline, timed in the same child right after the matcher, is rapidfuzz's
``process.extractOne(question, texts, scorer=fuzz.WRatio)`` over the text (topic + label) of every finding, with the
texts normalised once up front and the question once per call. A finding is one statistic; see bench/synthetic.py.

The report is a table, a start-up line and, last, one JSON line with every figure and, per target, true, false, or
null when it was not measured. The exit status is 0 whatever the figures: this reports, it does not judge.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.search import Matcher

REPO = Path(__file__).resolve().parent.parent
SEED_QUESTIONS = Path(__file__).with_name("seed_questions.txt")
DEFAULT_SIZES = "seed,1000,10000,100000"
QUICK_SIZES = "seed,1000,10000"
WARM_UP = 10
MIN_TIMED = 30
STARTUP_QUESTION = "which tools were used most"

P99_TARGETS_MS = {"seed": 2.0, "10000": 5.0, "100000": 25.0}
SPEEDUP_SIZES = ("10000", "100000")
SPEEDUP_TARGET = 10.0
LARGEST = "100000"
BUILD_TARGET_S = 10.0
RSS_TARGET_MB = 300.0
STARTUP_TARGET_S = 0.5
QUALITY_SIZES = ("seed", "10000")   # answer quality is scored at these sizes, when a question file is given
QUALITY_LOSS = 0.03                 # the score at 10k may be at most this far below the seed's
DEFAULT_QUALITY = REPO.parent / "shared" / "eval" / "train_questions.yaml"


# --- measuring, in the child process of one size ---------------------------------------------------------------

def seed_questions() -> list[str]:
    """The hand-written questions about the seed knowledge base (bench/seed_questions.txt)."""
    lines = (line.strip() for line in SEED_QUESTIONS.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def peak_rss_mb() -> float:
    """The most memory this process has held so far (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def current_rss_mb() -> float:
    """The memory this process holds now (Linux); elsewhere, the peak so far."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return peak_rss_mb()
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def time_calls(call: Callable[[str], object], questions: Sequence[str], budget_s: float) -> list[int]:
    """Nanoseconds per question, one call each; stops early once ``budget_s`` is spent and MIN_TIMED are timed."""
    samples: list[int] = []
    deadline = time.perf_counter() + budget_s
    for question in questions:
        start = time.perf_counter_ns()
        call(question)
        samples.append(time.perf_counter_ns() - start)
        if len(samples) >= MIN_TIMED and time.perf_counter() > deadline:
            break
    return samples


def percentile_ms(samples_ns: Sequence[int], percent: float) -> float:
    """The nearest-rank percentile, in milliseconds."""
    ordered = sorted(samples_ns)
    return ordered[max(1, math.ceil(percent / 100 * len(ordered))) - 1] / 1e6


def latency(samples_ns: Sequence[int]) -> dict[str, float | int]:
    """How many questions were timed, and their p50, p99 and slowest, in milliseconds."""
    return {"n": len(samples_ns), "p50_ms": percentile_ms(samples_ns, 50), "p99_ms": percentile_ms(samples_ns, 99),
            "max_ms": max(samples_ns) / 1e6}


def quality(kb: Any, path: Path) -> dict[str, Any]:
    """Answer quality on a question file (the scorer's format), as the scorer counts it: overall and
    wrong-when-answered."""
    import yaml

    from bench.score_set import score
    from bot.evidence import Evidence

    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    overall, wrong, _ = score(Evidence(kb), items)
    return {"questions": len(items), "overall": overall, "wrong_when_answered": wrong}


def measure_size(size: str, knowledge: Path, questions: int, seed: int, budget_s: float,
                 quality_file: Path | None = None) -> dict[str, Any]:
    """Build the index for one size and time questions against it and against the baseline, in this process."""
    # Imported here, not at the top, so the parent process stays small and a broken matcher fails one size, not all.
    from rapidfuzz import fuzz, process, utils

    from bench.synthetic import member_questions, synthetic_knowledge
    from bot.knowledge import load_knowledge
    from bot.search import Matcher

    started = time.perf_counter()
    base = load_knowledge(knowledge)
    kb = base if size == "seed" else synthetic_knowledge(base, int(size), seed)
    asked = member_questions(kb, WARM_UP + questions, seed, fixed=seed_questions())
    warm_up, timed = asked[:WARM_UP], asked[WARM_UP:]
    generate_s = time.perf_counter() - started

    rss_before = current_rss_mb()
    gc.collect()
    start = time.perf_counter_ns()
    matcher = Matcher(kb)
    build_s = (time.perf_counter_ns() - start) / 1e9
    for question in warm_up:
        matcher.match(question)
    ours = latency(time_calls(matcher.match, timed, budget_s))
    rss_peak = peak_rss_mb()

    texts = [utils.default_process(f"{finding.topic} {stat.label}")
             for source in kb.sources for finding in source.findings for stat in finding.stats]

    def baseline(question: str) -> object:
        return process.extractOne(utils.default_process(question), texts, scorer=fuzz.WRatio)

    for question in warm_up[:3]:
        baseline(question)
    theirs = latency(time_calls(baseline, timed, budget_s))

    row: dict[str, Any] = {
        "size": size, "sources": len(kb.sources), "groups": sum(len(s.findings) for s in kb.sources),
        "findings": len(texts), "questions": len(timed), "generate_s": generate_s, "build_s": build_s,
        "ours": ours, "baseline": theirs,
        "speedup_p50": theirs["p50_ms"] / ours["p50_ms"], "speedup_p99": theirs["p99_ms"] / ours["p99_ms"],
        "rss_before_build_mb": rss_before, "peak_rss_mb": rss_peak,
    }
    if size == "seed":
        row["narrow_checked"] = len(asked)
        row["narrow_mismatches"] = narrow_mismatches(Matcher(kb, narrow=True), Matcher(kb, narrow=False), asked)
    if quality_file is not None and size in QUALITY_SIZES:
        row["quality"] = quality(kb, quality_file)
    return row


def narrow_mismatches(narrowed: Matcher, full: Matcher, questions: Sequence[str]) -> int:
    """How many questions get different targets with FTS5 narrowing forced on and forced off."""
    return sum(narrowed.match(question).targets != full.match(question).targets for question in questions)


# --- running the sizes and the start-up check, in the parent process --------------------------------------------

def run_worker(size: str, args: argparse.Namespace) -> dict[str, Any]:
    """Measure one size in a fresh process; a failure becomes a row holding its error."""
    command = [sys.executable, "-m", "bench.bench_search", "--worker", size, "--questions", str(args.questions),
               "--seed", str(args.seed), "--budget", str(args.budget), "--knowledge", str(args.knowledge)]
    if args.quality:
        command += ["--quality", str(args.quality)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        errors = done.stderr.strip().splitlines() or [f"exit status {done.returncode}"]
        return {"size": size, "error": errors[-1].strip()}
    return json.loads(lines[-1])


def time_process(command: list[str]) -> tuple[float, str]:
    """Wall time of one run of ``command`` from the repository root, and its last error line if it failed."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    error = "" if done.returncode == 0 else (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
    return elapsed, error


def measure_startup(runs: int) -> dict[str, Any]:
    """Median wall time of cold `medbot ask` processes beside `python -c pass`, after one untimed run of each."""
    medbot = Path(sys.executable).with_name("medbot")
    if not medbot.exists():
        return {"runs": 0, "error": f"no medbot console script at {medbot} (pip install -e .)"}
    commands = {"medbot_ask": [str(medbot), "ask", STARTUP_QUESTION], "python_pass": [sys.executable, "-c", "pass"]}
    times: dict[str, list[float]] = {name: [] for name in commands}
    errors: dict[str, str] = {}
    for round_number in range(runs + 1):
        for name, command in commands.items():
            elapsed, error = time_process(command)
            if error:
                errors[name] = error
            if round_number:
                times[name].append(elapsed)
    result: dict[str, Any] = {"runs": runs, "command": f'medbot ask "{STARTUP_QUESTION}"'}
    result.update({f"{name}_median_s": statistics.median(values) for name, values in times.items()})
    if errors:
        result["error"] = "; ".join(f"{name}: {error}" for name, error in errors.items())
    return result


# --- judging and reporting ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    """One target of the issue: ``met`` is None when the run did not measure it; ``size`` is its table row."""

    name: str
    size: str | None
    met: bool | None


def short(size: str) -> str:
    """'seed', '1k', '10k', '100k', or the number as given."""
    return f"{int(size) // 1000}k" if size.isdigit() and int(size) % 1000 == 0 else size


def judge(rows: dict[str, dict[str, Any]], startup: dict[str, Any]) -> list[Target]:
    """Every target, met or not, from the rows measured (a missing or failed size leaves its targets at None)."""

    def check(size: str, test: Callable[[dict[str, Any]], bool]) -> bool | None:
        row = rows.get(size)
        return None if row is None or "error" in row else test(row)

    targets = [Target(f"p99_{short(size)}_le_{limit:g}ms", size, check(size, lambda r, limit=limit: r["ours"]["p99_ms"] <= limit))
               for size, limit in P99_TARGETS_MS.items()]
    targets += [Target(f"speedup_{short(size)}_ge_{SPEEDUP_TARGET:g}x", size,
                       check(size, lambda r: min(r["speedup_p50"], r["speedup_p99"]) >= SPEEDUP_TARGET))
                for size in SPEEDUP_SIZES]
    targets.append(Target(f"build_{short(LARGEST)}_le_{BUILD_TARGET_S:g}s", LARGEST,
                          check(LARGEST, lambda r: r["build_s"] <= BUILD_TARGET_S)))
    targets.append(Target(f"rss_{short(LARGEST)}_le_{RSS_TARGET_MB:g}mb", LARGEST,
                          check(LARGEST, lambda r: r["peak_rss_mb"] <= RSS_TARGET_MB)))
    seed_quality, big_quality = (rows.get(size, {}).get("quality") for size in QUALITY_SIZES)
    targets.append(Target(f"quality_10k_within_{QUALITY_LOSS:g}", QUALITY_SIZES[1],
                          None if not (seed_quality and big_quality)
                          else seed_quality["overall"] - big_quality["overall"] <= QUALITY_LOSS))
    median = startup.get("medbot_ask_median_s")
    met = None if median is None or "error" in startup else median <= STARTUP_TARGET_S
    targets.append(Target(f"startup_le_{STARTUP_TARGET_S * 1000:g}ms", None, met))
    return targets


def ms(value: float) -> str:
    """Milliseconds with about three significant figures."""
    return f"{value:.3f}" if value < 1 else f"{value:.2f}" if value < 100 else f"{value:.0f}"


def table(rows: list[dict[str, Any]], targets: list[Target]) -> str:
    """The rows as an aligned text table."""
    header = ["size", "findings", "build s", "p50 ms", "p99 ms", "base p50/p99 ms", "speedup p50/p99",
              "RSS before/peak MB", "timed ours/base", "targets"]
    lines = [header]
    for row in rows:
        if "error" in row:
            lines.append([short(row["size"]), "failed: " + row["error"]])
            continue
        marks = [f"{t.name} {'ok' if t.met else 'MISS'}"
                 for t in targets if t.size == row["size"] and t.met is not None]
        ours, base = row["ours"], row["baseline"]
        lines.append([
            short(row["size"]), f"{row['findings']:,}", f"{row['build_s']:.2f}", ms(ours["p50_ms"]), ms(ours["p99_ms"]),
            f"{ms(base['p50_ms'])} / {ms(base['p99_ms'])}", f"{row['speedup_p50']:.1f}x / {row['speedup_p99']:.1f}x",
            f"{row['rss_before_build_mb']:.0f} / {row['peak_rss_mb']:.0f}", f"{ours['n']} / {base['n']}",
            ", ".join(marks) or "-",
        ])
    widths = [max(len(line[i]) for line in lines if len(line) == len(header)) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=False)).rstrip() for line in lines)


def report(rows: list[dict[str, Any]], startup: dict[str, Any], targets: list[Target], args: argparse.Namespace,
           load_at_start: float) -> None:
    """Print the table, the machine, start-up and narrowing lines, the missed targets, and last the JSON line."""
    load_at_end = os.getloadavg()[0]
    print(table(rows, targets))
    print(f"\nMachine: {os.cpu_count()} CPUs, load average {load_at_start:.2f} at the start and {load_at_end:.2f} "
          f"at the end (a busy machine inflates p99 and start-up).")
    print(f"Baseline: rapidfuzz process.extractOne(question, texts, scorer=fuzz.WRatio) over every finding's "
          f"'topic label'. Timed questions stop after {args.budget:g} s per measurement (at least {MIN_TIMED}); "
          f"{WARM_UP} warm-up questions first.")
    if "error" in startup:
        print(f"Start-up: failed: {startup['error']}")
    else:
        mark = "ok" if startup["medbot_ask_median_s"] <= STARTUP_TARGET_S else "MISS"
        print(f"Start-up: {startup['command']} median {startup['medbot_ask_median_s']:.3f} s, python -c pass "
              f"{startup['python_pass_median_s']:.3f} s ({startup['runs']} cold runs; target <= {STARTUP_TARGET_S} s "
              f"{mark})")
    for row in rows:
        if "quality" in row:
            scored = row["quality"]
            print(f"Quality at {short(row['size'])}: overall {scored['overall']:.3f}, wrong-when-answered "
                  f"{scored['wrong_when_answered']:.3f} on {scored['questions']} questions ({args.quality.name}).")
    seed_row = next((row for row in rows if row["size"] == "seed" and "error" not in row), None)
    if seed_row is not None:
        print(f"Narrowing: Matcher(narrow=True) and Matcher(narrow=False) differ on {seed_row['narrow_mismatches']} "
              f"of {seed_row['narrow_checked']} questions at the seed size.")
    missed = [t.name for t in targets if t.met is False]
    unmeasured = [t.name for t in targets if t.met is None]
    print(f"Targets missed: {', '.join(missed)}" if missed else "Targets missed: none")
    if unmeasured:
        print(f"Targets not measured in this run: {', '.join(unmeasured)}")
    summary = {
        "benchmark": "search", "python": platform.python_version(), "cpus": os.cpu_count(),
        "load_average": {"start": load_at_start, "end": load_at_end},
        "settings": {"questions": args.questions, "budget_s": args.budget, "seed": args.seed,
                     "startup_runs": args.startup_runs, "warm_up": WARM_UP},
        "sizes": {row["size"]: row for row in rows}, "startup": startup,
        "targets": {t.name: t.met for t in targets}, "missed": missed,
    }
    print(json.dumps(summary, separators=(",", ":")))


# --- command line ------------------------------------------------------------------------------------------------

def parse_sizes(text: str) -> list[str]:
    """'seed,1k,10000' -> ['seed', '1000', '10000']."""
    sizes = []
    for part in (p.strip().lower() for p in text.split(",") if p.strip()):
        number = part[:-1] if part.endswith("k") else part
        if part != "seed" and not number.isdigit():
            raise argparse.ArgumentTypeError(f"'{part}' is not a size (use seed or a number of findings, e.g. 10k)")
        sizes.append(part if part == "seed" else str(int(number) * (1000 if part.endswith("k") else 1)))
    return sizes


def arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line, with --quick's defaults filled in."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, help=f"comma-separated sizes (default {DEFAULT_SIZES}; "
                                                          f"--quick: {QUICK_SIZES})")
    parser.add_argument("--questions", type=int, help="timed questions per size (default 300; --quick: 60)")
    parser.add_argument("--budget", type=float, help="seconds after which a size stops timing more questions, "
                                                     "for the matcher and the baseline each (default 30; --quick: 5)")
    parser.add_argument("--startup-runs", type=int, help="cold runs of medbot ask (default 7; --quick: 3)")
    parser.add_argument("--quick", action="store_true", help="a smoke run in under a minute")
    parser.add_argument("--seed", type=int, default=2024, help="seed of the generated knowledge and questions")
    parser.add_argument("--knowledge", type=Path, default=REPO / "knowledge", help="the seed knowledge folder")
    parser.add_argument("--quality", type=Path, help="score answer quality on this question file at the seed size "
                                                     "and at 10k (default: the team's train set when it is beside "
                                                     "the checkout; none otherwise)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quality is None and DEFAULT_QUALITY.exists():
        args.quality = DEFAULT_QUALITY
    args.sizes = args.sizes or parse_sizes(QUICK_SIZES if args.quick else DEFAULT_SIZES)
    args.questions = args.questions or (60 if args.quick else 300)
    args.budget = args.budget or (5.0 if args.quick else 30.0)
    args.startup_runs = args.startup_runs or (3 if args.quick else 7)
    args.knowledge = args.knowledge.resolve()
    return args


def main(argv: Sequence[str] | None = None) -> None:
    """Measure every size in its own process, then start-up, and report; as --worker, measure one size."""
    args = arguments(argv)
    if args.worker:
        print(json.dumps(measure_size(args.worker, args.knowledge, args.questions, args.seed, args.budget,
                                      args.quality)))
        return
    load_at_start = os.getloadavg()[0]
    rows = []
    for size in args.sizes:
        print(f"measuring {short(size)} ...", file=sys.stderr, flush=True)
        rows.append(run_worker(size, args))
    print("measuring start-up ...", file=sys.stderr, flush=True)
    startup = measure_startup(args.startup_runs)
    report(rows, startup, judge({row["size"]: row for row in rows}, startup), args, load_at_start)


if __name__ == "__main__":
    main()
