"""The Moderation cog: the /kb commands, and the knowledge base in service, swapped when it changes.

Each /kb handler checks the user, then hands over to the module that does the work (:mod:`.forms`, :mod:`.spots`,
:mod:`.history`, :mod:`.reports`); every change goes through :meth:`Moderation.preview` and
:meth:`Moderation.confirm`.
"""

from __future__ import annotations

import asyncio
import io
import logging
import zipfile
from collections.abc import Callable
from contextlib import closing
from typing import TypeVar

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.changes import Changes, compare
from bot.client import MedEdBot
from bot.editing import EditError, Editor, Proposal, import_file, knowledge_file
from bot.evidence import Evidence
from bot.gaps import Gap, group_gaps
from bot.knowledge import KnowledgeBase, KnowledgeError, knowledge_files, load_knowledge
from bot.render_discord import NO_MENTIONS, Tone, notice_embed, shorten
from bot.state import State, StateError
from bot.store import IndexFileError, build_index, served_knowledge
from bot.yaml_source import MAX_FILE_BYTES
from commands.moderation.forms import add_form, edit_form
from commands.moderation.history import history_page
from commands.moderation.permissions import check_moderator, is_moderator, who
from commands.moderation.preview import Previews, applied_embed, diff_embed, preview_view
from commands.moderation.reports import ReportModal, gaps_text, question_and_answer
from commands.moderation.spots import (
    ADD_TO,
    ADDABLE,
    CHOICES_LIMIT,
    EDITABLE,
    REMOVABLE,
    Kind,
    choices_for,
    parse_spot,
    removal,
)
from commands.replies import send_notice

log = logging.getLogger(__name__)
T = TypeVar("T")

PROBLEMS_SHOWN = 15

#: /kb add's ``kind`` choices (the values are sent to Discord when the commands are synced).
KIND_CHOICES = [app_commands.Choice(name=kind.value, value=kind.value) for kind in ADDABLE]

#: A knowledge file as the watcher sees it: name, size and modification time.
FileSeen = tuple[str, int, int]


