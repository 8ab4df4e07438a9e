"""Turning validated bodies into message records: attachments, mentions/pings, edits."""

from __future__ import annotations

import copy
import mimetypes
import re
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import EMPTY_MESSAGE, REQUEST_TOO_LARGE, ApiError, FieldError, field_error
from .ids import snowflake
from .models import FakeMember, World
from .records import AttachmentRecord, MessageRecord, UploadedFile
from .validate import LOADING, is_empty_message

USER_MENTION = re.compile(r"<@!?(\d+)>")
ROLE_MENTION = re.compile(r"<@&(\d+)>")
EVERYONE = re.compile(r"@(everyone|here)")
FILE_FIELD = re.compile(r"^files\[(\d+)\]$")


@dataclass
class AttachmentSpec:
    """An attachment the message will have once the request is accepted (not stored yet)."""

    existing: AttachmentRecord | None = None
    upload: UploadedFile | None = None
    filename: str | None = None
    description: str | None = None


def png_size(data: bytes) -> tuple[int, int] | None:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    return None


def plan_attachments(body: dict[str, Any], files: Sequence[UploadedFile], path: tuple, *,
                     existing: Sequence[AttachmentRecord] = (), size_limit: int) -> tuple[list[AttachmentSpec],
                                                                                         list[FieldError]]:
    """Work out the final attachment list from ``attachments`` + uploaded ``files[n]`` parts."""
    errors: list[FieldError] = []
    uploads: dict[int, UploadedFile] = {}
    for pos, f in enumerate(files):
        m = FILE_FIELD.match(f.field)
        uploads[int(m.group(1)) if m else 1000 + pos] = f
        if len(f.data) > size_limit:
            raise ApiError(413, REQUEST_TOO_LARGE, "Request entity too large")
    refs = body.get("attachments")
    if refs is None:
        return [AttachmentSpec(existing=a) for a in existing] + [AttachmentSpec(upload=u) for u in uploads.values()], []
    by_id = {a.id: a for a in existing}
    specs: list[AttachmentSpec] = []
    used: set[int] = set()
    for i, ref in enumerate(refs if isinstance(refs, list) else []):
        if not isinstance(ref, dict):
            continue
        try:
            rid = int(ref.get("id"))
        except (TypeError, ValueError):
            errors.append(field_error(path + ("attachments", i, "id"), "Must be an integer or snowflake.",
                                      "NUMBER_TYPE_COERCE"))
            continue
        if rid in by_id:
            specs.append(AttachmentSpec(existing=by_id[rid], description=ref.get("description")))
        elif rid in uploads:
            used.add(rid)
            specs.append(AttachmentSpec(upload=uploads[rid], filename=ref.get("filename"),
                                        description=ref.get("description")))
        else:
            errors.append(field_error(path + ("attachments", i, "id"),
                                      f"Unknown attachment {rid}: no files[{rid}] part and no such attachment.",
                                      "ATTACHMENT_NOT_FOUND"))
    specs += [AttachmentSpec(upload=u) for k, u in uploads.items() if k not in used]
    return specs, errors


