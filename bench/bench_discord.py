"""Load benchmark (issue 11): the real bot, as a `medbot run` process, under a burst of interactions through the
local Discord stand-in, beside a baseline bot whose commands reply with one fixed embed (bench/fixed_bot.py).

Run from the repository root:

    .venv/bin/python -m bench.bench_discord                        # 2,000 interactions, 50 in flight, each bot
    .venv/bin/python -m bench.bench_discord --interactions 400     # a quick look

For each bot the stand-in starts on 127.0.0.1, the bot starts as its own process (so its resident memory is its
own), registers its commands and logs in. After 20 warm-up interactions each, the stand-ins send ``--interactions``
interactions to each bot, at most ``--in-flight`` unanswered at once, the two bots taking turns of 200 (``--rounds``)
so both see the same load from the rest of the machine. The mix: 40% /ask (bench/seed_questions.txt and five
off-topic or chatty questions, in turn), 25% /stats, 20% /stats autocomplete, 15% a click on a button of an earlier
answer. Latency is the stand-in's time from dispatching INTERACTION_CREATE to receiving the first callback
(``acked_after``). Errors are interactions not answered within 10 s, answered with the error reply, or that broke
one of Discord's rules (the stand-in checks every request). Resident memory (VmRSS) is read after the first half of
the interactions and at the end. Throughput counts only the time spent in turns.

Targets: no errors, no first response after Discord's 3 seconds, p99 within 2x of the baseline's, memory growth
under 10%. Last comes one JSON line with every figure. The exit status is 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.config import PROJECT_ROOT
from tests.fake_discord import FakeDiscord, InteractionRecord

SEED_QUESTIONS = Path(__file__).with_name("seed_questions.txt")
OFF_TOPIC = ["What is the adult dose of epinephrine in anaphylaxis?", "how many residents use tiktok?",
             "fb in med ed??", "wat % of studys used twiter", "hi"]
QUESTIONS = [line.strip() for line in SEED_QUESTIONS.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")] + OFF_TOPIC
TOPICS = ["tools", "challenges", "speakers", "tweets"]
PREFIXES = ["", "t", "twee", "spe", "chal", "lim"]
DEADLINE = 3.0
CLICKABLE = ("medbot:lim:", "medbot:cite:", "medbot:rel:", "bench:")  # buttons that answer (not delete or report)
WARM_UP = 20


@dataclass
class Run:
    """What one bot did under load."""

    name: str
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    late: int = 0
    seconds: float = 0.0
    rss_first_kb: int = 0
    rss_last_kb: int = 0
    bot_cpu: float = 0.0  # seconds of CPU the bot process used during its turns
    stand_in_cpu: float = 0.0  # seconds of CPU this process (the stand-in and the load) used during them
    kinds: dict[str, int] = field(default_factory=dict)

    def percentile(self, share: float) -> float:
        """Nearest-rank percentile of the latencies, in milliseconds."""
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))] if ordered else 0.0

    def summary(self) -> dict:
        return {
            "bot": self.name, "interactions": len(self.latencies) + len(self.errors),
            "throughput_per_s": round(len(self.latencies) / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(self.percentile(0.50), 1), "p99_ms": round(self.percentile(0.99), 1),
            "max_ms": round(1000 * max(self.latencies, default=0), 1), "errors": len(self.errors),
            "late": self.late, "rss_first_mb": round(self.rss_first_kb / 1024, 1),
            "rss_last_mb": round(self.rss_last_kb / 1024, 1),
            "rss_growth_pct": round(100 * (self.rss_last_kb - self.rss_first_kb) / self.rss_first_kb, 1)
            if self.rss_first_kb else None,
            "bot_cpu_ms_per_interaction": round(1000 * self.bot_cpu / max(1, len(self.latencies)), 2),
            "stand_in_cpu_ms_per_interaction": round(1000 * self.stand_in_cpu / max(1, len(self.latencies)), 2),
            "kinds": self.kinds,
        }


def resident_kb(pid: int) -> int:
    """VmRSS of a process, in kB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def write_config(folder: Path, fake: FakeDiscord) -> Path:
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump({
        "knowledge_dir": str(PROJECT_ROOT / "knowledge"), "index_path": "data/medbot.db",
        "state_path": "data/medbot-state.db", "log_level": "WARNING",
        "discord": {"api_base": fake.api_base, "gateway_url": fake.gateway_url, "guild_ids": [fake.guild_id],
                    "sync_on_start": True, "guild_ready_timeout": 0.05,
                    # one stand-in member asks everything: no per-member cooldown in a load test
                    "cooldown_rate": 10_000, "cooldown_seconds": 1.0},
    }), encoding="utf-8")
    return path


