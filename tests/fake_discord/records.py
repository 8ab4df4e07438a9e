"""Inspectable records of what the bot sent: requests, messages, attachments, interactions."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .ids import iso_now, snowflake_time
from .models import FakeMember, FakeUser

if TYPE_CHECKING:
    from .errors import Violation
    from .signal import Signal

EPHEMERAL = 1 << 6
LOADING = 1 << 7
SUPPRESS_EMBEDS = 1 << 2
IS_COMPONENTS_V2 = 1 << 15


@dataclass
class RequestRecord:
    """One HTTP request the bot made, and the fake's answer."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    files: list[UploadedFile]
    status: int = 0
    response: Any = None

    def __repr__(self) -> str:
        return f"<{self.method} {self.path} -> {self.status}>"


@dataclass
class UploadedFile:
    """A file part of a multipart/form-data body."""

    field: str
    filename: str
    data: bytes
    content_type: str | None


@dataclass
class AttachmentRecord:
    """An attachment stored by the fake (downloadable at ``url``)."""

    id: int
    filename: str
    data: bytes
    content_type: str | None
    url: str
    description: str | None = None
    width: int | None = None
    height: int | None = None
    ephemeral: bool = False

    @property
    def size(self) -> int:
        return len(self.data)

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id), "filename": self.filename, "size": self.size, "url": self.url,
            "proxy_url": self.url, "content_type": self.content_type, "description": self.description,
        }
        if self.width is not None:
            data["width"], data["height"] = self.width, self.height
        if self.ephemeral:
            data["ephemeral"] = True
        return data