class MessageFactory:
    """Creates and edits :class:`MessageRecord` objects in the fake's store."""

    def __init__(self, world: World, store: dict[int, MessageRecord], attachments: dict[int, AttachmentRecord],
                 warn: Callable[[str], None]) -> None:
        self.world = world
        self.store = store
        self.attachments = attachments
        self.warn = warn
        self.http_base = ""  # set when the server starts

    # -- attachments -----------------------------------------------------------------------------
    def _materialise(self, specs: list[AttachmentSpec], channel_id: int, ephemeral: bool) -> list[AttachmentRecord]:
        result = []
        for spec in specs:
            if spec.existing is not None:
                if spec.description is not None:
                    spec.existing.description = spec.description
                result.append(spec.existing)
                continue
            assert spec.upload is not None
            att_id = snowflake()
            filename = spec.filename or spec.upload.filename
            size = png_size(spec.upload.data)
            record = AttachmentRecord(
                id=att_id, filename=filename, data=spec.upload.data,
                content_type=mimetypes.guess_type(filename)[0] or "application/octet-stream",
                url=f"{self.http_base}/attachments/{channel_id}/{att_id}/{filename}",
                description=spec.description, width=size[0] if size else None, height=size[1] if size else None,
                ephemeral=ephemeral,
            )
            self.attachments[att_id] = record
            result.append(record)
        return result

    def _resolve_embed_attachments(self, msg: MessageRecord) -> None:
        """Replace ``attachment://name`` URLs with the stored attachment's URL, like Discord does."""
        by_name = {a.filename: a for a in msg.attachments}
        for i, embed in enumerate(msg.embeds):
            for key, sub in (("image", "url"), ("thumbnail", "url"), ("author", "icon_url"), ("footer", "icon_url")):
                obj = embed.get(key)
                url = obj.get(sub) if isinstance(obj, dict) else None
                if not isinstance(url, str) or not url.startswith("attachment://"):
                    continue
                att = by_name.get(url[len("attachment://"):])
                if att is None:
                    self.warn(f"message {msg.id}: embeds.{i}.{key}.{sub} = {url!r} matches no attachment "
                              f"({sorted(by_name)}); Discord would show no image")
                    continue
                obj[sub] = att.url
                obj["proxy_" + sub] = att.url
                if key in ("image", "thumbnail") and att.width:
                    obj["width"], obj["height"] = att.width, att.height

    # -- mentions ------------------------------------------------------------------------------
    def _apply_mentions(self, msg: MessageRecord, default_parse: Sequence[str]) -> None:
        am = msg.allowed_mentions
        parse = set(default_parse) if am is None else set(am.get("parse", []))
        allowed_users = set() if am is None else {int(u) for u in am.get("users", []) or []}
        allowed_roles = set() if am is None else {int(r) for r in am.get("roles", []) or []}
        guild = self.world.guild
        users = [int(u) for u in USER_MENTION.findall(msg.content or "")]
        roles = [int(r) for r in ROLE_MENTION.findall(msg.content or "")]
        msg.pinged_user_ids = {u for u in users if u in guild.members and ("users" in parse or u in allowed_users)}
        msg.pinged_role_ids = {r for r in roles if r in guild.roles and ("roles" in parse or r in allowed_roles)}
        msg.pinged_everyone = bool(EVERYONE.search(msg.content or "")) and "everyone" in parse
        replied = True if am is None else bool(am.get("replied_user", False))
        if msg.referenced is not None and replied and msg.referenced.author.id != msg.author.id:
            msg.pinged_user_ids.add(msg.referenced.author.id)
        msg.mentions = [guild.members[u].user for u in sorted(msg.pinged_user_ids)]
        msg.mention_members = {u: guild.members[u] for u in msg.pinged_user_ids}
        msg.mention_roles = sorted(msg.pinged_role_ids)
        msg.mention_everyone = msg.pinged_everyone

    # -- create / edit -----------------------------------------------------------------------------
    def create(self, *, channel_id: int, author: FakeMember, kind: str, body: dict[str, Any],
               specs: list[AttachmentSpec], type_: int, default_parse: Sequence[str], flags: int = 0,
               referenced: MessageRecord | None = None, interaction: Any = None,
               webhook_id: int | None = None) -> MessageRecord:
        """Create a message from an already validated body (raises 50006 if it would be empty)."""
        content = body.get("content") or ""
        embeds = copy.deepcopy(body.get("embeds") or [])
        components = copy.deepcopy(body.get("components") or [])
        if not flags & LOADING and is_empty_message(content, embeds, components, len(specs),
                                                     sticker_ids=body.get("sticker_ids") or (),
                                                     poll=body.get("poll")):
            raise ApiError(400, EMPTY_MESSAGE, "Cannot send an empty message")
        msg = MessageRecord(
            id=snowflake(), channel_id=channel_id, guild_id=self.world.guild.id, author=author.user,
            author_member=author, kind=kind, type=type_, content=content, embeds=embeds, components=components,
            flags=flags, tts=bool(body.get("tts", False)), allowed_mentions=body.get("allowed_mentions"),
            referenced=referenced, interaction=interaction, webhook_id=webhook_id,
            nonce=None if body.get("nonce") is None else str(body["nonce"]),
        )
        msg.attachments = self._materialise(specs, channel_id, bool(flags & (1 << 6)))
        self._resolve_embed_attachments(msg)
        self._apply_mentions(msg, default_parse)
        self.store[msg.id] = msg
        msg.snapshot()
        return msg

    def edit(self, msg: MessageRecord, body: dict[str, Any], specs: list[AttachmentSpec] | None, *,
             default_parse: Sequence[str], keep_flags: int = 0, finish_loading: bool = True) -> None:
        """Apply a validated partial edit (PATCH semantics: only present keys change)."""
        content = (body["content"] or "") if "content" in body else msg.content
        embeds = copy.deepcopy(body["embeds"] or []) if "embeds" in body else msg.embeds
        components = copy.deepcopy(body["components"] or []) if "components" in body else msg.components
        count = len(specs) if specs is not None else len(msg.attachments)
        if is_empty_message(content, embeds, components, count):
            raise ApiError(400, EMPTY_MESSAGE, "Cannot send an empty message")
        msg.content, msg.embeds, msg.components = content, embeds, components
        if specs is not None:
            msg.attachments = self._materialise(specs, msg.channel_id, msg.ephemeral)
        if body.get("flags") is not None:
            msg.flags = (msg.flags & (keep_flags | LOADING | (1 << 6))) | body["flags"]
        if "allowed_mentions" in body:
            msg.allowed_mentions = body["allowed_mentions"]
        if finish_loading and msg.loading:
            msg.flags &= ~LOADING
        else:
            msg.mark_edited()
        self._resolve_embed_attachments(msg)
        self._apply_mentions(msg, default_parse)
        msg.snapshot()