async def start_bot(command: list[str], fake: FakeDiscord) -> asyncio.subprocess.Process:
    """Start the bot process and wait until its commands are registered and it is connected."""
    process = await asyncio.create_subprocess_exec(*command, env={**os.environ, "DISCORD_TOKEN": fake.token},
                                                   stdout=asyncio.subprocess.DEVNULL,
                                                   stderr=asyncio.subprocess.DEVNULL, cwd=PROJECT_ROOT)
    await fake.wait_for(lambda: fake.commands.find("stats", 1, fake.guild_id) is not None
                        and fake.gateway.ready_count >= 1,
                        timeout=60, what="the bot registered and connected")
    await asyncio.sleep(0.5)  # discord.py's guild_ready_timeout, then on_ready
    return process


async def one(fake: FakeDiscord, index: int, buttons: list[tuple[object, str]], run: Run) -> InteractionRecord:
    """Send interaction number ``index`` of the mix and return its record once answered."""
    slot = index % 20
    if slot < 8:
        kind, record = "ask", await fake.invoke_slash("ask", {"question": QUESTIONS[index % len(QUESTIONS)]})
    elif slot < 13 or (slot >= 17 and not buttons):
        kind, record = "stats", await fake.invoke_slash("stats", {"topic": TOPICS[index % len(TOPICS)]})
    elif slot < 17:
        kind = "autocomplete"
        record = await fake.invoke_autocomplete("stats", "topic", PREFIXES[index % len(PREFIXES)])
    else:
        message, custom_id = buttons[index % len(buttons)]
        kind, record = "button", await fake.click_button(message, custom_id)
    run.kinds[kind] = run.kinds.get(kind, 0) + 1
    await record.wait_response(timeout=10)
    if kind == "stats" and record.message is not None:
        ids = [b["custom_id"] for b in record.message.buttons if b.get("custom_id", "").startswith(CLICKABLE)]
        if ids and len(buttons) < 50:
            buttons.append((record.message, ids[index % len(ids)]))
    return record


@dataclass
class Bot:
    """One bot process, its stand-in, and what it did so far."""

    fake: FakeDiscord
    process: asyncio.subprocess.Process
    run: Run
    buttons: list[tuple[object, str]] = field(default_factory=list)
    sent: int = 0


async def chunk(bot: Bot, count: int, in_flight: int) -> None:
    """Send ``count`` interactions to ``bot``, at most ``in_flight`` unanswered at once; record each."""
    gate = asyncio.Semaphore(in_flight)
    run = bot.run

    async def task(index: int) -> None:
        async with gate:
            try:
                record = await one(bot.fake, index, bot.buttons, run)
            except Exception as exc:  # noqa: BLE001 - a load test counts failures, whatever they are
                run.errors.append(f"#{index}: {type(exc).__name__}: {exc}"[:300])
                return
            if record.errors or record.callback_type is None or record.acked_after is None:
                run.errors.append(f"#{index}: {record.errors or 'no callback'}")
            elif record.message is not None and record.content.startswith("Sorry, something went wrong"):
                run.errors.append(f"#{index}: the error reply")
            else:
                run.latencies.append(record.acked_after)
                run.late += record.acked_after > DEADLINE

    started, cpu, own = time.perf_counter(), cpu_seconds(bot.process.pid), time.process_time()
    await asyncio.gather(*(task(bot.sent + index) for index in range(count)))
    run.seconds += time.perf_counter() - started
    run.bot_cpu += cpu_seconds(bot.process.pid) - cpu
    run.stand_in_cpu += time.process_time() - own
    bot.sent += count


