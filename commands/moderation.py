"""/kb: moderators keep the knowledge base right from Discord, and members report wrong answers.

Every change goes the same way as from the shell (:mod:`bot.editing`): a preview (a diff of the YAML) with Confirm
and Cancel, then an atomic write, a revision, the index, and an atomic swap of the running knowledge base (questions
being answered finish on the old one). Only moderators may use the group: members with Manage Server or the role named
by ``discord.moderator_role``. ``default_member_permissions`` hides the group from others, and every handler checks
again (commands, autocomplete, modals, buttons); a preview's buttons answer only the moderator who opened it. The group
works in servers only.

A running bot also picks up changes made from the shell (`medbot kb set`, `undo`): every
``moderation.reload_seconds`` it looks at the knowledge files and swaps in the new base when they changed.
"""

from __future__ import annotations

import asyncio
import copy
import io
import logging
import re
import secrets
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import discord
from discord import app_commands
from discord.ext import commands, tasks
from rapidfuzz import fuzz, process

from bot.changes import Changes, compare
from bot.client import MedEdBot
from bot.editing import (
    Applied,
    EditError,
    Editor,
    Proposal,
    add_finding,
    add_stat,
    canonical_yaml,
    edit_finding,
    edit_limitation,
    edit_stat,
    edit_synonym,
    find_finding,
    import_file,
    knowledge_file,
    remove_finding,
    remove_source,
    remove_stat,
)
from bot.evidence import Evidence
from bot.gaps import group_gaps
from bot.knowledge import KnowledgeBase, KnowledgeError, knowledge_files, load_knowledge
from bot.render_discord import NO_MENTIONS, Tone, notice_embed, shorten
from bot.state import State, StateError
from bot.store import IndexFileError, build_index, served_knowledge
from bot.yaml_source import MAX_FILE_BYTES
from commands.replies import send_notice

log = logging.getLogger(__name__)
T = TypeVar("T")

DM_REFUSAL = "The /kb commands work in a server only."
PREVIEW_SECONDS = 15 * 60
HISTORY_PAGE = 8
CHOICES_LIMIT = 25
CHOICE_LIMIT = 100
DIFF_LIMIT = 3800
PROBLEMS_SHOWN = 15
GAPS_SHOWN = 15
INPUT_LIMIT = 4000


def refusal(interaction: discord.Interaction, role_name: str) -> str | None:
    """Why ``interaction``'s user may not change the knowledge base here, or None if they may."""
    if interaction.guild is None:
        return DM_REFUSAL
    if interaction.permissions.manage_guild:
        return None
    user = interaction.user
    if isinstance(user, discord.Member) and any(role.name == role_name for role in user.roles):
        return None
    return f"Only moderators (Manage Server, or the '{role_name}' role) can change the knowledge base."


def who(user: discord.abc.User) -> str:
    """A moderator as revisions record them: name and id."""
    return f"{user.name} ({user.id})"


# -- what /kb edit, add and remove point at --------------------------------------------------------------------------

@dataclass(frozen=True)
class Spot:
    """A place in the knowledge base an edit points at; ``value`` is how an autocomplete choice carries it."""

    kind: str  # figure, finding, limitation, synonym, source
    source_id: str = ""
    finding_id: str = ""
    index: int = -1
    term: str = ""

    @property
    def value(self) -> str:
        """The autocomplete value: 'figure:cheston-2013/tools/0', 'synonym:facebook', ..."""
        if self.kind == "figure":
            return f"figure:{self.source_id}/{self.finding_id}/{self.index}"
        if self.kind == "finding":
            return f"finding:{self.source_id}/{self.finding_id}"
        if self.kind == "limitation":
            return f"limitation:{self.source_id}/{self.index}"
        if self.kind == "synonym":
            return f"synonym:{self.term}"
        return f"source:{self.source_id}"


