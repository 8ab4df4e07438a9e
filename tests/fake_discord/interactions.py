"""Interactions: building INTERACTION_CREATE payloads for the test helpers, and handling the bot's
callbacks, followups and edits of interaction messages."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .errors import (
    ALREADY_ACKNOWLEDGED,
    INVALID_WEBHOOK_TOKEN,
    UNKNOWN_INTERACTION,
    UNKNOWN_MESSAGE,
    UNKNOWN_WEBHOOK,
    ApiError,
    CommandNotSynced,
    FieldError,
    InvocationError,
    field_error,
    invalid_form,
)
from .ids import interaction_token, snowflake
from .messages import plan_attachments
from .models import FakeChannel, FakeMember, FakeRole, FakeUser
from .records import AttachmentRecord, InteractionRecord, MessageRecord, UploadedFile
from .validate import EPHEMERAL, LOADING, SELECT_TYPES, validate_autocomplete, validate_message, validate_modal

if TYPE_CHECKING:
    from .server import FakeDiscord

ALLOWED_CALLBACKS = {2: {4, 5, 9}, 3: {4, 5, 6, 7, 9}, 4: {8}, 5: {4, 5, 6, 7}}
INTERACTION_DEFAULT_PARSE = ("users",)


class InteractionEngine:
    """Owns every :class:`InteractionRecord` and implements the interaction REST semantics."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.world = fake.world
        self.by_id: dict[int, InteractionRecord] = {}
        self.by_token: dict[str, InteractionRecord] = {}

    # ---------------------------------------------------------------------------------------------
    # Creating interactions
    # ---------------------------------------------------------------------------------------------
    def payload(self, rec: InteractionRecord) -> dict[str, Any]:
        guild = self.world.guild
        perms = guild.permissions_of(rec.user)
        channel = guild.channels[rec.channel_id]
        data: dict[str, Any] = {
            "id": str(rec.id), "application_id": str(self.world.app_id), "type": rec.type, "data": rec.data,
            "guild": {"id": str(guild.id), "locale": guild.locale, "features": []}, "guild_id": str(guild.id),
            "channel": {**channel.payload(), "permissions": str(perms)}, "channel_id": str(channel.id),
            "member": rec.user.payload(permissions=perms), "token": rec.token, "version": 1,
            "app_permissions": str(self.world.app_permissions()), "locale": "en-US", "guild_locale": guild.locale,
            "entitlements": [], "entitlement_sku_ids": [],
            "authorizing_integration_owners": {"0": str(guild.id)}, "context": 0,
            "attachment_size_limit": self.fake.attachment_size_limit,
        }
        if rec.source_message is not None:
            data["message"] = rec.source_message.payload()
        return data

    async def start(self, type_: int, data: dict[str, Any], *, user: FakeMember | None,
                    channel: FakeChannel | None, command_name: str | None = None,
                    source_message: MessageRecord | None = None) -> InteractionRecord:
        """Create the record and dispatch INTERACTION_CREATE (buffered if the connection is down)."""
        if self.fake.gateway.session is None:
            raise RuntimeError("the bot has not identified on the gateway yet")
        channel = channel or self.world.channel
        rec = InteractionRecord(
            id=snowflake(), token=interaction_token(), type=type_, data=data, user=user or self.world.member,
            channel_id=channel.id, guild_id=self.world.guild.id, created=asyncio.get_running_loop().time(),
            signal=self.fake.signal, command_name=command_name, source_message=source_message,
        )
        self.by_id[rec.id] = rec
        self.by_token[rec.token] = rec
        self.fake.interactions.append(rec)
        await self.fake.gateway.dispatch("INTERACTION_CREATE", self.payload(rec))
        return rec

    # -- application command data ------------------------------------------------------------------
    def find_command(self, name: str, type_: int) -> dict[str, Any]:
        cmd = self.fake.commands.find(name, type_, self.world.guild.id)
        if cmd is None:
            raise CommandNotSynced(f"command {name!r} (type {type_}) is not synced; synced commands: "
                                   f"{self.fake.commands.names(self.world.guild.id)}")
        return cmd

    def command_data(self, cmd: dict[str, Any], options: list[dict[str, Any]],
                     resolved: dict[str, dict[str, Any]]) -> dict[str, Any]:
        data: dict[str, Any] = {"id": cmd["id"], "name": cmd["name"], "type": cmd["type"]}
        if cmd["type"] == 1:
            data["options"] = options
        if cmd.get("guild_id"):
            data["guild_id"] = cmd["guild_id"]
        if resolved:
            data["resolved"] = resolved
        return data

    def _walk_path(self, cmd: dict[str, Any], path: list[str]) -> tuple[list[dict[str, Any]], Any]:
        """Follow 'group sub' names; return (schema options of the leaf, wrapper to nest leaf options)."""
        schema = cmd.get("options") or []
        wrappers: list[dict[str, Any]] = []
        for part in path:
            sub = next((o for o in schema if o["name"] == part and o["type"] in (1, 2)), None)
            if sub is None:
                raise InvocationError(f"{cmd['name']!r} has no subcommand/group {part!r}")
            wrappers.append({"type": sub["type"], "name": part})
            schema = sub.get("options") or []
        if any(o["type"] in (1, 2) for o in schema):
            raise InvocationError(f"{' '.join([cmd['name'], *path])!r} is a group; name a subcommand")

        def wrap(leaf: list[dict[str, Any]]) -> list[dict[str, Any]]:
            result = leaf
            for w in reversed(wrappers):
                result = [{**w, "options": result}]
            return result

        return schema, wrap

    def _convert(self, schema: dict[str, Any], value: Any, resolved: dict[str, dict[str, Any]]) -> Any:
        t, name = schema["type"], schema["name"]
        guild = self.world.guild

        def bad(msg: str) -> InvocationError:
            return InvocationError(f"option {name!r}: {msg}")

        if t == 3:
            if not isinstance(value, str):
                raise bad(f"expected a string, got {value!r}")
            if not schema.get("min_length", 0) <= len(value) <= schema.get("max_length", 6000):
                raise bad("length outside min_length/max_length")
        elif t in (4, 10):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or (t == 4 and not isinstance(value, int)):
                raise bad(f"expected a {'integer' if t == 4 else 'number'}, got {value!r}")
            if "min_value" in schema and value < schema["min_value"] or "max_value" in schema and value > schema["max_value"]:
                raise bad("value outside min_value/max_value")
        elif t == 5:
            if not isinstance(value, bool):
                raise bad(f"expected a boolean, got {value!r}")
        elif t in (6, 9) and (isinstance(value, (FakeMember, FakeUser))
                              or (isinstance(value, int) and (t == 6 or value in guild.members))):
            uid = value if isinstance(value, int) else value.id
            member = guild.members.get(uid)
            if member is None:
                raise bad(f"unknown user {uid}")
            resolved.setdefault("users", {})[str(uid)] = member.user.payload()
            resolved.setdefault("members", {})[str(uid)] = member.payload(with_user=False,
                                                                          permissions=guild.permissions_of(member))
            return str(uid)
        elif t in (8, 9) and isinstance(value, (FakeRole, int)):
            rid = value if isinstance(value, int) else value.id
            if rid not in guild.roles:
                raise bad(f"unknown role {rid}")
            resolved.setdefault("roles", {})[str(rid)] = guild.roles[rid].payload()
            return str(rid)
        elif t == 7 and isinstance(value, (FakeChannel, int)):
            cid = value if isinstance(value, int) else value.id
            channel = guild.channels.get(cid)
            if channel is None:
                raise bad(f"unknown channel {cid}")
            if schema.get("channel_types") and channel.type not in schema["channel_types"]:
                raise bad(f"channel type {channel.type} not in {schema['channel_types']}")
            resolved.setdefault("channels", {})[str(cid)] = {**channel.payload(), "permissions": str(
                guild.permissions_of(self.world.member))}
            return str(cid)
        elif t == 11:
            att = self._user_attachment(value)
            resolved.setdefault("attachments", {})[str(att.id)] = att.payload()
            return str(att.id)
        else:
            raise bad(f"value {value!r} does not fit option type {t}")
        choices = schema.get("choices")
        if choices and value not in [c["value"] for c in choices]:
            raise bad(f"{value!r} is not one of the choices {[c['value'] for c in choices]}")
        return value

    def _user_attachment(self, value: Any) -> AttachmentRecord:
        if isinstance(value, AttachmentRecord):
            return value
        if isinstance(value, tuple) and len(value) == 2:
            filename, data = value
            from .messages import AttachmentSpec
            specs = [AttachmentSpec(upload=UploadedFile("files[0]", filename, data, None))]
            return self.fake.message_factory._materialise(specs, self.world.channel.id, True)[0]
        raise InvocationError(f"attachment option needs (filename, bytes) or an AttachmentRecord, got {value!r}")

    def slash_data(self, name: str, options: Mapping[str, Any], *, focused: str | None = None,
                   focused_value: str = "") -> tuple[dict[str, Any], dict[str, Any]]:
        parts = name.split()
        cmd = self.find_command(parts[0], 1)
        schema, wrap = self._walk_path(cmd, parts[1:])
        by_name = {o["name"]: o for o in schema}
        for key in options:
            if key not in by_name:
                raise InvocationError(f"{name!r} has no option {key!r}; options: {sorted(by_name)}")
        resolved: dict[str, dict[str, Any]] = {}
        leaf: list[dict[str, Any]] = []
        for opt in schema:
            if opt["name"] == focused:
                if not opt.get("autocomplete"):
                    raise InvocationError(f"option {focused!r} of {name!r} does not autocomplete")
                leaf.append({"type": opt["type"], "name": focused, "value": focused_value, "focused": True})
            elif opt["name"] in options:
                leaf.append({"type": opt["type"], "name": opt["name"],
                             "value": self._convert(opt, options[opt["name"]], resolved)})
            elif opt.get("required") and focused is None:
                raise InvocationError(f"required option {opt['name']!r} of {name!r} is missing")
        if focused is not None and focused not in by_name:
            raise InvocationError(f"{name!r} has no option {focused!r}")
        return cmd, self.command_data(cmd, wrap(leaf), resolved)

    # ---------------------------------------------------------------------------------------------
    # The bot's answers
    # ---------------------------------------------------------------------------------------------
    def _now(self) -> float:
        return asyncio.get_running_loop().time()

    def _response_message_type(self, rec: InteractionRecord) -> int:
        if rec.type == 2:
            return 20 if rec.data.get("type", 1) == 1 else 23
        return 0

    def _focused_type(self, rec: InteractionRecord) -> int:
        def walk(options: list[dict[str, Any]]) -> int | None:
            for o in options:
                if o.get("focused"):
                    return o["type"]
                found = walk(o.get("options") or [])
                if found:
                    return found
            return None

        return walk(rec.data.get("options") or []) or 3

    async def callback(self, interaction_id: str, token: str, body: Any, files: Sequence[UploadedFile],
                       with_response: bool) -> dict[str, Any] | None:
        """POST /interactions/{id}/{token}/callback."""
        try:
            rec = self.by_id.get(int(interaction_id))
        except ValueError:
            rec = None
        if rec is None or rec.token != token:
            raise ApiError(404, UNKNOWN_INTERACTION, "Unknown interaction")
        if rec.acknowledged:
            raise ApiError(400, ALREADY_ACKNOWLEDGED, "Interaction has already been acknowledged.")
        elapsed = self._now() - rec.created
        if elapsed > self.fake.interaction_deadline:
            raise ApiError(404, UNKNOWN_INTERACTION, "Unknown interaction",
                           [field_error((), f"first response came {elapsed:.2f}s after the interaction "
                                        f"(limit {self.fake.interaction_deadline}s)", "INTERACTION_TIMEOUT")])
        if not isinstance(body, dict) or not isinstance(body.get("type"), int):
            raise invalid_form([field_error(("type",), "This field is required", "BASE_TYPE_REQUIRED")])
        cb = body["type"]
        data = body.get("data")
        if cb not in ALLOWED_CALLBACKS[rec.type] or (cb in (6, 7) and rec.source_message is None):
            raise invalid_form([field_error(("type",), f"Callback type {cb} is not valid for interaction type "
                                            f"{rec.type}.", "INTERACTION_RESPONSE_TYPE_INVALID")])
        if cb == 9 and rec.type == 5:
            raise invalid_form([field_error(("type",), "A modal cannot answer a modal submit.",
                                            "INTERACTION_RESPONSE_TYPE_INVALID")])
        msg: MessageRecord | None = None
        echo: str | None = None
        if cb == 4:
            errors = validate_message(data, "response", ("data",), upload_count=len(files))
            specs, att_errors = plan_attachments(data or {}, files, ("data",),
                                                 size_limit=self.fake.attachment_size_limit)
            if errors + att_errors:
                raise invalid_form(errors + att_errors)
            msg = self.fake.message_factory.create(
                channel_id=rec.channel_id, author=self.world.bot_member, kind="response", body=data, specs=specs,
                type_=self._response_message_type(rec), default_parse=INTERACTION_DEFAULT_PARSE,
                flags=data.get("flags") or 0, interaction=rec, webhook_id=self.world.app_id)
            echo = "MESSAGE_CREATE"
        elif cb == 5:
            errors = []
            if data is not None:
                if not isinstance(data, dict):
                    errors.append(field_error(("data",), "Must be an object.", "MODEL_TYPE_CONVERT"))
                else:
                    extra = sorted(set(data) - {"flags"})
                    if extra:
                        errors.append(field_error(("data",), f"A deferred response takes only flags, got {extra}.",
                                                  "BASE_TYPE_INVALID"))
                    errors += validate_message({"flags": data.get("flags")}, "deferred", ("data",))
            if errors:
                raise invalid_form(errors)
            flags = LOADING | ((data or {}).get("flags") or 0) & EPHEMERAL
            msg = self.fake.message_factory.create(
                channel_id=rec.channel_id, author=self.world.bot_member, kind="response", body={}, specs=[],
                type_=self._response_message_type(rec), default_parse=INTERACTION_DEFAULT_PARSE, flags=flags,
                interaction=rec, webhook_id=self.world.app_id)
            echo = "MESSAGE_CREATE"
        elif cb == 6:
            if data:
                raise invalid_form([field_error(("data",), "A deferred update takes no data.", "BASE_TYPE_INVALID")])
            msg = rec.source_message
        elif cb == 7:
            source = rec.source_message
            assert source is not None
            errors = validate_message(data, "update", ("data",), existing_flags=source.flags,
                                      upload_count=len(files))
            specs, att_errors = (plan_attachments(data or {}, files, ("data",), existing=source.attachments,
                                                  size_limit=self.fake.attachment_size_limit)
                                 if isinstance(data, dict) and ("attachments" in data or files) else (None, []))
            if errors + att_errors:
                raise invalid_form(errors + att_errors)
            self.fake.message_factory.edit(source, data, specs, default_parse=INTERACTION_DEFAULT_PARSE)
            msg = source
            echo = "MESSAGE_UPDATE"
        elif cb == 8:
            errors = validate_autocomplete(data, ("data",), self._focused_type(rec))
            if errors:
                raise invalid_form(errors)
            rec.choices = data["choices"]
        elif cb == 9:
            errors = validate_modal(data, ("data",))
            if errors:
                raise invalid_form(errors)
            rec.modal = data
        rec.callback_type = cb
        rec.callback_data = data
        rec.acked_after = elapsed
        if msg is not None:
            rec.original = msg
            rec.ack_revision = msg.revision
        self.fake.signal.notify()
        if echo and msg is not None:
            await self.fake.echo(echo, msg)
        if not with_response:
            return None
        response: dict[str, Any] = {"interaction": {
            "id": str(rec.id), "type": rec.type, "response_message_loading": cb == 5,
            "response_message_ephemeral": bool(msg and msg.ephemeral)}}
        if msg is not None:
            response["interaction"]["response_message_id"] = str(msg.id)
        if cb in (4, 5, 7) and msg is not None:
            response["resource"] = {"type": cb, "message": msg.payload()}
        return response

    # -- webhook routes ------------------------------------------------------------------------------
    def for_token(self, app_id: str, token: str) -> InteractionRecord:
        rec = self.by_token.get(token)
        if rec is None or app_id != str(self.world.app_id):
            raise ApiError(404, UNKNOWN_WEBHOOK, "Unknown Webhook")
        if self._now() - rec.created > self.fake.token_lifetime:
            raise ApiError(401, INVALID_WEBHOOK_TOKEN, "Invalid Webhook Token")
        return rec

    def _target(self, rec: InteractionRecord, message_id: str) -> MessageRecord:
        if message_id == "@original":
            msg = rec.original
        else:
            msg = next((m for m in [rec.original, *rec.followups] if m is not None and str(m.id) == message_id), None)
        if msg is None or msg.deleted:
            raise ApiError(404, UNKNOWN_MESSAGE, "Unknown Message")
        return msg

    async def followup(self, rec: InteractionRecord, body: Any, files: Sequence[UploadedFile]) -> MessageRecord:
        """POST /webhooks/{app}/{token}: after a type-5 defer the first one edits the loading message."""
        if rec.callback_type not in (4, 5, 6, 7):
            raise ApiError(404, UNKNOWN_WEBHOOK, "Unknown Webhook",
                           [field_error((), "followup before the interaction was acknowledged with a message "
                                        "response or defer", "INTERACTION_NOT_ACKNOWLEDGED")])
        errors: list[FieldError] = validate_message(body, "followup", upload_count=len(files))
        if errors:
            raise invalid_form(errors)
        loading = rec.callback_type == 5 and rec.original is not None and rec.original.loading
        specs, att_errors = plan_attachments(body, files, (), size_limit=self.fake.attachment_size_limit)
        if att_errors:
            raise invalid_form(att_errors)
        if loading:
            assert rec.original is not None
            edit = {k: v for k, v in body.items() if k in ("content", "embeds", "components", "allowed_mentions")}
            flags = (body.get("flags") or 0) & ~EPHEMERAL  # ephemerality was fixed by the defer
            if flags:
                edit["flags"] = flags
            self.fake.message_factory.edit(rec.original, edit, specs, default_parse=INTERACTION_DEFAULT_PARSE)
            msg = rec.original
            await self.fake.echo("MESSAGE_UPDATE", msg)
        else:
            msg = self.fake.message_factory.create(
                channel_id=rec.channel_id, author=self.world.bot_member, kind="followup", body=body, specs=specs,
                type_=0, default_parse=INTERACTION_DEFAULT_PARSE, flags=body.get("flags") or 0, interaction=rec,
                webhook_id=self.world.app_id)
            rec.followups.append(msg)
            await self.fake.echo("MESSAGE_CREATE", msg)
        self.fake.signal.notify()
        return msg

    async def edit(self, rec: InteractionRecord, message_id: str, body: Any,
                   files: Sequence[UploadedFile]) -> MessageRecord:
        msg = self._target(rec, message_id)
        errors = validate_message(body, "edit", existing_flags=msg.flags, upload_count=len(files))
        if errors:
            raise invalid_form(errors)
        specs = None
        if "attachments" in body or files:
            specs, att_errors = plan_attachments(body, files, (), existing=msg.attachments,
                                                 size_limit=self.fake.attachment_size_limit)
            if att_errors:
                raise invalid_form(att_errors)
        self.fake.message_factory.edit(msg, body, specs, default_parse=INTERACTION_DEFAULT_PARSE)
        self.fake.signal.notify()
        await self.fake.echo("MESSAGE_UPDATE", msg)
        return msg

    async def delete(self, rec: InteractionRecord, message_id: str) -> None:
        msg = self._target(rec, message_id)
        msg.deleted = True
        self.fake.signal.notify()
        await self.fake.echo("MESSAGE_DELETE", msg)

    def get(self, rec: InteractionRecord, message_id: str) -> MessageRecord:
        return self._target(rec, message_id)

    # -- components / modals -----------------------------------------------------------------------
    def component_data(self, message: MessageRecord, custom_id: str, user: FakeMember,
                       values: list[str] | None) -> dict[str, Any]:
        if message.deleted:
            raise InvocationError(f"message {message.id} was deleted")
        if message.ephemeral and message.interaction is not None and message.interaction.user.id != user.id:
            raise InvocationError("only the invoking user can see (and click) an ephemeral message")
        comp = message.find_component(custom_id)
        if comp is None:
            raise InvocationError(f"message {message.id} has no component {custom_id!r}; it has {message.custom_ids}")
        if comp.get("disabled"):
            raise InvocationError(f"component {custom_id!r} is disabled")
        t = comp["type"]
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": t}
        if comp.get("id") is not None:
            data["id"] = comp["id"]
        if values is None:
            if t != 2:
                raise InvocationError(f"{custom_id!r} is a select (type {t}); use select_option()")
            if comp.get("style") in (5, 6):
                raise InvocationError(f"{custom_id!r} is a link/premium button; it sends no interaction")
            return data
        if t not in SELECT_TYPES:
            raise InvocationError(f"{custom_id!r} is not a select menu")
        lo, hi = comp.get("min_values", 1), comp.get("max_values", 1)
        if not lo <= len(values) <= hi:
            raise InvocationError(f"select {custom_id!r} takes {lo}..{hi} values, got {len(values)}")
        if t == 3:
            allowed = [o["value"] for o in comp.get("options", [])]
            unknown = [v for v in values if v not in allowed]
            if unknown:
                raise InvocationError(f"values {unknown} are not options of {custom_id!r} ({allowed})")
        data["values"] = list(values)
        return data

    def modal_data(self, rec: InteractionRecord, values: Mapping[str, Any]) -> dict[str, Any]:
        if rec.modal is None:
            raise InvocationError(f"interaction {rec.id} did not open a modal")
        modal = rec.modal
        remaining = dict(values)

        def fill(comp: dict[str, Any]) -> dict[str, Any]:
            t = comp.get("type")
            if t == 1:
                return {"type": 1, "components": [fill(c) for c in comp.get("components", [])]}
            if t == 18:
                out = {"type": 18, "component": fill(comp["component"])}
                if comp.get("id") is not None:
                    out["id"] = comp["id"]
                return out
            if t == 10:
                return {"type": 10, "id": comp.get("id")}
            cid = comp.get("custom_id")
            if t == 4:
                value = remaining.pop(cid, comp.get("value") or "")
                if not isinstance(value, str):
                    raise InvocationError(f"text input {cid!r} needs a string")
                if comp.get("required", True) and not value:
                    raise InvocationError(f"text input {cid!r} is required")
                if value and not comp.get("min_length", 0) <= len(value) <= comp.get("max_length", 4000):
                    raise InvocationError(f"text input {cid!r}: length outside min_length/max_length")
                out = {"type": 4, "custom_id": cid, "value": value}
            else:
                chosen = remaining.pop(cid, [])
                out = {"type": t, "custom_id": cid, "values": list(chosen)}
            if comp.get("id") is not None:
                out["id"] = comp["id"]
            return out

        components = [fill(c) for c in modal["components"]]
        if remaining:
            raise InvocationError(f"modal {modal['custom_id']!r} has no inputs {sorted(remaining)}")
        return {"custom_id": modal["custom_id"], "components": components}