async def measure(named_commands: dict[str, list[str]], count: int, in_flight: int, rounds: int) -> list[Run]:
    """Start every bot on its own stand-in, then load them in turns of ``count / rounds`` interactions each, so
    both see the same machine (other processes' load changes over a run)."""
    async with contextlib.AsyncExitStack() as stack:
        bots = []
        for name, command in named_commands.items():
            fake = await stack.enter_async_context(FakeDiscord(check_on_exit=False))
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            process = await start_bot([*command, "--config", str(write_config(folder, fake))], fake)
            stack.push_async_callback(stop_bot, process)
            bots.append(Bot(fake, process, Run(name)))
        for bot in bots:
            warm = Run("warm-up")
            for _ in range(WARM_UP):
                await one(bot.fake, bot.sent, bot.buttons, warm)
                bot.sent += 1
        for turn in range(rounds):
            for bot in bots:
                await chunk(bot, count // rounds, in_flight)
                if turn == rounds // 2 - 1:
                    bot.run.rss_first_kb = resident_kb(bot.process.pid)
        for bot in bots:
            bot.run.rss_last_kb = resident_kb(bot.process.pid)
            bot.run.errors += [f"stand-in: {failure}"[:300] for failure in bot.fake.failures]
        return [bot.run for bot in bots]


async def stop_bot(process: asyncio.subprocess.Process) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(process.wait(), 20)
    except TimeoutError:
        process.kill()


def table(runs: list[Run]) -> str:
    header = ("bot", "n", "throughput/s", "p50 ms", "p99 ms", "max ms", "errors", "late >3 s", "RSS half MB",
              "RSS end MB", "growth", "CPU ms/i bot", "stand-in")
    rows = [header]
    for run in runs:
        s = run.summary()
        rows.append((s["bot"], str(s["interactions"]), f"{s['throughput_per_s']:.1f}", f"{s['p50_ms']:.1f}",
                     f"{s['p99_ms']:.1f}", f"{s['max_ms']:.1f}", str(s["errors"]), str(s["late"]),
                     f"{s['rss_first_mb']:.1f}", f"{s['rss_last_mb']:.1f}", f"{s['rss_growth_pct']}%",
                     f"{s['bot_cpu_ms_per_interaction']:.2f}", f"{s['stand_in_cpu_ms_per_interaction']:.2f}"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.rjust(widths[i]) if i else cell.ljust(widths[i]) for i, cell in enumerate(row))
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--interactions", type=int, default=2000)
    parser.add_argument("--in-flight", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=10, help="turns each bot gets (default 10: 200 each)")
    args = parser.parse_args()
    medbot = str(Path(sys.executable).with_name("medbot"))
    baseline, ours = asyncio.run(measure({"baseline (fixed embed)": [sys.executable, "-m", "bench.fixed_bot"],
                                          "medbot run": [medbot, "run"]}, args.interactions, args.in_flight,
                                         args.rounds))
    print(f"{args.interactions} interactions per bot in {args.rounds} alternating turns, {args.in_flight} in flight, "
          f"after {WARM_UP} warm-up; latency = INTERACTION_CREATE sent -> first callback received")
    print(table([baseline, ours]))
    ratio = ours.percentile(0.99) / baseline.percentile(0.99) if baseline.latencies else None
    growth = ours.summary()["rss_growth_pct"]
    targets = {"no_errors": not ours.errors, "no_late": ours.late == 0,
               "p99_within_2x": ratio is not None and ratio <= 2.0, "memory_growth_under_10pct": growth is not None
               and growth < 10}
    print(f"p99 ratio medbot/baseline: {ratio:.2f}x" if ratio else "p99 ratio: not measured")
    for error in (baseline.errors + ours.errors)[:10]:
        print(f"  error: {error}")
    print(json.dumps({"baseline": baseline.summary(), "medbot": ours.summary(), "p99_ratio": ratio,
                      "targets": targets}))


if __name__ == "__main__":
    main()
