"""The `medbot` command line: ask from a terminal, keep the knowledge base, run the Discord bot.

Expected failures become a plain sentence and a non-zero exit status, never a traceback. The ask/stats/study paths
never import discord, so they start fast.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import click

from bot.answers import Answer
from bot.citations import STYLES
from bot.config import ConfigError, Settings, load_settings
from bot.control_chars import strip_controls
from bot.knowledge import KnowledgeError, load_knowledge
from bot.render_text import to_json, to_terminal

if TYPE_CHECKING:  # imported where used, so asking never loads the editing machinery
    from bot.evidence import Evidence
    from bot.state import Revision

log = logging.getLogger(__name__)
ASK_FAILED = "Sorry, something went wrong while answering that question ({error}); please report it with the question."


class KnowledgeProblems(click.ClickException):
    """Validation problems: one located line each, exit status 1."""

    exit_code = 1

    def __init__(self, error: KnowledgeError) -> None:
        super().__init__(str(error))

    def show(self, file: Any = None) -> None:
        """Print the sentence alone, without click's 'Error:' prefix."""
        click.echo(self.message, err=True)


def emit(data: Any, as_json: bool, human: Callable[[], str]) -> None:
    """Print ``data`` as one JSON line, or its human rendering, with no control character a terminal would obey."""
    click.echo(json_line(data) if as_json else strip_controls(human()))


def json_line(data: Any) -> str:
    """``data`` as one line of JSON, its texts without control characters (a script may print them)."""
    def plain(value: Any) -> Any:
        if isinstance(value, str):
            return strip_controls(value)
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [plain(item) for item in value]
        return value

    return json.dumps(plain(data), ensure_ascii=False)


def common(command: Callable) -> Callable:
    """Give a command the shared --config and --json options and hand it loaded Settings."""

    @click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False),
                  help="Settings file (default: ./config.yaml).")
    @click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
    @functools.wraps(command)
    def wrapper(config_path: Path | None, **kwargs: Any) -> Any:
        try:
            settings = load_settings(config_path)
        except ConfigError as exc:
            raise click.ClickException(str(exc)) from None
        return command(settings=settings, **kwargs)

    return wrapper


def evidence(settings: Settings):  # noqa: ANN201 - returns bot.evidence.Evidence, imported lazily
    """The evidence core for ``settings``' knowledge base; validation problems end the command."""
    from bot.evidence import Evidence
    from bot.store import served_knowledge

    def warn(message: str) -> None:
        click.echo(f"Note: {message}", err=True)

    try:
        return Evidence(served_knowledge(settings.knowledge_dir, settings.index_path, warn=warn))
    except KnowledgeError as exc:
        raise KnowledgeProblems(exc) from None


def lookup(call: Callable[[], Any]) -> Any:
    """Run a core lookup, turning 'not found' into a plain error."""
    from bot.citations import UnknownStyle
    from bot.evidence import NotFound

    try:
        return call()
    except (NotFound, UnknownStyle) as exc:
        raise click.ClickException(str(exc)) from None


def asked(core: Evidence, question: str) -> Answer:
    """The core's answer to ``question``; a fault of the bot while answering becomes a plain error, its traceback
    kept for the debug log, so nobody at the terminal reads one."""
    try:
        return core.ask(question)
    except Exception as exc:
        log.debug("answering %r failed", question[:200], exc_info=True)
        raise click.ClickException(ASK_FAILED.format(error=type(exc).__name__)) from None


def batch_reply(core: Evidence, question: str) -> dict[str, Any]:
    """One JSON reply of ``medbot ask --batch``: a question that trips a fault of the bot gets a reply saying so,
    and the batch goes on."""
    try:
        return to_json(asked(core, question))
    except click.ClickException as exc:
        return {"answered": False, "text": exc.message, "reason": "internal error"}


def show_answer(answer: Answer, as_json: bool) -> None:
    """Print an answer for people, or as JSON."""
    emit(to_json(answer), as_json, lambda: to_terminal(answer))


def question_lines(stream: BinaryIO) -> Iterator[str]:
    """Each line of ``stream`` as a question, on its own: bytes that are not UTF-8 become U+FFFD, and of a very long
    line only the part the matcher reads is kept (the rest is skipped in chunks, so a 1 GB line costs kilobytes)."""
    from bot.evidence import MAX_QUESTION_CHARS

    keep = MAX_QUESTION_CHARS * 4  # UTF-8 needs at most four bytes a character
    while line := stream.readline(keep):
        if len(line) == keep and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 16)) and not rest.endswith(b"\n"):
                pass
        yield line.decode("utf-8", errors="replace").rstrip("\r\n")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="meded-evidence-bot")