def parse_spot(value: str) -> Spot:
    """The inverse of :attr:`Spot.value`; EditError for anything else."""
    kind, _, rest = value.partition(":")
    parts = rest.split("/")
    try:
        if kind == "figure" and len(parts) == 3:
            return Spot(kind, parts[0], parts[1], int(parts[2]))
        if kind == "finding" and len(parts) == 2:
            return Spot(kind, parts[0], parts[1])
        if kind == "limitation" and len(parts) == 2:
            return Spot(kind, parts[0], index=int(parts[1]))
        if kind == "synonym" and rest:
            return Spot(kind, "vocabulary", term=rest)
        if kind == "source" and rest:
            return Spot(kind, rest)
    except ValueError:
        pass
    raise EditError(f"'{value}' is not something to edit: pick one from the list as you type")


def spots(kb: KnowledgeBase, kinds: tuple[str, ...]) -> list[tuple[str, Spot]]:
    """Every place of the given kinds, with a name for the autocomplete list."""
    out: list[tuple[str, Spot]] = []
    for source in kb.sources:
        if "source" in kinds:
            out.append((f"Source: {source.short_name} ({source.id})", Spot("source", source.id)))
        for finding in source.findings:
            if "finding" in kinds:
                out.append((f"Finding: {finding.topic} ({source.short_name})", Spot("finding", source.id,
                                                                                     finding.id)))
            if "figure" in kinds:
                out += [(f"Figure: {stat.label} {stat.value} ({finding.topic}, {source.short_name})",
                         Spot("figure", source.id, finding.id, index)) for index, stat in enumerate(finding.stats)]
        if "limitation" in kinds:
            out += [(f"Limitation of {source.short_name}: {text}", Spot("limitation", source.id, index=index))
                    for index, text in enumerate(source.limitations)]
    if "synonym" in kinds:
        out += [(f"Synonym: {term} = {', '.join(variants)}", Spot("synonym", "vocabulary", term=term))
                for term, variants in kb.vocabulary.synonyms.items()]
    return out


def choices_for(kb: KnowledgeBase, kinds: tuple[str, ...], current: str) -> list[app_commands.Choice[str]]:
    """At most 25 places whose names best match what is typed."""
    named = [(name, spot) for name, spot in spots(kb, kinds) if len(spot.value) <= CHOICE_LIMIT]
    if current.strip():
        hits = process.extract(current, [name for name, _ in named], scorer=fuzz.WRatio, limit=CHOICES_LIMIT,
                               score_cutoff=40)
        named = [named[index] for _, _, index in hits]
    return [app_commands.Choice(name=shorten(name, CHOICE_LIMIT), value=spot.value)
            for name, spot in named[:CHOICES_LIMIT]]


# -- modals -----------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Box:
    """One text box of a modal."""

    key: str
    label: str
    default: str = ""
    required: bool = True
    long: bool = False


Build = Callable[[dict[str, str]], Callable[[Editor], Proposal]]


class EditModal(discord.ui.Modal):
    """The fields of an edit, prefilled with the current values, plus the reason; submitting shows the preview."""

    def __init__(self, cog: Moderation, title: str, boxes: list[Box], build: Build) -> None:
        super().__init__(title=shorten(title, 45), timeout=PREVIEW_SECONDS)
        self.cog, self.build = cog, build
        self.inputs: dict[str, discord.ui.TextInput] = {}
        for box in [*boxes, Box("reason", "Reason (kept in the history)", required=True)]:
            field: discord.ui.TextInput = discord.ui.TextInput(
                label=shorten(box.label, 45), custom_id=box.key, default=box.default[:INPUT_LIMIT] or None,
                required=box.required,
                style=discord.TextStyle.paragraph if box.long else discord.TextStyle.short, max_length=INPUT_LIMIT)
            self.inputs[box.key] = field
            self.add_item(field)

    async def on_submit(self, interaction: discord.Interaction[MedEdBot]) -> None:
        """Check again, then preview the change."""
        if not await self.cog.allowed(interaction):
            return
        values = {key: field.value or "" for key, field in self.inputs.items()}
        await self.cog.preview(interaction, self.build(values), values["reason"])

    async def on_error(self, interaction: discord.Interaction[MedEdBot], error: Exception) -> None:
        """An unexpected error reaches the bot's handler, which logs it and tells the moderator."""
        await interaction.client.on_app_command_error(interaction, error)