class Moderation(commands.Cog):
    """The /kb group, the "Wrong answer?" reports and the log of questions the bot could not answer."""

    kb = app_commands.Group(name="kb", description="Moderators: keep the knowledge base right", guild_only=True,
                            default_permissions=discord.Permissions(manage_guild=True))

    def __init__(self, bot: MedEdBot) -> None:
        self.bot = bot
        self.settings = bot.settings
        self.seen = self.files_seen()
        self.swap_lock = asyncio.Lock()
        self.previews = Previews()

    async def cog_load(self) -> None:
        """Start watching the knowledge files for edits made from the shell; drop logged questions past retention."""
        self.watch.change_interval(seconds=self.settings.moderation.reload_seconds)
        self.watch.start()
        self.prune.start()

    async def cog_unload(self) -> None:
        """Stop watching and pruning."""
        self.watch.cancel()
        self.prune.cancel()

    # -- the knowledge base in service -------------------------------------------------------------------------------

    async def swap(self, kb: KnowledgeBase) -> Changes:
        """Put a new knowledge base in service at once; questions being answered finish on the old one."""
        evidence = await asyncio.to_thread(Evidence, kb)
        async with self.swap_lock:
            old, self.bot.evidence = self.bot.evidence, evidence
            self.seen = await asyncio.to_thread(self.files_seen)
        log.info("Knowledge base %s is in service (was %s)", kb.version, old.kb.version)
        return compare(old.kb, kb)

    def files_seen(self) -> tuple[FileSeen, ...]:
        """Each knowledge file's name, size and modification time: cheap to compare, changes with every write."""
        files, _ = knowledge_files([self.settings.knowledge_dir])
        seen = []
        for file in files:
            try:
                info = file.stat()
            except OSError:
                continue
            seen.append((file.name, info.st_size, info.st_mtime_ns))
        return tuple(seen)

    @tasks.loop(seconds=5.0)
    async def watch(self) -> None:
        """Swap in the knowledge base when its files changed on disk (an edit from the shell)."""
        seen = await asyncio.to_thread(self.files_seen)
        if seen == self.seen:
            return
        self.seen = seen
        try:
            kb = await asyncio.to_thread(served_knowledge, self.settings.knowledge_dir, self.settings.index_path)
        except KnowledgeError as exc:
            log.warning("The knowledge files changed but have problems; still serving the old base:\n%s", exc)
            return
        if kb.version != self.bot.evidence.kb.version:
            changes = await self.swap(kb)
            await self.tell_moderators("Knowledge base reloaded from its files",
                                       "\n".join(changes.lines()[:20]) or "No findings or figures changed.")

    @watch.error
    async def watch_failed(self, error: BaseException) -> None:
        """Log, and keep watching."""
        log.error("Watching the knowledge files failed", exc_info=error)
        if not self.watch.is_running():
            self.watch.restart()

    @tasks.loop(hours=6)
    async def prune(self) -> None:
        """Delete reports and unanswered questions older than ``moderation.retention_days``."""
        days = self.settings.moderation.retention_days
        try:
            removed = await asyncio.to_thread(self.in_state, lambda state: state.prune(days))
        except Exception:  # the log is a convenience: failing to prune must not stop the bot
            log.exception("Could not prune the question log")
            return
        if removed:
            log.info("Deleted %d logged question(s) older than %d days", removed, days)

    # -- shared steps ------------------------------------------------------------------------------------------------

    def in_state(self, work: Callable[[State], T]) -> T:
        """Run ``work`` on the state database (revisions and the question log), closing it after; blocks."""
        with closing(State(self.settings.state_path)) as state:
            return work(state)

    async def in_editor(self, work: Callable[[Editor], T]) -> T:
        """Run ``work`` with an editor, in a worker thread (files, SQLite and validation block)."""
        def job() -> T:
            with closing(State(self.settings.state_path)) as state:
                return work(Editor(self.settings.knowledge_dir, self.settings.index_path, state))

        try:
            return await asyncio.to_thread(job)
        except StateError as exc:
            raise EditError(str(exc)) from None

    async def preview(self, interaction: discord.Interaction[MedEdBot], make: Callable[[Editor], Proposal],
                      reason: str) -> None:
        """Validate a change and show it with Confirm and Cancel; a refused change is a private sentence."""
        await interaction.response.defer(thinking=True)
        try:
            proposal = await self.in_editor(make)
        except EditError as refused:
            await interaction.followup.send(embed=notice_embed("Not possible", str(refused), Tone.ERROR),
                                            allowed_mentions=NO_MENTIONS)
            return
        token = self.previews.add(proposal, reason, interaction.user.id)
        await interaction.followup.send(embed=diff_embed(proposal, reason, interaction.user), view=preview_view(token),
                                        allowed_mentions=NO_MENTIONS)

    async def confirm(self, interaction: discord.Interaction[MedEdBot], token: str) -> None:
        """Apply a previewed change (if its file is still as it was opened), swap the knowledge base, report."""
        pending = self.previews.take(token)
        await interaction.response.defer()
        try:
            applied = await self.in_editor(lambda editor: editor.apply(pending.proposal, who(interaction.user),
                                                                       pending.reason))
        except EditError as refused:
            await interaction.edit_original_response(embed=notice_embed("Not written", str(refused), Tone.ERROR),
                                                     view=None)
            return
        changes = await self.swap(applied.kb)
        await interaction.edit_original_response(embed=applied_embed(applied, changes), view=None)
        await self.tell_moderators(f"Revision {applied.revision.id} by {interaction.user.display_name}",
                                   f"{applied.revision.summary}\nReason: {applied.revision.reason}")

    async def record(self, kind: str, question: str, answer: str, note: str, guild_id: int | None) -> None:
        """Log an unanswered question or a report (never who asked); a failure is logged, not shown."""
        if not self.settings.moderation.reports:
            return
        try:
            await asyncio.to_thread(self.in_state, lambda state: state.log(kind, question, answer, note, guild_id))
        except Exception:  # a log that cannot be written must not spoil the member's answer
            log.exception("Could not log a %s question", kind)

    async def tell_moderators(self, title: str, text: str) -> None:
        """Post to the moderator log channel, when one is configured."""
        channel_id = self.settings.moderation.log_channel_id
        if not channel_id:
            return
        channel = self.bot.get_channel(channel_id)
        try:
            if channel is None:
                channel = await self.bot.fetch_channel(channel_id)
            await channel.send(embed=notice_embed(shorten(title, 256), text or "-", Tone.GUIDE),  # type: ignore[union-attr]
                               allowed_mentions=NO_MENTIONS)
        except (discord.HTTPException, AttributeError):
            log.warning("Could not post to the moderator log channel %s", channel_id, exc_info=True)

    # -- members: reports and unanswered questions -------------------------------------------------------------------

    async def open_report(self, interaction: discord.Interaction[MedEdBot]) -> None:
        """The "Wrong answer?" button (see commands.replies): a form for an optional note about its answer."""
        if not self.settings.moderation.reports:
            await send_notice(interaction, "Reports are off", "This server does not take reports.", Tone.GUIDE)
            return
        question, answer = question_and_answer(interaction.message)
        await interaction.response.send_modal(ReportModal(self, question, answer))

    @commands.Cog.listener()
    async def on_unanswered(self, question: str, answer_title: str, guild_id: int | None) -> None:
        """Log a question the knowledge base could not answer (see commands.replies)."""
        await self.record("unanswered", question, answer_title, "", guild_id)

    # -- /kb ---------------------------------------------------------------------------------------------------------

    @kb.command(name="reload")
    async def reload_command(self, interaction: discord.Interaction[MedEdBot]) -> None:
        """Re-read the knowledge files, check them, and put them in service."""
        if not await check_moderator(interaction):
            return
        await interaction.response.defer(thinking=True)
        try:
            kb = await asyncio.to_thread(load_knowledge, self.settings.knowledge_dir)
        except KnowledgeError as exc:
            await interaction.followup.send(embed=notice_embed("Reload refused", reload_refused_text(exc), Tone.ERROR),
                                            allowed_mentions=NO_MENTIONS)
            return
        note = ""
        try:
            await asyncio.to_thread(build_index, kb, self.settings.index_path)
        except IndexFileError as exc:
            note = f"\nNote: the index was not rebuilt ({exc})."
        changes = await self.swap(kb)
        text = "\n".join(f"`{line}`" for line in changes.lines()[:25]) or "No findings or figures changed."
        await interaction.followup.send(embed=notice_embed("Reloaded", text + note, Tone.ANSWER),
                                        allowed_mentions=NO_MENTIONS)
        await self.tell_moderators(f"Reloaded by {interaction.user.display_name}", text)

    @kb.command(name="edit")
    @app_commands.describe(target="A figure, finding, limitation or synonym (start typing)")
    async def edit_command(self, interaction: discord.Interaction[MedEdBot], target: str) -> None:
        """Change a figure, finding, limitation or vocabulary entry (a form opens with its current values)."""
        if not await check_moderator(interaction):
            return
        try:
            modal = await edit_form(self, parse_spot(target))
        except EditError as refused:
            await send_notice(interaction, "Not possible", str(refused), Tone.ERROR)
            return
        await interaction.response.send_modal(modal)

    @edit_command.autocomplete("target")
    async def complete_edit(self, interaction: discord.Interaction[MedEdBot], current: str
                            ) -> list[app_commands.Choice[str]]:
        """Places to edit (nothing for anyone who may not edit)."""
        if not is_moderator(interaction):
            return []
        return choices_for(self.bot.evidence.kb, EDITABLE, current)

    @kb.command(name="add")
    @app_commands.describe(kind="What to add", where="For a figure: its finding; for a finding or limitation: the "
                                                     "source (start typing); not needed for a synonym")
    @app_commands.choices(kind=KIND_CHOICES)
    async def add_command(self, interaction: discord.Interaction[MedEdBot], kind: app_commands.Choice[str],
                          where: str = "") -> None:
        """Add a figure, finding, limitation or synonym (a form opens)."""
        if not await check_moderator(interaction):
            return
        try:
            modal = add_form(self, Kind(kind.value), where)
        except EditError as refused:
            await send_notice(interaction, "Not possible", str(refused), Tone.ERROR)
            return
        await interaction.response.send_modal(modal)

    @add_command.autocomplete("where")
    async def complete_where(self, interaction: discord.Interaction[MedEdBot], current: str
                             ) -> list[app_commands.Choice[str]]:
        """Findings and sources to add to."""
        if not is_moderator(interaction):
            return []
        return choices_for(self.bot.evidence.kb, ADD_TO, current)

    @kb.command(name="remove")
    @app_commands.describe(target="A figure, finding, limitation, synonym or whole source (start typing)",
                           reason="Why (kept in the history)")
    async def remove_command(self, interaction: discord.Interaction[MedEdBot], target: str,
                             reason: app_commands.Range[str, 1, 500]) -> None:
        """Remove a figure, finding, limitation, synonym or source (after a preview)."""
        if not await check_moderator(interaction):
            return
        try:
            spot = parse_spot(target)
        except EditError as refused:
            await send_notice(interaction, "Not possible", str(refused), Tone.ERROR)
            return
        await self.preview(interaction, lambda editor: removal(editor, spot), reason)

    @remove_command.autocomplete("target")
    async def complete_remove(self, interaction: discord.Interaction[MedEdBot], current: str
                              ) -> list[app_commands.Choice[str]]:
        """Places to remove."""
        if not is_moderator(interaction):
            return []
        return choices_for(self.bot.evidence.kb, REMOVABLE, current)

    @kb.command(name="import")
    @app_commands.describe(file="A knowledge file (.yaml): a new source, or a replacement for the source of its id",
                           reason="Why (kept in the history)")
    async def import_command(self, interaction: discord.Interaction[MedEdBot], file: discord.Attachment,
                             reason: app_commands.Range[str, 1, 500]) -> None:
        """Import a source file: checked like every knowledge file, then previewed."""
        if not await check_moderator(interaction):
            return
        if not file.filename.lower().endswith((".yaml", ".yml")):
            await send_notice(interaction, "Not a knowledge file", f"{file.filename}: attach a .yaml file.",
                              Tone.ERROR)
            return
        if file.size > MAX_FILE_BYTES:
            await send_notice(interaction, "Too large", f"{file.filename} is {file.size:,} bytes; a knowledge file "
                              f"may be at most {MAX_FILE_BYTES:,} bytes. Nothing was downloaded.", Tone.ERROR)
            return
        raw = await file.read()
        await self.preview(interaction, lambda editor: import_file(editor, raw, file.filename), reason)

    @kb.command(name="export")
    @app_commands.describe(source="One source (start typing); leave empty for every file, as a zip")
    async def export_command(self, interaction: discord.Interaction[MedEdBot], source: str = "") -> None:
        """Attach one knowledge file, or all of them."""
        if not await check_moderator(interaction):
            return
        try:
            attachment = await asyncio.to_thread(self.export_file, source)
        except EditError as refused:
            await send_notice(interaction, "Not possible", str(refused), Tone.ERROR)
            return
        await interaction.response.send_message(file=attachment, ephemeral=True, allowed_mentions=NO_MENTIONS)

    @export_command.autocomplete("source")
    async def complete_source(self, interaction: discord.Interaction[MedEdBot], current: str
                              ) -> list[app_commands.Choice[str]]:
        """Sources, and the vocabulary."""
        if not is_moderator(interaction):
            return []
        names = [path.stem for path in knowledge_files([self.settings.knowledge_dir])[0]]
        return [app_commands.Choice(name=name, value=name) for name in names
                if current.strip().lower() in name][:CHOICES_LIMIT]

    def export_file(self, source: str) -> discord.File:
        """One file as it is on disk, or a zip of every file."""
        if source.strip():
            path = knowledge_file(self.settings.knowledge_dir, source)
            return discord.File(io.BytesIO(path.read_bytes()), filename=path.name)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in knowledge_files([self.settings.knowledge_dir])[0]:
                archive.writestr(path.name, path.read_bytes())
        buffer.seek(0)
        return discord.File(buffer, filename="knowledge.zip")

    @kb.command(name="history")
    @app_commands.describe(source="Only this source's revisions (start typing)")
    async def history_command(self, interaction: discord.Interaction[MedEdBot], source: str = "") -> None:
        """Revisions, newest first, a page at a time."""
        if not await check_moderator(interaction):
            return
        embed, view = await history_page(self, interaction.user.id, source.strip() or None, 0)
        extra = {"view": view} if view else {}
        await interaction.response.send_message(embed=embed, allowed_mentions=NO_MENTIONS, **extra)

    history_command.autocomplete("source")(complete_source)

    @kb.command(name="undo")
    @app_commands.describe(revision="The revision number (see /kb history)", reason="Why (kept in the history)")
    async def undo_command(self, interaction: discord.Interaction[MedEdBot], revision: app_commands.Range[int, 1],
                           reason: app_commands.Range[str, 1, 500] = "") -> None:
        """Restore a file as it was before a revision (as a new revision, after a preview)."""
        if not await check_moderator(interaction):
            return
        await self.preview(interaction, lambda editor: editor.propose_undo(revision),
                           reason or f"undo of revision {revision}")

    @kb.command(name="gaps")
    async def gaps_command(self, interaction: discord.Interaction[MedEdBot]) -> None:
        """Questions the bot could not answer and reported answers, most frequent first."""
        if not await check_moderator(interaction):
            return
        gaps = await asyncio.to_thread(self.in_state, self.logged_gaps)
        await interaction.response.send_message(
            embed=notice_embed("Gaps", gaps_text(gaps, self.settings.moderation.reports), Tone.GUIDE), ephemeral=True,
            allowed_mentions=NO_MENTIONS)

    def logged_gaps(self, state: State) -> list[Gap]:
        """The question log past retention dropped, grouped into gaps."""
        state.prune(self.settings.moderation.retention_days)
        return group_gaps(state.logged())


def reload_refused_text(error: KnowledgeError) -> str:
    """Why a reload was refused: the first problems, each with file, line and field."""
    lines = [str(problem) for problem in error.problems]
    more = f"\n… and {len(lines) - PROBLEMS_SHOWN} more" if len(lines) > PROBLEMS_SHOWN else ""
    return "Still serving the knowledge base as it was. Fix these and reload:\n" + "\n".join(
        f"• `{shorten(line, 200)}`" for line in lines[:PROBLEMS_SHOWN]) + more