def main() -> None:
    """MedEd Evidence Bot: what the research says about social media in medical education.

    Try: medbot ask "which social media tools were used most?"
    """


@main.command()
@click.argument("question", nargs=-1)
@click.option("--batch", is_flag=True, help="Read one question a line on stdin; print one JSON answer a line.")
@click.option("--explain", is_flag=True,
              help="Show how the question was read: terms and weights, top candidates, the decision and why.")
@common
def ask(settings: Settings, question: tuple[str, ...], batch: bool, explain: bool, as_json: bool) -> None:
    """Ask a question in your own words."""
    core = evidence(settings)
    if batch:
        for line in question_lines(sys.stdin.buffer):
            click.echo(json_line(batch_reply(core, line)))
            sys.stdout.flush()
        return
    text = " ".join(question).strip()
    if not text:
        raise click.UsageError('ask what? e.g. medbot ask "which tools were used most?"')
    if explain:
        from bot.explain import explanation_json, explanation_lines

        match = core.explain(text)
        answer = core.answer_match(match, text)
        emit({**to_json(answer), "explanation": explanation_json(match, core.target_name)}, as_json,
             lambda: "\n".join([*explanation_lines(match, core.target_name), "", to_terminal(answer)]))
        return
    show_answer(asked(core, text), as_json)


@main.command()
@click.argument("topic", nargs=-1, required=True)
@common
def stats(settings: Settings, topic: tuple[str, ...], as_json: bool) -> None:
    """Every figure of one topic, e.g. `medbot stats tools` (see `medbot topics`)."""
    core = evidence(settings)
    show_answer(lookup(lambda: core.stats(" ".join(topic))), as_json)


@main.command()
@click.argument("study_id")
@common
def study(settings: Settings, study_id: str, as_json: bool) -> None:
    """A whole study: design, questions, every finding, limitations, conclusion, citation."""
    core = evidence(settings)
    show_answer(lookup(lambda: core.study(study_id)), as_json)


@main.command()
@click.argument("study_id")
@common
def limitations(settings: Settings, study_id: str, as_json: bool) -> None:
    """The limitations of a study."""
    core = evidence(settings)
    show_answer(lookup(lambda: core.limitations(study_id)), as_json)


@main.command()
@click.argument("study_id")
@click.option("--style", type=click.Choice(list(STYLES), case_sensitive=False),
              default="ama", show_default=True, help="Citation style.")
@common
def cite(settings: Settings, study_id: str, style: str, as_json: bool) -> None:
    """Cite a study in AMA (11th edition), as the source writes it, Vancouver, APA, BibTeX or RIS.

    STUDY_ID 'all' gives a reference list of every source (with --style ris or bibtex, a file to import).
    """
    from bot.citations import reference_list

    core = evidence(settings)
    if study_id.strip().lower() == "all":
        text = reference_list(core.kb.studies_first, style).rstrip("\n")
    else:
        text = lookup(lambda: core.cite(study_id, style))
    emit({"id": study_id, "style": style.lower(), "citation": text}, as_json, lambda: text)


@main.command()
@common
def topics(settings: Settings, as_json: bool) -> None:
    """What can be asked: every topic with its figures, and the studies."""
    core = evidence(settings)
    rows = [
        {"topic": t.finding.id, "name": t.name, "source": t.source.id, "stats": [s.label for s in t.finding.stats]}
        for t in core.topics
    ]
    sources = [{"id": s.id, "name": s.short_name, "title": s.title} for s in core.kb.sources]

    def human() -> str:
        width = max((len(r["topic"]) for r in rows), default=0)
        lines = ["Topics (medbot stats TOPIC):"]
        lines += [f"  {r['topic'].ljust(width)}  {r['name']}: {', '.join(r['stats'])}" for r in rows]
        lines += ["", "Sources (medbot study ID, medbot limitations ID, medbot cite ID):"]
        id_width = max((len(s["id"]) for s in sources), default=0)
        lines += [f"  {s['id'].ljust(id_width)}  {s['name']}: {s['title']}" for s in sources]
        lines += ["", 'Or just ask: medbot ask "what % of speakers used LinkedIn?"']
        return "\n".join(lines)

    emit({"topics": rows, "sources": sources}, as_json, human)


@main.group()
def kb() -> None:
    """Validate, index and format the knowledge base."""