def walk_components(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Yield every component, depth first (rows, containers, sections, accessories, labels)."""
    for comp in components or []:
        yield comp
        yield from walk_components(comp.get("components") or [])
        for key in ("accessory", "component"):
            if isinstance(comp.get(key), dict):
                yield from walk_components([comp[key]])


@dataclass(eq=False)
class MessageRecord:
    """A message in the fake's store; its attributes are always the *current* state."""

    id: int
    channel_id: int
    guild_id: int | None
    author: FakeUser
    author_member: FakeMember | None
    kind: str  # "user", "channel", "response", "followup"
    type: int = 0
    content: str = ""
    embeds: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[AttachmentRecord] = field(default_factory=list)
    flags: int = 0
    tts: bool = False
    allowed_mentions: dict[str, Any] | None = None
    mentions: list[FakeUser] = field(default_factory=list)
    mention_members: dict[int, FakeMember] = field(default_factory=dict)
    mention_roles: list[int] = field(default_factory=list)
    mention_everyone: bool = False
    pinged_user_ids: set[int] = field(default_factory=set)
    pinged_role_ids: set[int] = field(default_factory=set)
    pinged_everyone: bool = False
    referenced: MessageRecord | None = None
    interaction: InteractionRecord | None = None
    webhook_id: int | None = None
    nonce: str | None = None
    edited_timestamp: str | None = None
    deleted: bool = False
    revisions: list[dict[str, Any]] = field(default_factory=list)

    # -- convenience -------------------------------------------------------------------------
    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def loading(self) -> bool:
        return bool(self.flags & LOADING)

    @property
    def revision(self) -> int:
        return len(self.revisions)

    @property
    def reference_id(self) -> int | None:
        return self.referenced.id if self.referenced else None

    @property
    def all_components(self) -> list[dict[str, Any]]:
        return list(walk_components(self.components))

    @property
    def buttons(self) -> list[dict[str, Any]]:
        return [c for c in self.all_components if c.get("type") == 2]

    @property
    def custom_ids(self) -> list[str]:
        return [c["custom_id"] for c in self.all_components if "custom_id" in c]

    def find_component(self, custom_id: str) -> dict[str, Any] | None:
        return next((c for c in self.all_components if c.get("custom_id") == custom_id), None)

    @property
    def text(self) -> str:
        """Content plus every embed's text, handy for ``assert "x" in message.text``."""
        parts = [self.content]
        for e in self.embeds:
            parts += [e.get("title", ""), e.get("description", ""), (e.get("author") or {}).get("name", ""),
                      (e.get("footer") or {}).get("text", "")]
            for f in e.get("fields", []):
                parts += [f.get("name", ""), f.get("value", "")]
        return "\n".join(p for p in parts if p)

    def attachment(self, filename: str) -> AttachmentRecord:
        for a in self.attachments:
            if a.filename == filename:
                return a
        raise KeyError(f"message {self.id} has no attachment {filename!r}: {[a.filename for a in self.attachments]}")

    # -- payload ---------------------------------------------------------------------------------
    def payload(self, *, include_content: bool = True) -> dict[str, Any]:
        """The message object as Discord would return or dispatch it."""
        created = snowflake_time(self.id).isoformat()
        data: dict[str, Any] = {
            "id": str(self.id), "channel_id": str(self.channel_id), "type": self.type,
            "author": self.author.payload(), "content": self.content if include_content else "",
            "timestamp": created, "edited_timestamp": self.edited_timestamp, "tts": self.tts,
            "mention_everyone": self.mention_everyone,
            "mentions": [self._mention_payload(u) for u in self.mentions],
            "mention_roles": [str(r) for r in self.mention_roles], "mention_channels": [],
            "attachments": [a.payload() for a in self.attachments] if include_content else [],
            "embeds": copy.deepcopy(self.embeds) if include_content else [],
            "components": copy.deepcopy(self.components) if include_content else [],
            "pinned": False, "flags": self.flags, "reactions": [],
        }
        if self.guild_id is not None:
            data["guild_id"] = str(self.guild_id)
            if self.author_member is not None:
                data["member"] = self.author_member.payload(with_user=False)
        if self.nonce is not None:
            data["nonce"] = self.nonce
        if self.webhook_id is not None:
            data["webhook_id"] = str(self.webhook_id)
            data["application_id"] = str(self.webhook_id)
        if self.referenced is not None:
            data["message_reference"] = {
                "type": 0, "message_id": str(self.referenced.id), "channel_id": str(self.referenced.channel_id),
                **({"guild_id": str(self.guild_id)} if self.guild_id else {}),
            }
            data["referenced_message"] = None if self.referenced.deleted else self.referenced.payload()
        if self.interaction is not None:
            data["interaction_metadata"] = self.interaction.metadata_payload(self)
            if self.interaction.type in (2, 4):
                data["interaction"] = {
                    "id": str(self.interaction.id), "type": self.interaction.type,
                    "name": self.interaction.command_name or "", "user": self.interaction.user.user.payload(),
                    "member": self.interaction.user.payload(with_user=False),
                }
        return data

    def _mention_payload(self, user: FakeUser) -> dict[str, Any]:
        data = user.payload()
        member = self.mention_members.get(user.id)
        if self.guild_id is not None and member is not None:
            data["member"] = member.payload(with_user=False)  # as in gateway MESSAGE_CREATE
        return data

    def snapshot(self) -> None:
        """Remember the current state (called after every change)."""
        self.revisions.append(self.payload())

    def mark_edited(self) -> None:
        self.edited_timestamp = iso_now()

    def __repr__(self) -> str:
        return (f"<MessageRecord id={self.id} kind={self.kind} flags={self.flags} content={self.content[:40]!r} "
                f"embeds={len(self.embeds)} components={len(self.components)} attachments={len(self.attachments)}>")


@dataclass(eq=False)
class InteractionRecord:
    """An interaction the fake sent to the bot, and everything the bot answered."""

    id: int
    token: str
    type: int  # 2 command, 3 component, 4 autocomplete, 5 modal submit
    data: dict[str, Any]
    user: FakeMember
    channel_id: int
    guild_id: int
    created: float  # loop time
    signal: Signal
    command_name: str | None = None
    source_message: MessageRecord | None = None
    callback_type: int | None = None
    callback_data: dict[str, Any] | None = None
    acked_after: float | None = None
    original: MessageRecord | None = None
    followups: list[MessageRecord] = field(default_factory=list)
    choices: list[dict[str, Any]] | None = None
    modal: dict[str, Any] | None = None
    errors: list[Violation] = field(default_factory=list)
    ack_revision: int = 0

    # -- state ---------------------------------------------------------------------------------
    @property
    def acknowledged(self) -> bool:
        return self.callback_type is not None

    @property
    def done(self) -> bool:
        """True once the user would see a final answer (not just "thinking…")."""
        t = self.callback_type
        if t in (4, 7, 8, 9):
            return True
        if t == 5:
            return self.original is not None and not self.original.loading
        if t == 6:
            return bool(self.followups) or (self.original is not None and self.original.revision > self.ack_revision)
        return False

    @property
    def message(self) -> MessageRecord | None:
        """The response message (for 6/7: the message the component was on), in its current state."""
        return self.original

    @property
    def content(self) -> str:
        return self._msg().content

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self._msg().embeds

    @property
    def components(self) -> list[dict[str, Any]]:
        return self._msg().components

    @property
    def attachments(self) -> list[AttachmentRecord]:
        return self._msg().attachments

    @property
    def flags(self) -> int:
        return self._msg().flags

    @property
    def ephemeral(self) -> bool:
        return self._msg().ephemeral

    def _msg(self) -> MessageRecord:
        if self.original is None:
            raise AssertionError(f"interaction {self.id} has no response message (callback type {self.callback_type})")
        return self.original

    def _describe(self) -> str:
        return (f"interaction {self.id} ({self.command_name or self.data.get('custom_id')}): callback_type="
                f"{self.callback_type}, original={self.original!r}, followups={len(self.followups)}, "
                f"errors={[str(e) for e in self.errors]}")

    # -- waiting -------------------------------------------------------------------------------
    async def wait_until(self, predicate: Callable[[InteractionRecord], bool], timeout: float = 5.0,
                         what: str = "condition") -> InteractionRecord:
        await self.signal.wait_for(lambda: predicate(self), timeout, f"{what} on {self.command_name!r}",
                                   self._describe)
        return self

    async def wait_response(self, timeout: float = 5.0, settle: float = 0.0) -> InteractionRecord:
        """Wait until the interaction is answered for good (a defer alone is not enough), then optionally
        ``settle`` seconds more for late edits. Returns this record."""
        await self.wait_until(lambda r: r.done, timeout, "a final response")
        if settle:
            await asyncio.sleep(settle)
        return self

    async def wait_followups(self, count: int = 1, timeout: float = 5.0) -> list[MessageRecord]:
        await self.wait_until(lambda r: len(r.followups) >= count, timeout, f"{count} followup(s)")
        return self.followups

    async def wait_error(self, timeout: float = 5.0) -> Violation:
        """Wait until the fake has rejected one of the bot's requests for this interaction."""
        await self.wait_until(lambda r: bool(r.errors), timeout, "an error response")
        return self.errors[0]

    def metadata_payload(self, message: MessageRecord) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id), "type": self.type, "user": self.user.user.payload(),
            "authorizing_integration_owners": {"0": str(self.guild_id)},
        }
        if self.command_name and self.type == 2:
            data["name"] = self.command_name
            data["command_type"] = self.data.get("type", 1)
        if self.original is not None and message is not self.original:
            data["original_response_message_id"] = str(self.original.id)
        if self.source_message is not None:
            data["interacted_message_id"] = str(self.source_message.id)
        return data

    def __repr__(self) -> str:
        return f"<InteractionRecord {self._describe()}>"
