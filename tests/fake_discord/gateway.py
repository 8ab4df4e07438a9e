"""The fake gateway: HELLO/IDENTIFY/READY/GUILD_CREATE, heartbeats, dispatches with sequence numbers,
RESUME with replay, and test controls (drop, op 7 reconnect, op 9 invalid session)."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from .compression import StreamCompressor, make_compressor
from .ids import session_id as new_session_id
from .models import APP_FLAG_FOR_INTENT, INTENT_GUILD_MEMBERS, INTENT_GUILDS, PRIVILEGED_INTENTS, World
from .signal import Signal

# Close codes (topics/opcodes-and-status-codes).
UNKNOWN_OPCODE, DECODE_ERROR, NOT_AUTHENTICATED, AUTH_FAILED, ALREADY_AUTHENTICATED = 4001, 4002, 4003, 4004, 4005
INVALID_SHARD, INVALID_API_VERSION, INVALID_INTENTS, DISALLOWED_INTENTS = 4010, 4012, 4013, 4014


def split_frames(data: bytes, size: int | None) -> list[bytes]:
    """Split one compressed message into frames of at most ``size`` bytes, except that the last frame
    carries the whole 4-byte ``00 00 ff ff`` suffix: discord.py only looks at the newest frame's last
    4 bytes (and ignores frames shorter than 4 bytes), so a split suffix would never be decoded."""
    if not size or len(data) <= size:
        return [data]
    body, suffix = data[:-4], data[-4:]
    frames = [body[i:i + size] for i in range(0, len(body), size)] or [b""]
    frames[-1] += suffix
    return frames


@dataclass
class Connection:
    """One websocket connection from the bot."""

    id: int
    ws: web.WebSocketResponse
    request: web.Request
    path: str
    compressor: StreamCompressor | None
    chunk_size: int | None
    session: Session | None = None
    closed: bool = False
    close_code: int | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def send(self, payload: dict[str, Any]) -> None:
        """Send one gateway payload (compressed with the connection's stream context if asked for)."""
        if self.closed or self.ws.closed:
            return
        raw = json.dumps(payload, separators=(",", ":"))
        async with self.lock:
            try:
                if self.compressor is None:
                    await self.ws.send_str(raw)
                    return
                data = self.compressor.compress(raw.encode())
                for chunk in split_frames(data, self.chunk_size):
                    await self.ws.send_bytes(chunk)
            except (ConnectionError, RuntimeError):
                self.closed = True


@dataclass
class Session:
    """A gateway session: survives dropped connections until invalidated."""

    id: str
    intents: int
    shard: list[int] | None
    seq: int = 0
    backlog: list[dict[str, Any]] = field(default_factory=list)
    conn: Connection | None = None
    resumable: bool = True
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class Gateway:
    """Websocket endpoint at ``/gateway`` (and ``/resume-gateway``, READY's resume_gateway_url)."""

    def __init__(self, world: World, signal: Signal, record_failure: Callable[[str], None], *,
                 heartbeat_interval: int, allowed_privileged: set[str], compressed_chunk_size: int | None) -> None:
        self.world = world
        self.signal = signal
        self.record_failure = record_failure
        self.heartbeat_interval = heartbeat_interval
        self.allowed_privileged = allowed_privileged
        self.compressed_chunk_size = compressed_chunk_size
        self.ws_base = ""  # set once the server has a port, e.g. ws://127.0.0.1:1234
        self.session: Session | None = None  # the session that receives the guild's events
        self.idle_sessions: dict[int, Session] = {}  # other shards' sessions: connected, their guilds elsewhere
        self.connections: list[Connection] = []
        self.received: list[tuple[int, int, Any]] = []  # (connection id, op, d) - tokens redacted
        self.identify_count = 0
        self.ready_count = 0
        self.resume_count = 0
        self.auth_failures = 0
        self.heartbeats = 0
        self.presence: dict[str, Any] | None = None
        self._conn_ids = itertools.count(1)

    # -- properties for tests -----------------------------------------------------------------
    @property
    def resume_url(self) -> str:
        return f"{self.ws_base}/resume-gateway"

    @property
    def intents(self) -> int:
        return self.session.intents if self.session else 0

    @property
    def connected(self) -> bool:
        """A session exists and its connection is live (READY or RESUMED sent)."""
        s = self.session
        return s is not None and s.conn is not None and not s.conn.closed

    def app_flags(self) -> int:
        flags = 0
        for name in self.allowed_privileged:
            flags |= APP_FLAG_FOR_INTENT[name]
        return flags

    # -- websocket handler ----------------------------------------------------------------------
    async def handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        query = request.query
        problems = []
        if query.get("v") != "10":
            problems.append(f"gateway version v={query.get('v')!r} (expected 10)")
        if query.get("encoding") != "json":
            problems.append(f"encoding={query.get('encoding')!r} (the fake speaks json only)")
        compress = query.get("compress")
        compressor: StreamCompressor | None = None
        try:
            compressor = make_compressor(compress)
        except (ValueError, ImportError) as exc:
            problems.append(f"compress={compress!r}: {exc}")
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        conn = Connection(next(self._conn_ids), ws, request, path, compressor, self.compressed_chunk_size)
        self.connections.append(conn)
        if problems:
            for p in problems:
                self.record_failure(f"gateway connect {request.path_qs}: {p}")
            await self._close(conn, INVALID_API_VERSION)
            return ws
        await conn.send({"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval,
                                         "_trace": ["[\"fake-gateway\"]"]}, "s": None, "t": None})
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    try:
                        payload = json.loads(msg.data)
                    except ValueError:
                        self.record_failure(f"gateway: undecodable payload {msg.data[:200]!r}")
                        await self._close(conn, DECODE_ERROR)
                        break
                    await self._on_payload(conn, payload)
                elif msg.type == WSMsgType.BINARY:
                    self.record_failure("gateway: client sent a binary frame (ETF/compressed payloads unsupported)")
                    await self._close(conn, DECODE_ERROR)
                    break
                if conn.closed:
                    break
        finally:
            self._on_closed(conn, ws.close_code)
        return ws

    def _on_closed(self, conn: Connection, code: int | None) -> None:
        conn.closed = True
        conn.close_code = code if conn.close_code is None else conn.close_code
        session = conn.session
        if session is not None and session.conn is conn:
            session.conn = None
            if code in (1000, 1001):
                # A clean close by the client ends the session (Discord's documented behaviour).
                session.resumable = False
        self.signal.notify()

    async def _close(self, conn: Connection, code: int) -> None:
        conn.close_code = code
        conn.closed = True
        if not conn.ws.closed:
            await conn.ws.close(code=code)

    async def _on_payload(self, conn: Connection, payload: Any) -> None:
        if not isinstance(payload, dict) or "op" not in payload:
            self.record_failure(f"gateway: payload without op: {payload!r:.200}")
            await self._close(conn, DECODE_ERROR)
            return
        op, d = payload["op"], payload.get("d")
        redacted = {**d, "token": "<redacted>"} if isinstance(d, dict) and "token" in d else d
        self.received.append((conn.id, op, redacted))
        if op == 1:
            self.heartbeats += 1
            if d is not None and not isinstance(d, int):
                self.record_failure(f"gateway: heartbeat d must be the last sequence or null, got {d!r}")
            await conn.send({"op": 11, "d": None, "s": None, "t": None})
        elif op == 2:
            await self._identify(conn, d)
        elif op == 6:
            await self._resume(conn, d)
        elif conn.session is None:
            self.record_failure(f"gateway: op {op} sent before IDENTIFY/RESUME")
            await self._close(conn, NOT_AUTHENTICATED)
        elif op == 3:
            self.presence = d
        elif op == 8:
            await self._request_members(conn, d)
        else:
            self.record_failure(f"gateway: unexpected opcode {op}")
            await self._close(conn, UNKNOWN_OPCODE)

    async def _identify(self, conn: Connection, d: Any) -> None:
        if conn.session is not None:
            self.record_failure("gateway: second IDENTIFY on one connection")
            await self._close(conn, ALREADY_AUTHENTICATED)
            return
        if not isinstance(d, dict) or d.get("token") != self.world.token:
            self.auth_failures += 1
            self.signal.notify()
            await self._close(conn, AUTH_FAILED)
            return
        props = d.get("properties")
        if not isinstance(props, dict) or not {"os", "browser", "device"} <= props.keys():
            self.record_failure(f"gateway: IDENTIFY properties must have os/browser/device: {props!r}")
            await self._close(conn, DECODE_ERROR)
            return
        intents = d.get("intents")
        if not isinstance(intents, int) or isinstance(intents, bool) or intents < 0 or intents >= 1 << 26:
            self.record_failure(f"gateway: IDENTIFY intents invalid: {intents!r}")
            await self._close(conn, INVALID_INTENTS)
            return
        disallowed = [n for n, bit in PRIVILEGED_INTENTS.items() if intents & bit and n not in self.allowed_privileged]
        if disallowed:
            self.auth_failures += 1
            self.signal.notify()
            await self._close(conn, DISALLOWED_INTENTS)
            return
        shard = d.get("shard")
        if shard is not None and (not isinstance(shard, list) or len(shard) != 2 or not 0 <= shard[0] < shard[1]):
            self.record_failure(f"gateway: invalid shard {shard!r}")
            await self._close(conn, INVALID_SHARD)
            return
        lt = d.get("large_threshold", 50)
        if not isinstance(lt, int) or not 50 <= lt <= 250:
            self.record_failure(f"gateway: large_threshold {lt!r} not in 50..250")
        guild = self.world.guild
        owner = shard is None or shard[0] == (guild.id >> 22) % shard[1]  # Discord's rule for a guild's shard
        old = self.session if owner else self.idle_sessions.get(shard[0])
        if owner and old is not None and old.shard is not None and shard is not None and old.shard != shard:
            old = None  # another shard's session lives on
        session = Session(new_session_id(), intents, shard, conn=conn)
        conn.session = session
        if owner:
            self.session = session
        else:
            self.idle_sessions[shard[0]] = session
        if old is not None and old.conn is not None and old.conn is not conn:
            await self._close(old.conn, 4009)
        self.identify_count += 1
        ready = {
            "v": 10, "user": {**self.world.bot.payload(), "verified": True, "mfa_enabled": False, "email": None,
                              "locale": "en-US", "premium_type": 0},
            "guilds": [{"id": str(guild.id), "unavailable": True}] if owner else [], "session_id": session.id,
            "session_type": "normal", "resume_gateway_url": self.resume_url,
            "application": {"id": str(self.world.app_id), "flags": self.app_flags()},
            "private_channels": [], "relationships": [], "presences": [], "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["us-east"], "auth_session_id_hash": "fake", "_trace": ["[\"fake\"]"],
        }
        if shard is not None:
            ready["shard"] = shard
        async with session.lock:
            await self._dispatch_locked(session, "READY", ready)
            if intents & INTENT_GUILDS and owner:
                members = list(guild.members.values()) if intents & INTENT_GUILD_MEMBERS else [self.world.bot_member]
                await self._dispatch_locked(session, "GUILD_CREATE", guild.create_payload(include_members=members))
        self.ready_count += 1
        self.signal.notify()

    async def _resume(self, conn: Connection, d: Any) -> None:
        if conn.session is not None:
            self.record_failure("gateway: RESUME on an already identified connection")
            await self._close(conn, ALREADY_AUTHENTICATED)
            return
        wanted = d.get("session_id") if isinstance(d, dict) else None
        session = next((s for s in (self.session, *self.idle_sessions.values()) if s is not None and s.id == wanted),
                       self.session)
        ok = (isinstance(d, dict) and session is not None and session.resumable and d.get("session_id") == session.id
              and d.get("token") == self.world.token and isinstance(d.get("seq"), int) and d["seq"] <= session.seq)
        if not ok:
            if isinstance(d, dict) and d.get("token") != self.world.token:
                self.auth_failures += 1
            await conn.send({"op": 9, "d": False, "s": None, "t": None})
            self.signal.notify()
            return
        assert session is not None
        if conn.path != "/resume-gateway":
            self.record_failure(f"gateway: RESUME sent to {conn.path} instead of READY's resume_gateway_url")
        if session.conn is not None and session.conn is not conn:
            old = session.conn
            session.conn = None
            await self._close(old, 4000)
        async with session.lock:
            conn.session = session
            session.conn = conn
            for event in session.backlog:
                if event["s"] > d["seq"]:
                    await conn.send(event)
            await self._dispatch_locked(session, "RESUMED", {"_trace": ["[\"fake\"]"]})
        self.resume_count += 1
        self.signal.notify()

    async def _request_members(self, conn: Connection, d: Any) -> None:
        guild = self.world.guild
        session = conn.session
        assert session is not None
        if not isinstance(d, dict) or str(d.get("guild_id")) != str(guild.id):
            self.record_failure(f"gateway: REQUEST_GUILD_MEMBERS for unknown guild: {d!r:.200}")
            return
        user_ids = d.get("user_ids")
        query = d.get("query")
        if user_ids is None and not session.intents & INTENT_GUILD_MEMBERS:
            self.record_failure("gateway: REQUEST_GUILD_MEMBERS by query without the GUILD_MEMBERS intent")
            await self._close(conn, INVALID_INTENTS)
            return
        members = list(guild.members.values())
        if user_ids is not None:
            wanted = {int(u) for u in (user_ids if isinstance(user_ids, list) else [user_ids])}
            members = [m for m in members if m.id in wanted]
        elif query:
            members = [m for m in members if m.user.username.lower().startswith(str(query).lower())]
        limit = d.get("limit") or 0
        if limit:
            members = members[:limit]
        chunk = {"guild_id": str(guild.id), "members": [m.payload() for m in members], "chunk_index": 0,
                 "chunk_count": 1, "not_found": []}
        if d.get("nonce") is not None:
            chunk["nonce"] = d["nonce"]
        await self.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    # -- dispatching ------------------------------------------------------------------------------
    async def _dispatch_locked(self, session: Session, event: str, data: Any) -> None:
        session.seq += 1
        payload = {"op": 0, "t": event, "s": session.seq, "d": data}
        session.backlog.append(payload)
        if session.conn is not None:
            await session.conn.send(payload)

    async def dispatch(self, event: str, data: Any) -> None:
        """Send a dispatch to the bot (buffered for RESUME replay if the connection is down)."""
        session = self.session
        if session is None:
            raise RuntimeError(f"cannot dispatch {event}: the bot never identified")
        async with session.lock:
            await self._dispatch_locked(session, event, data)

    # -- test controls ---------------------------------------------------------------------------
    def _live_conn(self) -> Connection:
        if self.session is None or self.session.conn is None:
            raise RuntimeError("no live gateway connection")
        return self.session.conn

    async def drop_connection(self, code: int | None = None) -> None:
        """Cut the connection: abort TCP without a close frame (code None) or close with ``code``."""
        conn = self._live_conn()
        assert self.session is not None
        self.session.conn = None
        if code is None:
            conn.closed = True
            transport = conn.request.transport
            if transport is not None:
                transport.abort()
        else:
            await self._close(conn, code)
        self.signal.notify()

    async def send_reconnect(self) -> None:
        """Op 7: the client should close and RESUME."""
        await self._live_conn().send({"op": 7, "d": None, "s": None, "t": None})

    async def invalidate_session(self, resumable: bool = False) -> None:
        """Op 9: with resumable False the client must IDENTIFY again (a new session)."""
        conn = self._live_conn()
        if not resumable:
            assert self.session is not None
            self.session.resumable = False
        await conn.send({"op": 9, "d": resumable, "s": None, "t": None})

    async def close_all(self) -> None:
        for conn in self.connections:
            if not conn.ws.closed:
                with contextlib.suppress(TimeoutError, ConnectionError, RuntimeError):
                    await asyncio.wait_for(conn.ws.close(code=1001), 1.0)