@kb.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@common
def validate(settings: Settings, paths: tuple[Path, ...], as_json: bool) -> None:
    """Check knowledge files (default: the knowledge folder). Exit status 1 on any problem.

    A file checked on its own may cite the sources of the configured knowledge folder.
    """
    targets = list(paths) or [settings.knowledge_dir]
    try:
        knowledge = load_knowledge(targets, references=settings.knowledge_dir if paths else None)
    except KnowledgeError as exc:
        if as_json:
            click.echo(json_line({"ok": False, "problems": [dataclasses.asdict(p) for p in exc.shown], "more": exc.hidden}))
            sys.exit(1)
        raise KnowledgeProblems(exc) from None
    summary = {"ok": True, "sources": len(knowledge.sources),
               "findings": sum(len(s.findings) for s in knowledge.sources),
               "stats": sum(len(f.stats) for s in knowledge.sources for f in s.findings)}
    emit(summary, as_json, lambda: f"OK: {summary['sources']} sources, {summary['findings']} findings, "
                                    f"{summary['stats']} statistics")


@kb.command()
@common
def build(settings: Settings, as_json: bool) -> None:
    """Validate the knowledge base and (re)build its SQLite index, atomically."""
    from bot.store import IndexFileError, build_index

    try:
        knowledge = load_knowledge(settings.knowledge_dir)
    except KnowledgeError as exc:
        raise KnowledgeProblems(exc) from None
    progress = (lambda _: None) if as_json else (lambda message: click.echo(f"  {message}", err=True))
    try:
        counts = build_index(knowledge, settings.index_path, progress)
    except IndexFileError as exc:
        raise click.ClickException(str(exc)) from None
    emit({"index": str(settings.index_path), "tables": counts}, as_json,
         lambda: f"Built {settings.index_path}: " + ", ".join(f"{n} {t}" for t, n in counts.items() if t != "kb_meta"))


def require_token() -> str:
    """The token from DISCORD_TOKEN, or exit 2 with how to set it."""
    from bot.config import TOKEN_VARIABLE, discord_token

    token = discord_token()
    if token is None:
        click.echo(f"{TOKEN_VARIABLE} is not set. Copy the bot token from the Discord Developer Portal "
                   f"(your application > Bot > Reset Token), then:\n  export {TOKEN_VARIABLE}=...\n"
                   "See the README, 'Running it in your server'.", err=True)
        sys.exit(2)
    if not token.isascii() or not token.isprintable() or " " in token:
        click.echo(f"{TOKEN_VARIABLE} holds a character no bot token has (a space, a line break or another control "
                   "character). Copy the token again from the Developer Portal and set it on one line.", err=True)
        sys.exit(2)
    return token


@main.command()
@common
def run(settings: Settings, as_json: bool) -> None:
    """Run the Discord bot (token from DISCORD_TOKEN) until SIGINT or SIGTERM."""
    token = require_token()
    from bot.client import StartupError, run_bot

    try:
        run_bot(settings, token)
    except StartupError as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@click.option("--guild", "guild_ids", type=int, multiple=True,
              help="Guild id to register the commands in (repeatable; default: discord.guild_ids in the config, "
                   "or globally if that is empty).")
@common
def sync(settings: Settings, guild_ids: tuple[int, ...], as_json: bool) -> None:
    """Register the slash commands with Discord (over REST; the bot need not be running)."""
    token = require_token()
    from bot.client import StartupError, sync_commands

    try:
        synced = sync_commands(settings, token, guild_ids or None)
    except StartupError as exc:
        raise click.ClickException(str(exc)) from None
    where = ", ".join(str(g) for g in guild_ids or settings.discord.guild_ids) or "global"
    emit({"synced": synced, "where": where}, as_json,
         lambda: f"Registered {len(synced)} command(s) ({', '.join(synced)}) in: {where}")


def editor_for(settings: Settings):  # noqa: ANN201 - returns bot.editing.Editor, imported lazily
    """The editor of the configured knowledge folder, recording in the configured state database."""
    from bot.editing import Editor
    from bot.state import State, StateError

    try:
        return Editor(settings.knowledge_dir, settings.index_path, State(settings.state_path))
    except StateError as exc:
        raise click.ClickException(str(exc)) from None


def shell_user() -> str:
    """Who made a change from the shell, as revisions record it."""
    import getpass

    try:
        return f"{getpass.getuser()} (shell)"
    except (KeyError, OSError):
        return "shell"


def edited(call: Callable[[], Any]) -> Any:
    """Run an edit, turning a refused one into a plain error (exit 1) that says nothing was written."""
    from bot.editing import EditError

    try:
        return call()
    except EditError as exc:
        raise click.ClickException(str(exc)) from None


def revision_json(revision: Revision, with_files: bool = False) -> dict[str, Any]:
    """A revision as plain data (the whole files only when asked for)."""
    data = {k: v for k, v in dataclasses.asdict(revision).items() if k not in ("before", "after")}
    if with_files:
        data.update(before=revision.before, after=revision.after)
    return data


