"""FakeDiscord: the local stand-in for Discord's REST API, gateway and CDN, plus the test helpers
that play the part of Discord users (invoking commands, clicking buttons, writing messages)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from aiohttp import web

from .commands import CommandStore
from .errors import InvocationError, Violation
from .faults import Fault, Faults, rate_limited
from .gateway import Gateway
from .interactions import InteractionEngine
from .messages import USER_MENTION, AttachmentSpec, MessageFactory
from .models import INTENT_GUILD_MESSAGES, INTENT_MESSAGE_CONTENT, FakeChannel, FakeMember, FakeUser, build_world
from .records import AttachmentRecord, InteractionRecord, MessageRecord, RequestRecord, UploadedFile
from .rest import RestApi
from .signal import Signal

MessageLike = MessageRecord | InteractionRecord | int


class FakeDiscord:
    """A strict local Discord for end-to-end tests of a real discord.py bot.

    Use as ``async with FakeDiscord() as fake:``; point discord.py at ``fake.api_base`` and
    ``fake.gateway_url`` (see :func:`tests.fake_discord.patch_discord`)."""

    def __init__(
        self,
        token: str = "fake-bot-token",
        *,
        bot_name: str = "MedEd Evidence Bot",
        app_description: str = "Answers questions about research on social media in medical education.",
        guild_name: str = "MedEd Test Guild",
        channel_name: str = "general",
        interaction_deadline: float = 3.0,
        token_lifetime: float = 15 * 60.0,
        heartbeat_interval_ms: int = 41250,
        privileged_intents: Iterable[str] = ("members", "presences", "message_content"),
        attachment_size_limit: int = 10 * 1024 * 1024,
        compressed_chunk_size: int | None = None,
        check_on_exit: bool = True,
    ) -> None:
        self.world = build_world(token=token, bot_name=bot_name, app_description=app_description,
                                 guild_name=guild_name, channel_name=channel_name)
        self.interaction_deadline = interaction_deadline
        self.token_lifetime = token_lifetime
        self.attachment_size_limit = attachment_size_limit
        self.check_on_exit = check_on_exit
        self.signal = Signal()
        # Inspectable logs.
        self.requests: list[RequestRecord] = []
        self.violations: list[Violation] = []
        self.unexpected: list[str] = []
        self.warnings: list[str] = []
        self.interactions: list[InteractionRecord] = []
        self.messages: dict[int, MessageRecord] = {}
        self.attachments: dict[int, AttachmentRecord] = {}
        self.auth_failures = 0
        # Components.
        self.commands = CommandStore(self.world.app_id)
        self.message_factory = MessageFactory(self.world, self.messages, self.attachments, self.warnings.append)
        self.gateway = Gateway(self.world, self.signal, self.record_failure, heartbeat_interval=heartbeat_interval_ms,
                               allowed_privileged=set(privileged_intents),
                               compressed_chunk_size=compressed_chunk_size)
        self.engine = InteractionEngine(self)
        self.faults = Faults()
        self.recommended_shards = 1  # what GET /gateway/bot tells an auto-sharded bot
        self._rest = RestApi(self)
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- world shortcuts -------------------------------------------------------------------------
    @property
    def token(self) -> str:
        return self.world.token

    @property
    def app_id(self) -> int:
        return self.world.app_id

    @property
    def bot_user(self) -> FakeUser:
        return self.world.bot

    @property
    def guild(self):  # -> FakeGuild
        return self.world.guild

    @property
    def guild_id(self) -> int:
        return self.world.guild.id

    @property
    def channel(self) -> FakeChannel:
        return self.world.channel

    @property
    def channel_id(self) -> int:
        return self.world.channel.id

    @property
    def member(self) -> FakeMember:
        """The ordinary member who invokes commands by default."""
        return self.world.member

    @property
    def moderator(self) -> FakeMember:
        return self.world.moderator

    @property
    def moderator_role(self):  # -> FakeRole
        return self.world.moderator_role

    # -- lifecycle --------------------------------------------------------------------------------
    @property
    def http_base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        return f"{self.http_base}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self) -> FakeDiscord:
        app = web.Application(client_max_size=self.attachment_size_limit * 11)
        self._rest.register(app)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.gateway.ws_base = f"ws://127.0.0.1:{self.port}"
        self.message_factory.http_base = self.http_base
        return self

    async def close(self) -> None:
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        await self.close()
        if exc_type is None and self.check_on_exit:
            self.assert_clean()

    # -- failures ---------------------------------------------------------------------------------
    def record_failure(self, message: str) -> None:
        self.unexpected.append(message)
        self.signal.notify()

    @property
    def failures(self) -> list[str]:
        return [str(v) for v in self.violations] + list(self.unexpected)

    def assert_clean(self) -> None:
        """Fail if the bot made any request Discord would reject, or anything unexpected happened."""
        if self.failures:
            raise AssertionError("fake Discord recorded failures:\n  " + "\n  ".join(self.failures))

    def pop_violations(self) -> list[Violation]:
        """Return and forget recorded violations (for tests that provoke them on purpose)."""
        taken, self.violations[:] = list(self.violations), []
        return taken

    def requests_to(self, method: str, path_contains: str = "") -> list[RequestRecord]:
        return [r for r in self.requests if r.method == method and path_contains in r.path]

    # -- injected faults --------------------------------------------------------------------------
    def fail(self, method: str, path_contains: str, status: int = 500, body: Any = None, times: int | None = 1) -> Fault:
        """Answer the next ``times`` matching requests with ``status`` (None: every one)."""
        return self.faults.add(Fault(method, path_contains, status, body, times=times))

    def hang(self, method: str, path_contains: str, times: int | None = None) -> Fault:
        """Never answer matching requests (the connection stays open until the fake closes)."""
        return self.faults.add(Fault(method, path_contains, hang=True, times=times))

    def rate_limit(self, method: str, path_contains: str, retry_after: float, times: int = 1) -> Fault:
        """Answer the next ``times`` matching requests with a 429 carrying ``retry_after`` seconds."""
        return self.faults.add(rate_limited(method, path_contains, retry_after, times))

    # -- gateway controls ------------------------------------------------------------------------
    @property
    def identify_count(self) -> int:
        return self.gateway.identify_count

    @property
    def resume_count(self) -> int:
        return self.gateway.resume_count

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0, what: str = "condition") -> None:
        await self.signal.wait_for(predicate, timeout, what, lambda: "failures: " + repr(self.failures))

    async def wait_for_identify(self, count: int = 1, timeout: float = 5.0) -> None:
        """Wait until ``count`` IDENTIFYs in total were answered with READY."""
        await self.wait_for(lambda: self.gateway.ready_count >= count, timeout, f"{count} IDENTIFY/READY")

    async def wait_for_resume(self, count: int = 1, timeout: float = 5.0) -> None:
        """Wait until ``count`` RESUMEs in total succeeded."""
        await self.wait_for(lambda: self.gateway.resume_count >= count, timeout, f"{count} RESUME(s)")

    async def drop_connection(self, code: int | None = None) -> None:
        await self.gateway.drop_connection(code)

    async def send_reconnect(self) -> None:
        await self.gateway.send_reconnect()

    async def invalidate_session(self, resumable: bool = False) -> None:
        await self.gateway.invalidate_session(resumable)

    async def dispatch(self, event: str, data: Any) -> None:
        """Send any raw gateway dispatch to the bot."""
        await self.gateway.dispatch(event, data)

    async def echo(self, event: str, msg: MessageRecord) -> None:
        """Tell the bot about its own non-ephemeral messages, as Discord does (needs GUILD_MESSAGES)."""
        if msg.ephemeral or self.gateway.session is None or not self.gateway.intents & INTENT_GUILD_MESSAGES:
            return
        if event == "MESSAGE_DELETE":
            data: dict[str, Any] = {"id": str(msg.id), "channel_id": str(msg.channel_id),
                                    "guild_id": str(self.guild_id)}
        else:
            data = msg.payload()
        await self.gateway.dispatch(event, data)

    # -- acting as users: application commands ----------------------------------------------------
    async def invoke_slash(self, name: str, options: Mapping[str, Any] | None = None, *,
                           user: FakeMember | None = None, channel: FakeChannel | None = None
                           ) -> InteractionRecord:
        """Run ``/name`` (``"group sub"`` for subcommands). Raises CommandNotSynced if not synced."""
        _, data = self.engine.slash_data(name, options or {})
        return await self.engine.start(2, data, user=user, channel=channel, command_name=name)

    async def invoke_autocomplete(self, name: str, focused: str, value: str,
                                  options: Mapping[str, Any] | None = None, *,
                                  user: FakeMember | None = None) -> InteractionRecord:
        """Type ``value`` into the autocomplete option ``focused``; the answer lands in ``record.choices``."""
        _, data = self.engine.slash_data(name, options or {}, focused=focused, focused_value=value)
        return await self.engine.start(4, data, user=user, channel=None, command_name=name)

    async def autocomplete(self, name: str, focused: str, value: str, options: Mapping[str, Any] | None = None,
                           *, timeout: float = 5.0) -> list[dict[str, Any]]:
        record = await self.invoke_autocomplete(name, focused, value, options)
        await record.wait_response(timeout)
        return record.choices or []

    async def invoke_message_command(self, name: str, target: MessageLike, *,
                                     user: FakeMember | None = None) -> InteractionRecord:
        """Run the message context-menu command ``name`` on ``target``."""
        cmd = self.engine.find_command(name, 3)
        message = self._message(target)
        if message.ephemeral:
            raise InvocationError("context menus cannot target ephemeral messages")
        data = self.engine.command_data(cmd, [], {"messages": {str(message.id): message.payload()}})
        data["target_id"] = str(message.id)
        return await self.engine.start(2, data, user=user, channel=self.guild.channels[message.channel_id],
                                       command_name=name)

    async def invoke_user_command(self, name: str, target: FakeMember | FakeUser, *,
                                  user: FakeMember | None = None) -> InteractionRecord:
        cmd = self.engine.find_command(name, 2)
        member = self.guild.members.get(target.id)
        if member is None:
            raise InvocationError(f"user {target.id} is not in the guild")
        resolved = {"users": {str(member.id): member.user.payload()},
                    "members": {str(member.id): member.payload(with_user=False,
                                                               permissions=self.guild.permissions_of(member))}}
        data = self.engine.command_data(cmd, [], resolved)
        data["target_id"] = str(member.id)
        return await self.engine.start(2, data, user=user, channel=None, command_name=name)

    # -- acting as users: components and modals ------------------------------------------------------
    def _message(self, target: MessageLike) -> MessageRecord:
        if isinstance(target, InteractionRecord):
            if target.message is None:
                raise InvocationError(f"interaction {target.id} has no message yet")
            return target.message
        if isinstance(target, int):
            if target not in self.messages:
                raise InvocationError(f"unknown message {target}")
            return self.messages[target]
        return target

    async def click_button(self, message: MessageLike, custom_id: str, *,
                           user: FakeMember | None = None) -> InteractionRecord:
        msg = self._message(message)
        user = user or self.member
        data = self.engine.component_data(msg, custom_id, user, None)
        return await self.engine.start(3, data, user=user, channel=self.guild.channels[msg.channel_id],
                                       source_message=msg)

    async def select_option(self, message: MessageLike, custom_id: str, values: Sequence[str], *,
                            user: FakeMember | None = None) -> InteractionRecord:
        msg = self._message(message)
        user = user or self.member
        data = self.engine.component_data(msg, custom_id, user, list(values))
        return await self.engine.start(3, data, user=user, channel=self.guild.channels[msg.channel_id],
                                       source_message=msg)

    async def submit_modal(self, opened_by: InteractionRecord, values: Mapping[str, Any], *,
                           user: FakeMember | None = None) -> InteractionRecord:
        """Fill in and submit the modal the bot opened in answer to ``opened_by``."""
        data = self.engine.modal_data(opened_by, values)
        return await self.engine.start(5, data, user=user or opened_by.user,
                                       channel=self.guild.channels[opened_by.channel_id],
                                       source_message=opened_by.source_message)

    # -- acting as users: messages -----------------------------------------------------------------
    async def send_message(self, content: str, *, mentions_bot: bool = True, user: FakeMember | None = None,
                           channel: FakeChannel | None = None,
                           attachments: Sequence[tuple[str, bytes]] = (),
                           reply_to: MessageRecord | None = None) -> MessageRecord:
        """A user writes a message (MESSAGE_CREATE). Without the message_content intent the bot only
        sees the content of messages that mention it (as on Discord)."""
        if self.gateway.session is None:
            raise RuntimeError("the bot has not identified on the gateway yet")
        user = user or self.member
        channel = channel or self.channel
        if mentions_bot and not any(int(u) == self.app_id for u in USER_MENTION.findall(content)):
            content = f"{self.bot_user.mention} {content}"
        specs = [AttachmentSpec(upload=UploadedFile(f"files[{i}]", name, data, None))
                 for i, (name, data) in enumerate(attachments)]
        msg = self.message_factory.create(channel_id=channel.id, author=user, kind="user", body={"content": content},
                                          specs=specs, type_=19 if reply_to else 0,
                                          default_parse=("users", "roles", "everyone"), referenced=reply_to)
        intents = self.gateway.intents
        if intents & INTENT_GUILD_MESSAGES:
            mentioned = self.app_id in msg.pinged_user_ids or any(
                int(u) == self.app_id for u in USER_MENTION.findall(content))
            visible = bool(intents & INTENT_MESSAGE_CONTENT) or mentioned
            await self.gateway.dispatch("MESSAGE_CREATE", msg.payload(include_content=visible))
        self.signal.notify()
        return msg

    async def wait_for_message(self, predicate: Callable[[MessageRecord], bool], timeout: float = 5.0,
                               what: str = "a message") -> MessageRecord:
        found: list[MessageRecord] = []

        def check() -> bool:
            found[:] = [m for m in self.messages.values() if not m.deleted and predicate(m)]
            return bool(found)

        await self.wait_for(check, timeout, what)
        return found[0]

    async def wait_for_reply(self, message: MessageRecord, timeout: float = 5.0) -> MessageRecord:
        """The bot's reply (a channel message whose message_reference is ``message``)."""
        return await self.wait_for_message(
            lambda m: m.referenced is message and m.author.id == self.app_id, timeout,
            f"a reply to message {message.id}")

    def bot_messages(self) -> list[MessageRecord]:
        return [m for m in self.messages.values() if m.author.id == self.app_id]
