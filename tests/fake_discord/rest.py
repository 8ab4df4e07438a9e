"""The REST routes the fake serves (and nothing else: any other route is a recorded failure)."""

from __future__ import annotations

import json
import traceback
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .commands import validate_commands
from .errors import GENERAL, MISSING_ACCESS, UNKNOWN_CHANNEL, ApiError, FieldError, Violation, field_error, invalid_form
from .messages import plan_attachments
from .records import RequestRecord, UploadedFile
from .validate import validate_message

if TYPE_CHECKING:
    from .server import FakeDiscord

API = "/api/v10"
Handler = Callable[[web.Request, Any, list[UploadedFile]], Awaitable[tuple[int, Any]]]
CHANNEL_DEFAULT_PARSE = ("users", "roles", "everyone")


def json_response(status: int, body: Any) -> web.Response:
    """Content-Type exactly ``application/json`` (discord.py decodes JSON only then)."""
    if status == 204 or body is None:
        return web.Response(status=204)
    return web.Response(status=status, body=json.dumps(body).encode(),
                        headers={"Content-Type": "application/json"})


async def read_body(request: web.Request) -> tuple[Any, list[UploadedFile]]:
    """Parse a JSON or multipart/form-data (``payload_json`` + ``files[n]``) body."""
    if not request.body_exists:
        return None, []
    ctype = request.content_type
    if ctype == "application/json":
        text = await request.text()
        try:
            return json.loads(text), []
        except ValueError:
            raise ApiError(400, 50109, "The request body contains invalid JSON.") from None
    if ctype == "multipart/form-data":
        reader = await request.multipart()
        payload: Any = None
        files: list[UploadedFile] = []
        while True:
            part = await reader.next()
            if part is None:
                break
            if part.name == "payload_json":
                try:
                    payload = json.loads(await part.text())
                except ValueError:
                    raise ApiError(400, 50109, "The request body contains invalid JSON.") from None
            elif part.filename is not None:
                files.append(UploadedFile(part.name or "", part.filename, bytes(await part.read()),
                                          part.headers.get("Content-Type")))
            else:
                raise invalid_form([field_error((part.name or "?",), "Unexpected form field (send JSON in "
                                                "payload_json).", "BASE_TYPE_INVALID")])
        return payload, files
    raise ApiError(400, GENERAL, f"Unsupported Content-Type {ctype!r}")