def applied_report(applied: Any, as_json: bool) -> None:
    """Print what an applied edit changed."""
    revision, diff = applied.revision, applied.diff
    emit({**revision_json(revision), "diff": diff, "warning": applied.warning}, as_json,
         lambda: f"{diff}Revision {revision.id}: {revision.summary}" + (f"\nNote: {applied.warning}"
                                                                         if applied.warning else ""))


@kb.command("set")
@click.argument("address")
@click.argument("value")
@click.option("--reason", required=True, help="Why (kept in the revision history).")
@common
def set_figure_command(settings: Settings, address: str, value: str, reason: str, as_json: bool) -> None:
    """Change one figure: medbot kb set cheston-2013/tools/Blogs 71% --reason "as the source states"."""
    from bot.editing import set_figure, split_address

    editor = editor_for(settings)
    source_id, finding_id, label = edited(lambda: split_address(address))
    proposal = edited(lambda: editor.change(source_id, lambda data: set_figure(data, finding_id, label, value)))
    applied = edited(lambda: editor.apply(proposal, shell_user(), reason))
    applied_report(applied, as_json)


@kb.command()
@click.argument("source", required=False)
@click.option("--limit", default=20, show_default=True, help="How many revisions, newest first.")
@common
def history(settings: Settings, source: str | None, limit: int, as_json: bool) -> None:
    """Revisions of the knowledge base (of one source), newest first."""
    editor = editor_for(settings)
    edited(editor.settle)
    revisions = editor.state.revisions(source, limit=limit)
    rows = [revision_json(r) for r in revisions]

    def human() -> str:
        if not rows:
            return "No revisions yet."
        return "\n".join(f"{r.id:>4}  {r.at.replace('T', ' ')[:16]}  {r.who}  {r.summary}"
                         + (f"  (reason: {r.reason})" if r.reason else "") for r in revisions)

    emit({"revisions": rows}, as_json, human)


@kb.command()
@click.argument("revision", type=int)
@click.option("--reason", default="", help="Why (kept in the revision history).")
@common
def undo(settings: Settings, revision: int, reason: str, as_json: bool) -> None:
    """Restore a file as it was before REVISION, byte for byte, as a new revision."""
    editor = editor_for(settings)
    applied_report(edited(lambda: editor.undo(revision, shell_user(), reason)), as_json)


@kb.command()
@click.option("--limit", default=25, show_default=True, help="How many gaps to list.")
@common
def gaps(settings: Settings, limit: int, as_json: bool) -> None:
    """Questions the bot could not answer and reported answers, most frequent first, near-duplicates grouped."""
    from bot.gaps import group_gaps
    from bot.state import State, StateError

    try:
        state = State(settings.state_path)
    except StateError as exc:
        raise click.ClickException(str(exc)) from None
    state.prune(settings.moderation.retention_days)
    found = group_gaps(state.logged())[:limit]

    def human() -> str:
        if not found:
            return "No unanswered or reported questions logged."
        lines = []
        for gap in found:
            kinds = ", ".join(part for part in (f"{gap.unanswered} unanswered" if gap.unanswered else "",
                                                f"{gap.reported} reported" if gap.reported else "") if part)
            lines.append(f"{gap.count:>4}x  {gap.question}  ({kinds}; last {gap.last_at[:10]})")
            lines += [f"        also: {variant}" for variant in gap.variants[:3]]
            lines += [f"        note: {note}" for note in gap.notes[:3]]
        return "\n".join(lines)

    emit({"gaps": [gap.as_json() for gap in found]}, as_json, human)


@kb.command("format")
@click.option("--check", is_flag=True, help="Only list files not in canonical form; exit 1 if any.")
@common
def format_command(settings: Settings, check: bool, as_json: bool) -> None:
    """Rewrite the knowledge files in canonical form (what the bot itself writes), changing no value."""
    from bot.editing import format_file

    files, problems = knowledge_files_or_fail(settings)
    changed = [file for file in files if edited(lambda file=file: format_file(file, write=not check))]
    names = [str(file) for file in changed]
    if check:
        emit({"not_canonical": names}, as_json,
             lambda: "\n".join(f"not canonical: {n}" for n in names) or "Every file is in canonical form.")
        if names:
            sys.exit(1)
        return
    emit({"formatted": names}, as_json, lambda: "\n".join(f"formatted {n}" for n in names) or "Nothing to change.")


def knowledge_files_or_fail(settings: Settings) -> tuple[list[Path], list]:
    """The knowledge files, or a plain error if the folder holds none."""
    from bot.knowledge import knowledge_files

    files, problems = knowledge_files([settings.knowledge_dir])
    if problems:
        raise click.ClickException("; ".join(str(p) for p in problems))
    return files, problems
