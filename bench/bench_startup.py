"""Start-up time with a large knowledge base: parsing the YAML at every start (before) against loading the built
SQLite index (after), and the first start after the YAML changed (a rebuild), each in a fresh process.

    .venv/bin/python -m bench.bench_startup                 # 100k findings (one finding = one statistic)
    .venv/bin/python -m bench.bench_startup --sizes 10k,100k

For each size it writes the seed knowledge base plus N synthetic findings (bench/synthetic.py) as YAML files into a
temporary folder, then times, in a fresh process each: ``load_knowledge`` (what start-up did before: parse and
validate every file), ``served_knowledge`` with a current index (what it does now), and ``served_knowledge`` after a
file changed (validate, rebuild the index). "ready" adds building the matcher and answering one question, which is
the same work either way. Medians of --repeat runs.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from bench.synthetic import synthetic_knowledge
from bot.knowledge import load_knowledge
from bot.schema import Denominator, Value

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

PROBE = """
import sys, time
started = time.perf_counter()
from pathlib import Path
from bot.evidence import Evidence
from bot.knowledge import load_knowledge
from bot.store import served_knowledge
knowledge, index, how = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
kb = load_knowledge(knowledge) if how == "yaml" else served_knowledge(knowledge, index)
loaded = time.perf_counter()
Evidence(kb).ask("which tools were used most")
print(loaded - started, time.perf_counter() - started)
"""


def to_data(record: Any) -> Any:
    """A schema record as the YAML a moderator would write (empty fields left out)."""
    if isinstance(record, Value):
        return int(record.text) if record.text.isdigit() else record.text
    if isinstance(record, Denominator):
        return {"n": to_data(record.n), "unit": record.unit}
    if dataclasses.is_dataclass(record):
        out = {}
        for field in dataclasses.fields(record):
            value = getattr(record, field.name)
            if field.name != "file" and value is not None and value is not False and value not in ("", ()):
                out[field.name] = to_data(value)
        return out
    if isinstance(record, tuple):
        return [to_data(item) for item in record]
    return record


def write_base(folder: Path, findings: int) -> int:
    """The seed knowledge files plus ``findings`` synthetic ones; return how many files."""
    seed = load_knowledge(ROOT / "knowledge")
    for path in (ROOT / "knowledge").glob("*.yaml"):
        (folder / path.name).write_bytes(path.read_bytes())
    kb = synthetic_knowledge(seed, findings)
    for source in kb.sources[len(seed.sources):]:
        (folder / f"{source.id}.yaml").write_text(yaml.dump(to_data(source), Dumper=DUMPER, sort_keys=False,
                                                            allow_unicode=True), encoding="utf-8")
    return len(list(folder.glob("*.yaml")))


def probe(knowledge: Path, index: Path, how: str) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", PROBE, str(knowledge), str(index), how], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1])



def measure(findings: int, repeat: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        knowledge, index = Path(tmp) / "knowledge", Path(tmp) / "data" / "medbot.db"
        knowledge.mkdir()
        files = write_base(knowledge, findings)
        original = (knowledge / "cheston-2013.yaml").read_text(encoding="utf-8")
        before = [probe(knowledge, index, "yaml") for _ in range(repeat)]
        probe(knowledge, index, "index")  # build once
        after = [probe(knowledge, index, "index") for _ in range(repeat)]
        rebuild = []
        for step in range(repeat):
            (knowledge / "cheston-2013.yaml").write_text(original.replace("conclusion: ", f"conclusion: ({step}) ", 1),
                                                         encoding="utf-8")
            rebuild.append(probe(knowledge, index, "index"))
        size = index.stat().st_size

    def med(runs: list[tuple[float, float]], which: int) -> float:
        return statistics.median(run[which] for run in runs)

    return {"findings": findings, "files": files, "index_mb": round(size / 1e6, 1),
            "before_load_s": med(before, 0), "after_load_s": med(after, 0), "rebuild_load_s": med(rebuild, 0),
            "before_ready_s": med(before, 1), "after_ready_s": med(after, 1), "rebuild_ready_s": med(rebuild, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k", help="comma-separated: 1k, 10k, 100k")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = []
    print(f"{'findings':>9} {'files':>6} {'index MB':>8} | {'load: YAML':>10} {'index':>7} {'ratio':>6} "
          f"{'rebuild':>8} | {'ready: YAML':>11} {'index':>7} {'rebuild':>8}")
    for name in args.sizes.split(","):
        started = time.monotonic()
        row = measure(SIZES[name.strip()], args.repeat)
        rows.append(row)
        print(f"{row['findings']:>9,} {row['files']:>6,} {row['index_mb']:>8} | {row['before_load_s']:>9.2f}s "
              f"{row['after_load_s']:>6.2f}s {row['before_load_s'] / row['after_load_s']:>5.1f}x "
              f"{row['rebuild_load_s']:>7.2f}s | {row['before_ready_s']:>10.2f}s {row['after_ready_s']:>6.2f}s "
              f"{row['rebuild_ready_s']:>7.2f}s   ({time.monotonic() - started:.0f} s)", flush=True)
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