class ReportModal(discord.ui.Modal, title="Report a wrong answer"):
    """An optional note on what was wrong; the report keeps the question and the answer, never who sent it."""

    note: discord.ui.TextInput = discord.ui.TextInput(
        label="What is wrong? (optional)", custom_id="note", style=discord.TextStyle.paragraph, required=False,
        max_length=1000,
        placeholder="e.g. the source says 70%, not 71%")

    def __init__(self, cog: Moderation, question: str, answer: str) -> None:
        super().__init__(timeout=PREVIEW_SECONDS)
        self.cog, self.question, self.answer = cog, question, answer

    async def on_submit(self, interaction: discord.Interaction[MedEdBot]) -> None:
        """Log the report and thank the member privately."""
        await self.cog.record("reported", self.question, self.answer, self.note.value or "", interaction.guild_id)
        await send_notice(interaction, "Thank you", "Your report was passed to the moderators.", Tone.GUIDE)
        await self.cog.tell_moderators("Wrong answer reported",
                                       f"**Question:** {self.question or '(not shown)'}\n**Answer:** "
                                       f"{shorten(self.answer, 300)}\n**Note:** {self.note.value or '-'}")


# -- views ------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Pending:
    """A previewed change waiting for its opener's Confirm."""

    proposal: Proposal
    reason: str
    opener_id: int
    expires: float


class PreviewButton(discord.ui.DynamicItem[discord.ui.Button],
                    template=r"medbot:kb:(?P<act>confirm|cancel):(?P<token>[0-9a-f]{16})"):
    """Confirm or Cancel under a preview. The custom id names the pending change, so a click is routed even before
    the bot has seen its own message; after a restart the change is gone and the click says so."""

    def __init__(self, act: str, token: str) -> None:
        confirm = act == "confirm"
        super().__init__(discord.ui.Button(
            label="Confirm" if confirm else "Cancel", custom_id=f"medbot:kb:{act}:{token}",
            style=discord.ButtonStyle.success if confirm else discord.ButtonStyle.secondary))
        self.act, self.token = act, token

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str]) -> PreviewButton:
        """The button as it was sent."""
        return cls(match["act"], match["token"])

    async def callback(self, interaction: discord.Interaction[MedEdBot]) -> None:
        """Only the opener, still a moderator, may confirm or cancel."""
        cog = interaction.client.get_cog("Moderation")
        pending = cog.pending.get(self.token) if isinstance(cog, Moderation) else None
        if pending is None or pending.expires < time.monotonic():
            await send_notice(interaction, "Expired", "This preview has expired (or the bot restarted); nothing was "
                              "written. Run the command again.", Tone.ERROR)
            return
        if not await cog.opener_allowed(interaction, pending.opener_id):
            return
        if self.act == "cancel":
            cog.pending.pop(self.token, None)
            await interaction.response.edit_message(
                embed=notice_embed("Cancelled", "Nothing was written.", Tone.GUIDE), view=None)
            return
        await cog.confirm(interaction, self.token)


class HistoryButton(discord.ui.DynamicItem[discord.ui.Button],
                    template=r"medbot:kbh:(?P<opener>\d+):(?P<page>\d+):(?P<source>[\w-]*)"):
    """Newer and Older under /kb history: the custom id carries who opened it, the page and the source."""

    def __init__(self, label: str, opener_id: int, page: int, source: str, disabled: bool = False) -> None:
        super().__init__(discord.ui.Button(label=label, custom_id=f"medbot:kbh:{opener_id}:{page}:{source}",
                                           disabled=disabled, style=discord.ButtonStyle.secondary))
        self.opener_id, self.page, self.source = opener_id, page, source

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str]) -> HistoryButton:
        """The button as it was sent."""
        return cls(item.label or "", int(match["opener"]), int(match["page"]), match["source"])

    async def callback(self, interaction: discord.Interaction[MedEdBot]) -> None:
        """Show the page this button leads to."""
        cog = interaction.client.get_cog("Moderation")
        if not isinstance(cog, Moderation) or not await cog.opener_allowed(interaction, self.opener_id):
            return
        embed, view = await cog.history_page(self.opener_id, self.source or None, self.page)
        await interaction.response.edit_message(embed=embed, view=view)