class RestApi:
    """Registers the routes on an aiohttp app and implements them."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.world = fake.world

    def register(self, app: web.Application) -> None:
        routes = [
            ("GET", "/users/@me", self.get_me),
            ("GET", "/oauth2/applications/@me", self.get_application),
            ("GET", "/applications/{app_id}/commands", self.get_commands),
            ("PUT", "/applications/{app_id}/commands", self.put_commands),
            ("GET", "/applications/{app_id}/guilds/{guild_id}/commands", self.get_commands),
            ("PUT", "/applications/{app_id}/guilds/{guild_id}/commands", self.put_commands),
            ("POST", "/interactions/{interaction_id}/{token}/callback", self.interaction_callback),
            ("POST", "/webhooks/{app_id}/{token}", self.execute_webhook),
            ("GET", "/webhooks/{app_id}/{token}/messages/{message_id}", self.get_webhook_message),
            ("PATCH", "/webhooks/{app_id}/{token}/messages/{message_id}", self.edit_webhook_message),
            ("DELETE", "/webhooks/{app_id}/{token}/messages/{message_id}", self.delete_webhook_message),
            ("POST", "/channels/{channel_id}/messages", self.create_channel_message),
        ]
        for method, path, handler in routes:
            app.router.add_route(method, API + path, self._wrap(handler))
        app.router.add_get("/attachments/{channel_id}/{attachment_id}/{filename}", self.download_attachment,
                           allow_head=False)
        app.router.add_route("GET", API + "/gateway/bot", self._wrap(self.get_gateway_bot))
        app.router.add_get("/gateway", self.fake.gateway.handle, allow_head=False)
        app.router.add_get("/resume-gateway", self.fake.gateway.handle, allow_head=False)
        app.router.add_route("*", "/{tail:.*}", self.unknown_route)

    # -- plumbing --------------------------------------------------------------------------------
    def _wrap(self, handler: Handler) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def run(request: web.Request) -> web.Response:
            record = RequestRecord(request.method, request.path, dict(request.query), None, [])
            self.fake.requests.append(record)
            self.fake.signal.notify()
            fault = self.fake.faults.take(request.method, request.path)
            if fault is not None:
                record.status, record.response = fault.status, fault.body
                return await self.fake.faults.answer(fault)
            try:
                body, files = await read_body(request)
                record.json, record.files = body, files
                status, out = await handler(request, body, files)
            except ApiError as exc:
                status, out = exc.status, exc.body()
                if exc.violation:
                    self._violation(request, record, exc)
            except Exception:  # a bug in the fake: fail the test loudly, answer fast (no 5xx retries)
                self.fake.record_failure(f"fake crashed on {request.method} {request.path}:\n"
                                         f"{traceback.format_exc()}")
                status, out = 400, {"code": GENERAL, "message": "fake_discord internal error"}
            record.status, record.response = status, out
            return json_response(status, out)

        return run

    def _violation(self, request: web.Request, record: RequestRecord, exc: ApiError) -> None:
        violation = Violation(request.method, request.path, exc.status, exc.code, exc.message,
                              [str(e) for e in exc.errors])
        self.fake.violations.append(violation)
        token = request.match_info.get("token")
        rec = self.fake.engine.by_token.get(token) if token else None
        if rec is not None:
            rec.errors.append(violation)
        self.fake.signal.notify()

    def _auth(self, request: web.Request) -> None:
        if request.headers.get("Authorization") != f"Bot {self.world.token}":
            self.fake.auth_failures += 1
            raise ApiError(401, GENERAL, "401: Unauthorized", violation=False)
        ua = request.headers.get("User-Agent", "")
        if not ua.startswith("DiscordBot"):
            self.fake.record_failure(f"{request.method} {request.path}: User-Agent {ua!r} must be "
                                     "'DiscordBot ($url, $version)'")

    def _app(self, request: web.Request) -> None:
        if request.match_info["app_id"] != str(self.world.app_id):
            raise ApiError(403, 20012, "You are not authorized to perform this action on this application")

    def _query_bool(self, request: web.Request, name: str, default: bool) -> bool:
        raw = request.query.get(name)
        if raw is None:
            return default
        if raw.lower() in ("1", "true"):
            return True
        if raw.lower() in ("0", "false"):
            return False
        raise invalid_form([field_error((name,), f"Query parameter {name}={raw!r} is not a boolean.",
                                        "BASE_TYPE_BOOLEAN")])

    def _no_threads(self, request: web.Request) -> None:
        if "thread_id" in request.query:
            raise invalid_form([field_error(("thread_id",), "The fake has no threads.", "BASE_TYPE_INVALID")])

    async def unknown_route(self, request: web.Request) -> web.Response:
        self.fake.record_failure(f"unexpected route: {request.method} {request.path_qs}")
        self.fake.requests.append(RequestRecord(request.method, request.path, dict(request.query), None, [], 404,
                                                {"code": 0, "message": "404: Not Found"}))
        return json_response(404, {"code": 0, "message": "404: Not Found"})

    # -- identity ------------------------------------------------------------------------------------
    async def get_me(self, request: web.Request, body: Any, files: list[UploadedFile]) -> tuple[int, Any]:
        self._auth(request)
        return 200, {**self.world.bot.payload(), "verified": True, "mfa_enabled": False, "email": None,
                     "locale": "en-US", "premium_type": 0, "bio": ""}

    async def get_gateway_bot(self, request: web.Request, body: Any, files: list[UploadedFile]) -> tuple[int, Any]:
        """Where to connect and how many shards to run (what an auto-sharded client asks first)."""
        self._auth(request)
        limit = {"total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1}
        return 200, {"url": self.fake.gateway_url, "shards": self.fake.recommended_shards,
                     "session_start_limit": limit}

    async def get_application(self, request: web.Request, body: Any, files: list[UploadedFile]) -> tuple[int, Any]:
        self._auth(request)
        return 200, self.world.application_payload(self.fake.gateway.app_flags())

    # -- application commands ----------------------------------------------------------------------
    def _scope(self, request: web.Request) -> int | None:
        self._app(request)
        guild_id = request.match_info.get("guild_id")
        if guild_id is None:
            return None
        if guild_id != str(self.world.guild.id):
            raise ApiError(403, MISSING_ACCESS, "Missing Access")
        return int(guild_id)

    async def get_commands(self, request: web.Request, body: Any, files: list[UploadedFile]) -> tuple[int, Any]:
        self._auth(request)
        return 200, self.fake.commands.list(self._scope(request))

    async def put_commands(self, request: web.Request, body: Any, files: list[UploadedFile]) -> tuple[int, Any]:
        self._auth(request)
        scope = self._scope(request)
        errors = validate_commands(body)
        if errors:
            raise invalid_form(errors)
        stored = self.fake.commands.overwrite(scope, body)
        self.fake.signal.notify()
        return 200, stored

    # -- interactions ---------------------------------------------------------------------------
    async def interaction_callback(self, request: web.Request, body: Any,
                                   files: list[UploadedFile]) -> tuple[int, Any]:
        with_response = self._query_bool(request, "with_response", False)
        out = await self.fake.engine.callback(request.match_info["interaction_id"], request.match_info["token"],
                                              body, files, with_response)
        return (200, out) if with_response else (204, None)

    async def execute_webhook(self, request: web.Request, body: Any, files: list[UploadedFile]) -> tuple[int, Any]:
        rec = self.fake.engine.for_token(request.match_info["app_id"], request.match_info["token"])
        wait = self._query_bool(request, "wait", False)
        self._query_bool(request, "with_components", False)
        self._no_threads(request)
        msg = await self.fake.engine.followup(rec, body if body is not None else {}, files)
        return (200, msg.payload()) if wait else (204, None)

    async def get_webhook_message(self, request: web.Request, body: Any,
                                  files: list[UploadedFile]) -> tuple[int, Any]:
        rec = self.fake.engine.for_token(request.match_info["app_id"], request.match_info["token"])
        self._no_threads(request)
        return 200, self.fake.engine.get(rec, request.match_info["message_id"]).payload()

    async def edit_webhook_message(self, request: web.Request, body: Any,
                                   files: list[UploadedFile]) -> tuple[int, Any]:
        rec = self.fake.engine.for_token(request.match_info["app_id"], request.match_info["token"])
        self._query_bool(request, "with_components", False)
        self._no_threads(request)
        msg = await self.fake.engine.edit(rec, request.match_info["message_id"], body or {}, files)
        return 200, msg.payload()

    async def delete_webhook_message(self, request: web.Request, body: Any,
                                     files: list[UploadedFile]) -> tuple[int, Any]:
        rec = self.fake.engine.for_token(request.match_info["app_id"], request.match_info["token"])
        self._no_threads(request)
        await self.fake.engine.delete(rec, request.match_info["message_id"])
        return 204, None

    # -- channel messages -----------------------------------------------------------------------
    async def create_channel_message(self, request: web.Request, body: Any,
                                     files: list[UploadedFile]) -> tuple[int, Any]:
        self._auth(request)
        try:
            channel = self.world.guild.channels.get(int(request.match_info["channel_id"]))
        except ValueError:
            channel = None
        if channel is None:
            raise ApiError(404, UNKNOWN_CHANNEL, "Unknown Channel")
        if body is None:
            body = {}
        errors: list[FieldError] = validate_message(body, "channel", upload_count=len(files))
        referenced = None
        ref = body.get("message_reference") if isinstance(body, dict) else None
        if ref is not None:
            referenced, ref_errors = self._reference(ref, channel.id)
            errors += ref_errors
        specs, att_errors = plan_attachments(body if isinstance(body, dict) else {}, files, (),
                                             size_limit=self.fake.attachment_size_limit)
        if errors + att_errors:
            raise invalid_form(errors + att_errors)
        msg = self.fake.message_factory.create(
            channel_id=channel.id, author=self.world.bot_member, kind="channel", body=body, specs=specs,
            type_=19 if referenced is not None else 0, default_parse=CHANNEL_DEFAULT_PARSE,
            flags=body.get("flags") or 0, referenced=referenced)
        self.fake.signal.notify()
        await self.fake.echo("MESSAGE_CREATE", msg)
        return 200, msg.payload()

    def _reference(self, ref: Any, channel_id: int) -> tuple[Any, list[FieldError]]:
        path = ("message_reference",)
        if not isinstance(ref, dict):
            return None, [field_error(path, "Must be an object.", "MODEL_TYPE_CONVERT")]
        if ref.get("type", 0) != 0:
            return None, [field_error(path + ("type",), "The fake supports replies (type 0) only.",
                                      "BASE_TYPE_CHOICES")]
        try:
            target = self.fake.messages.get(int(ref.get("message_id")))
        except (TypeError, ValueError):
            target = None
        if ref.get("channel_id") is not None and str(ref["channel_id"]) != str(channel_id):
            target = None
        if target is None or target.deleted or target.ephemeral:
            if ref.get("fail_if_not_exists", True):
                return None, [field_error(path + ("message_id",), "Unknown message",
                                          "MESSAGE_REFERENCE_UNKNOWN_MESSAGE")]
            return None, []
        return target, []

    # -- CDN ---------------------------------------------------------------------------------------
    async def download_attachment(self, request: web.Request) -> web.Response:
        try:
            att = self.fake.attachments.get(int(request.match_info["attachment_id"]))
        except ValueError:
            att = None
        if att is None or att.filename != request.match_info["filename"]:
            self.fake.record_failure(f"download of unknown attachment {request.path}")
            return web.Response(status=404, text="Not Found")
        return web.Response(body=att.data, headers={"Content-Type": att.content_type or "application/octet-stream"})