def applied_embed(applied: Applied, changes: Changes) -> discord.Embed:
    """What was written: the revision, what changed, how to undo it."""
    revision = applied.revision
    lines = [f"**Revision {revision.id}**: {revision.summary}", f"Reason: {revision.reason}"]
    lines += [f"`{line}`" for line in changes.lines()[:10]]
    lines.append(f"Undo with `/kb undo revision:{revision.id}`.")
    if applied.warning:
        lines.append(f"Note: {applied.warning}")
    return notice_embed("Written", "\n".join(lines), Tone.ANSWER)


def diff_embed(proposal: Proposal, reason: str, opener: discord.abc.User) -> discord.Embed:
    """The preview: the change as a YAML diff, the reason, who may confirm."""
    diff = proposal.diff() or "(no line changes)"
    if len(diff) > DIFF_LIMIT:
        diff = diff[:DIFF_LIMIT].rsplit("\n", 1)[0] + "\n… (the rest of the diff is cut)"
    embed = discord.Embed(title=shorten(f"Preview: {proposal.summary}", 256),
                          description=f"```diff\n{diff.replace('```', 'ʼʼʼ')}\n```", colour=discord.Colour.orange())
    embed.add_field(name="File", value=proposal.file.name, inline=True)
    embed.add_field(name="Reason", value=shorten(reason, 1024) or "-", inline=True)
    embed.set_footer(text=f"Only {opener.display_name} can confirm. Nothing is written until then.")
    return embed


# -- the cog ----------------------------------------------------------------------------------------------------------

KINDS = [app_commands.Choice(name=name, value=name) for name in ("figure", "finding", "limitation", "synonym")]


class Moderation(commands.Cog):
    """The /kb group, the "Wrong answer?" reports and the log of questions the bot could not answer."""

    kb = app_commands.Group(name="kb", description="Moderators: keep the knowledge base right", guild_only=True,
                            default_permissions=discord.Permissions(manage_guild=True))

    def __init__(self, bot: MedEdBot) -> None:
        self.bot = bot
        self.settings = bot.settings
        self.seen = self.files_seen()
        self.swap_lock = asyncio.Lock()
        self.pending: dict[str, Pending] = {}

    async def cog_load(self) -> None:
        """Start watching the knowledge files for edits made from the shell; drop logged questions past retention."""
        self.watch.change_interval(seconds=self.settings.moderation.reload_seconds)
        self.watch.start()
        self.prune.start()

    @tasks.loop(hours=6)
    async def prune(self) -> None:
        """Delete reports and unanswered questions older than ``moderation.retention_days``."""
        def delete() -> int:
            state = State(self.settings.state_path)
            try:
                return state.prune(self.settings.moderation.retention_days)
            finally:
                state.close()

        try:
            removed = await asyncio.to_thread(delete)
        except Exception:  # the log is a convenience: failing to prune must not stop the bot
            log.exception("Could not prune the question log")
            return
        if removed:
            log.info("Deleted %d logged question(s) older than %d days", removed,
                     self.settings.moderation.retention_days)

    async def cog_unload(self) -> None:
        """Stop watching and pruning."""
        self.watch.cancel()
        self.prune.cancel()

    # -- shared steps ------------------------------------------------------------------------------------------------

    async def allowed(self, interaction: discord.Interaction) -> bool:
        """Whether the user may change the knowledge base; if not, tell them why (privately)."""
        reason = refusal(interaction, self.settings.discord.moderator_role)
        if reason is None:
            return True
        await send_notice(interaction, "Not allowed", reason, Tone.ERROR)
        return False

    def may(self, interaction: discord.Interaction) -> bool:
        """The permission check without a reply, for autocomplete."""
        return refusal(interaction, self.settings.discord.moderator_role) is None

    async def in_editor(self, work: Callable[[Editor], T]) -> T:
        """Run ``work`` with an editor, in a worker thread (files, SQLite and validation block)."""
        def job() -> T:
            state = State(self.settings.state_path)
            try:
                return work(Editor(self.settings.knowledge_dir, self.settings.index_path, state))
            finally:
                state.close()

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
        token = secrets.token_hex(8)
        now = time.monotonic()
        self.pending = {key: p for key, p in self.pending.items() if p.expires > now}
        self.pending[token] = Pending(proposal, reason, interaction.user.id, now + PREVIEW_SECONDS)
        view = discord.ui.View(timeout=None)
        view.add_item(PreviewButton("confirm", token))
        view.add_item(PreviewButton("cancel", token))
        await interaction.followup.send(embed=diff_embed(proposal, reason, interaction.user), view=view,
                                        allowed_mentions=NO_MENTIONS)

    async def opener_allowed(self, interaction: discord.Interaction, opener_id: int) -> bool:
        """Buttons answer only the moderator who opened them, and only while they are still a moderator."""
        if interaction.user.id != opener_id:
            await send_notice(interaction, "Not yours", "Only the moderator who opened this can use its buttons.",
                              Tone.ERROR)
            return False
        return await self.allowed(interaction)

    async def confirm(self, interaction: discord.Interaction[MedEdBot], token: str) -> None:
        """Apply a previewed change (if its file is still as it was opened), swap the knowledge base, report."""
        pending = self.pending.pop(token)
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

    async def swap(self, kb: KnowledgeBase) -> Changes:
        """Put a new knowledge base in service at once; questions being answered finish on the old one."""
        evidence = await asyncio.to_thread(Evidence, kb)
        async with self.swap_lock:
            old, self.bot.evidence = self.bot.evidence, evidence
            self.seen = await asyncio.to_thread(self.files_seen)
        log.info("Knowledge base %s is in service (was %s)", kb.version, old.kb.version)
        return compare(old.kb, kb)

    def files_seen(self) -> tuple[tuple[str, int, int], ...]:
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

    async def record(self, kind: str, question: str, answer: str, note: str, guild_id: int | None) -> None:
        """Log an unanswered question or a report (never who asked); a failure is logged, not shown."""
        if not self.settings.moderation.reports:
            return

        def write() -> None:
            state = State(self.settings.state_path)
            try:
                state.log(kind, question, answer, note, guild_id)
            finally:
                state.close()

        try:
            await asyncio.to_thread(write)
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
        """The "Wrong answer?" button: a modal for an optional note about the answer it sits under."""
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
        if not await self.allowed(interaction):
            return
        await interaction.response.defer(thinking=True)
        try:
            kb = await asyncio.to_thread(load_knowledge, self.settings.knowledge_dir)
        except KnowledgeError as exc:
            lines = [str(problem) for problem in exc.problems]
            more = f"\n… and {len(lines) - PROBLEMS_SHOWN} more" if len(lines) > PROBLEMS_SHOWN else ""
            text = "Still serving the knowledge base as it was. Fix these and reload:\n" + "\n".join(
                f"• `{shorten(line, 200)}`" for line in lines[:PROBLEMS_SHOWN]) + more
            await interaction.followup.send(embed=notice_embed("Reload refused", text, Tone.ERROR),
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
        if not await self.allowed(interaction):
            return
        try:
            spot = parse_spot(target)
            modal = await self.edit_modal(spot)
        except EditError as refused:
            await send_notice(interaction, "Not possible", str(refused), Tone.ERROR)
            return
        await interaction.response.send_modal(modal)

    @edit_command.autocomplete("target")
    async def complete_edit(self, interaction: discord.Interaction[MedEdBot], current: str
                            ) -> list[app_commands.Choice[str]]:
        """Places to edit (nothing for anyone who may not edit)."""
        if not self.may(interaction):
            return []
        return choices_for(self.bot.evidence.kb, ("figure", "finding", "limitation", "synonym"), current)

    async def edit_modal(self, spot: Spot) -> EditModal:
        """The form for ``spot``, prefilled from the file as it is now (the version the edit is made against)."""
        path, data, base = await self.in_editor(lambda editor: editor.open(spot.source_id))

        def against(mutate: Callable[[dict[str, Any]], str]) -> Callable[[Editor], Proposal]:
            def make(editor: Editor) -> Proposal:
                changed = copy.deepcopy(data)
                summary = mutate(changed)
                return editor.propose(path, canonical_yaml(changed), "edit", summary, base)

            return make

        if spot.kind == "figure":
            stat = _stat_data(data, spot)
            boxes = [Box("label", "Label", str(stat.get("label", ""))), Box("value", "Value, as the source writes it",
                                                                            str(stat.get("value", ""))),
                     Box("note", "Note (optional)", str(stat.get("note") or ""), required=False, long=True)]
            return EditModal(self, f"Edit figure {stat.get('label')}", boxes, lambda v: against(
                lambda d: edit_stat(d, spot.finding_id, spot.index, v["label"], v["value"], v["note"])))
        if spot.kind == "finding":
            finding = _finding_data(data, spot)
            boxes = [Box("topic", "Topic", str(finding.get("topic", ""))),
                     Box("aliases", "Aliases (comma-separated)", ", ".join(map(str, finding.get("aliases") or [])),
                         required=False)]
            return EditModal(self, f"Edit finding {spot.finding_id}", boxes, lambda v: against(
                lambda d: edit_finding(d, spot.finding_id, v["topic"], v["aliases"])))
        if spot.kind == "limitation":
            limitations = data.get("limitations") or []
            if not 0 <= spot.index < len(limitations):
                raise EditError("that limitation is gone; reload the list")
            boxes = [Box("text", "Limitation (empty removes it)", str(limitations[spot.index]), required=False,
                         long=True)]
            return EditModal(self, f"Edit a limitation of {spot.source_id}", boxes, lambda v: against(
                lambda d: edit_limitation(d, spot.index, v["text"])))
        variants = (data.get("synonyms") or {}).get(spot.term)
        if variants is None:
            raise EditError(f"the vocabulary has no synonym '{spot.term}'")
        boxes = [Box("variants", f"Words for '{spot.term}' (comma-separated)", ", ".join(map(str, variants)),
                     required=False, long=True)]
        return EditModal(self, f"Edit synonym {spot.term}", boxes, lambda v: against(
            lambda d: edit_synonym(d, spot.term, v["variants"])))

    @kb.command(name="add")
    @app_commands.describe(kind="What to add", where="For a figure: its finding; for a finding or limitation: the "
                                                     "source (start typing); not needed for a synonym")
    @app_commands.choices(kind=KINDS)
    async def add_command(self, interaction: discord.Interaction[MedEdBot], kind: app_commands.Choice[str],
                          where: str = "") -> None:
        """Add a figure, finding, limitation or synonym (a form opens)."""
        if not await self.allowed(interaction):
            return
        try:
            modal = self.add_modal(kind.value, where)
        except EditError as refused:
            await send_notice(interaction, "Not possible", str(refused), Tone.ERROR)
            return
        await interaction.response.send_modal(modal)

    @add_command.autocomplete("where")
    async def complete_where(self, interaction: discord.Interaction[MedEdBot], current: str
                             ) -> list[app_commands.Choice[str]]:
        """Findings and sources to add to."""
        if not self.may(interaction):
            return []
        return choices_for(self.bot.evidence.kb, ("finding", "source"), current)

    def add_modal(self, kind: str, where: str) -> EditModal:
        """The form to add a ``kind`` at ``where``."""
        if kind == "synonym":
            boxes = [Box("term", "Term as the knowledge base words it"),
                     Box("variants", "Words members use (comma-separated)", long=True)]
            return EditModal(self, "Add a synonym", boxes, lambda v: lambda editor: editor.change(
                "vocabulary", lambda d: edit_synonym(d, v["term"], v["variants"]), "add"))
        spot = parse_spot(where) if where else None
        if kind == "figure":
            if spot is None or spot.kind != "finding":
                raise EditError("for a figure, choose its finding in 'where'")
            boxes = [Box("label", "Label"), Box("value", "Value, as the source writes it (71%, <1%, 4,500)")]
            return EditModal(self, f"Add a figure to {spot.finding_id}", boxes, lambda v: lambda editor: editor.change(
                spot.source_id, lambda d: add_stat(d, spot.finding_id, v["label"], v["value"]), "add"))
        if spot is None or spot.kind not in ("source", "finding"):
            raise EditError(f"for a {kind}, choose its source in 'where'")
        if kind == "finding":
            boxes = [Box("id", "Id (lowercase-with-hyphens)"), Box("topic", "Topic"), Box("label", "First figure: label"),
                     Box("value", "First figure: value as written")]
            return EditModal(self, f"Add a finding to {spot.source_id}", boxes, lambda v: lambda editor: editor.change(
                spot.source_id, lambda d: add_finding(d, v["id"], v["topic"], v["label"], v["value"]), "add"))
        boxes = [Box("text", "Limitation", long=True)]
        return EditModal(self, f"Add a limitation to {spot.source_id}", boxes, lambda v: lambda editor: editor.change(
            spot.source_id, lambda d: edit_limitation(d, None, v["text"]), "add"))

    @kb.command(name="remove")
    @app_commands.describe(target="A figure, finding, limitation, synonym or whole source (start typing)",
                           reason="Why (kept in the history)")
    async def remove_command(self, interaction: discord.Interaction[MedEdBot], target: str,
                             reason: app_commands.Range[str, 1, 500]) -> None:
        """Remove a figure, finding, limitation, synonym or source (after a preview)."""
        if not await self.allowed(interaction):
            return
        try:
            spot = parse_spot(target)
        except EditError as refused:
            await send_notice(interaction, "Not possible", str(refused), Tone.ERROR)
            return
        await self.preview(interaction, lambda editor: _removal(editor, spot), reason)

    @remove_command.autocomplete("target")
    async def complete_remove(self, interaction: discord.Interaction[MedEdBot], current: str
                              ) -> list[app_commands.Choice[str]]:
        """Places to remove."""
        if not self.may(interaction):
            return []
        return choices_for(self.bot.evidence.kb, ("source", "finding", "figure", "limitation", "synonym"), current)

    @kb.command(name="import")
    @app_commands.describe(file="A knowledge file (.yaml): a new source, or a replacement for the source of its id",
                           reason="Why (kept in the history)")
    async def import_command(self, interaction: discord.Interaction[MedEdBot], file: discord.Attachment,
                             reason: app_commands.Range[str, 1, 500]) -> None:
        """Import a source file: checked like every knowledge file, then previewed."""
        if not await self.allowed(interaction):
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
        if not await self.allowed(interaction):
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
        if not self.may(interaction):
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
        if not await self.allowed(interaction):
            return
        embed, view = await self.history_page(interaction.user.id, source.strip() or None, 0)
        extra = {"view": view} if view else {}
        await interaction.response.send_message(embed=embed, allowed_mentions=NO_MENTIONS, **extra)

    history_command.autocomplete("source")(complete_source)

    async def history_page(self, opener_id: int, source: str | None, page: int
                           ) -> tuple[discord.Embed, discord.ui.View | None]:
        """One page of revisions, with Newer and Older when there is more than one page."""
        total = await self.in_editor(lambda editor: editor.state.count_revisions(source))
        embed = await self.history_embed(source, page, total)
        if total <= HISTORY_PAGE or (source and len(source) > 40):
            return embed, None
        view = discord.ui.View(timeout=None)
        view.add_item(HistoryButton("Newer", opener_id, max(page - 1, 0), source or "", disabled=page == 0))
        view.add_item(HistoryButton("Older", opener_id, page + 1, source or "",
                                    disabled=(page + 1) * HISTORY_PAGE >= total))
        return embed, view

    async def history_embed(self, source: str | None, page: int, total: int) -> discord.Embed:
        """One page of revisions."""
        revisions = await self.in_editor(lambda editor: editor.state.revisions(source, HISTORY_PAGE,
                                                                                page * HISTORY_PAGE))
        lines = [f"**{r.id}** · {r.at[:16].replace('T', ' ')} UTC · {discord.utils.escape_markdown(r.who)}\n"
                 f"{shorten(r.summary, 300)}" + (f" — _{shorten(r.reason, 200)}_" if r.reason else "")
                 for r in revisions]
        pages = max(1, -(-total // HISTORY_PAGE))
        embed = notice_embed(f"History{' of ' + source if source else ''}",
                             "\n\n".join(lines) or "No revisions yet.", Tone.GUIDE)
        embed.set_footer(text=f"Page {page + 1} of {pages} · {total} revision(s) · undo with /kb undo")
        return embed

    @kb.command(name="undo")
    @app_commands.describe(revision="The revision number (see /kb history)", reason="Why (kept in the history)")
    async def undo_command(self, interaction: discord.Interaction[MedEdBot], revision: app_commands.Range[int, 1],
                           reason: app_commands.Range[str, 1, 500] = "") -> None:
        """Restore a file as it was before a revision (as a new revision, after a preview)."""
        if not await self.allowed(interaction):
            return
        await self.preview(interaction, lambda editor: editor.propose_undo(revision),
                           reason or f"undo of revision {revision}")

    @kb.command(name="gaps")
    async def gaps_command(self, interaction: discord.Interaction[MedEdBot]) -> None:
        """Questions the bot could not answer and reported answers, most frequent first."""
        if not await self.allowed(interaction):
            return

        def gather() -> list[Any]:
            state = State(self.settings.state_path)
            try:
                state.prune(self.settings.moderation.retention_days)
                return group_gaps(state.logged())
            finally:
                state.close()

        gaps = await asyncio.to_thread(gather)
        lines = []
        for gap in gaps[:GAPS_SHOWN]:
            kinds = ", ".join(part for part in (f"{gap.unanswered} unanswered" if gap.unanswered else "",
                                                f"{gap.reported} reported" if gap.reported else "") if part)
            line = f"**{gap.count}×** {discord.utils.escape_markdown(shorten(gap.question, 200))} ({kinds})"
            if gap.variants:
                line += f"\n  also: {discord.utils.escape_markdown(shorten('; '.join(gap.variants), 200))}"
            if gap.notes:
                line += f"\n  note: {discord.utils.escape_markdown(shorten(gap.notes[0], 200))}"
            lines.append(line)
        text = "\n".join(lines) or "Nothing logged: every question was answered and nothing was reported."
        if not self.settings.moderation.reports:
            text += "\n\nLogging is switched off (moderation.reports in config.yaml)."
        await interaction.response.send_message(embed=notice_embed("Gaps", text, Tone.GUIDE), ephemeral=True,
                                                allowed_mentions=NO_MENTIONS)


def _stat_data(data: dict[str, Any], spot: Spot) -> dict[str, Any]:
    stats = find_finding(data, spot.finding_id).get("stats") or []
    if not 0 <= spot.index < len(stats):
        raise EditError("that figure is gone; reload the list")
    return stats[spot.index]


def _finding_data(data: dict[str, Any], spot: Spot) -> dict[str, Any]:
    return find_finding(data, spot.finding_id)


def _removal(editor: Editor, spot: Spot) -> Proposal:
    """The proposal that removes ``spot``."""
    if spot.kind == "source":
        return remove_source(editor, spot.source_id)
    if spot.kind == "figure":
        return editor.change(spot.source_id, lambda d: remove_stat(d, spot.finding_id, spot.index), "remove")
    if spot.kind == "finding":
        return editor.change(spot.source_id, lambda d: remove_finding(d, spot.finding_id), "remove")
    if spot.kind == "limitation":
        return editor.change(spot.source_id, lambda d: edit_limitation(d, spot.index, ""), "remove")
    return editor.change("vocabulary", lambda d: edit_synonym(d, spot.term, ""), "remove")


def question_and_answer(message: discord.Message | None) -> tuple[str, str]:
    """The question (the quoted first line of an answer embed, or the message it replies to) and the answer given."""
    if message is None or not message.embeds:
        return "", ""
    embed = message.embeds[0]
    description = embed.description or ""
    first, _, rest = description.partition("\n")
    question = first[2:].strip() if first.startswith("> ") else ""
    body = rest if question else description
    if not question and message.reference is not None and isinstance(message.reference.resolved, discord.Message):
        question = message.reference.resolved.content
    answer = "\n".join(part for part in (embed.title or "", body.strip()) if part)
    return question[:2000], answer[:4000]


async def setup(bot: MedEdBot) -> None:
    """Load the cog and register its buttons (discord.py extension entry point)."""
    bot.add_dynamic_items(PreviewButton, HistoryButton)
    await bot.add_cog(Moderation(bot))

