"""The fake world: users, roles, channels and one guild, with their Discord JSON payloads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .ids import iso_now, snowflake

# Permission bits (https://discord.com/developers/docs/topics/permissions).
P = {
    "CREATE_INSTANT_INVITE": 1 << 0, "KICK_MEMBERS": 1 << 1, "BAN_MEMBERS": 1 << 2, "ADMINISTRATOR": 1 << 3,
    "MANAGE_CHANNELS": 1 << 4, "MANAGE_GUILD": 1 << 5, "ADD_REACTIONS": 1 << 6, "VIEW_AUDIT_LOG": 1 << 7,
    "VIEW_CHANNEL": 1 << 10, "SEND_MESSAGES": 1 << 11, "MANAGE_MESSAGES": 1 << 13, "EMBED_LINKS": 1 << 14,
    "ATTACH_FILES": 1 << 15, "READ_MESSAGE_HISTORY": 1 << 16, "MENTION_EVERYONE": 1 << 17,
    "USE_EXTERNAL_EMOJIS": 1 << 18, "MANAGE_ROLES": 1 << 28, "USE_APPLICATION_COMMANDS": 1 << 31,
    "MANAGE_THREADS": 1 << 34, "SEND_MESSAGES_IN_THREADS": 1 << 38, "MODERATE_MEMBERS": 1 << 40,
}
ALL_PERMISSIONS = (1 << 51) - 1

EVERYONE_PERMISSIONS = (
    P["VIEW_CHANNEL"] | P["SEND_MESSAGES"] | P["READ_MESSAGE_HISTORY"] | P["ADD_REACTIONS"] | P["EMBED_LINKS"]
    | P["ATTACH_FILES"] | P["USE_APPLICATION_COMMANDS"] | P["USE_EXTERNAL_EMOJIS"] | P["SEND_MESSAGES_IN_THREADS"]
    | P["CREATE_INSTANT_INVITE"]
)
MODERATOR_PERMISSIONS = (
    P["MANAGE_MESSAGES"] | P["KICK_MEMBERS"] | P["MODERATE_MEMBERS"] | P["MANAGE_THREADS"] | P["VIEW_AUDIT_LOG"]
    | P["MENTION_EVERYONE"]
)
BOT_PERMISSIONS = EVERYONE_PERMISSIONS | P["MANAGE_MESSAGES"]

# Gateway intents.
INTENT_GUILDS = 1 << 0
INTENT_GUILD_MEMBERS = 1 << 1
INTENT_GUILD_PRESENCES = 1 << 8
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_MESSAGE_CONTENT = 1 << 15
PRIVILEGED_INTENTS = {"members": INTENT_GUILD_MEMBERS, "presences": INTENT_GUILD_PRESENCES,
                      "message_content": INTENT_MESSAGE_CONTENT}
# Application flags telling discord.py which privileged intents are enabled ("limited" variants).
APP_FLAG_FOR_INTENT = {"presences": 1 << 13, "members": 1 << 15, "message_content": 1 << 19}


@dataclass
class FakeUser:
    """A Discord user."""

    id: int
    username: str
    global_name: str | None = None
    bot: bool = False

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id), "username": self.username, "global_name": self.global_name,
            "discriminator": "0", "avatar": None, "public_flags": 0, "flags": 0,
            "banner": None, "accent_color": None, "avatar_decoration_data": None,
        }
        if self.bot:
            data["bot"] = True
        return data

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"


@dataclass
class FakeRole:
    """A guild role."""

    id: int
    name: str
    permissions: int
    position: int = 0
    color: int = 0
    managed: bool = False
    mentionable: bool = False
    bot_id: int | None = None

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id), "name": self.name, "permissions": str(self.permissions),
            "position": self.position, "color": self.color,
            "colors": {"primary_color": self.color, "secondary_color": None, "tertiary_color": None},
            "hoist": False, "managed": self.managed, "mentionable": self.mentionable,
            "icon": None, "unicode_emoji": None, "flags": 0,
        }
        if self.bot_id is not None:
            data["tags"] = {"bot_id": str(self.bot_id)}
        return data

    @property
    def mention(self) -> str:
        return f"<@&{self.id}>"


@dataclass
class FakeMember:
    """A user's membership in the guild."""

    user: FakeUser
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=iso_now)

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def mention(self) -> str:
        return self.user.mention

    def payload(self, *, with_user: bool = True, permissions: int | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "roles": [str(r) for r in self.roles], "nick": self.nick, "avatar": None, "banner": None,
            "joined_at": self.joined_at, "premium_since": None, "deaf": False, "mute": False,
            "flags": 0, "pending": False, "communication_disabled_until": None,
        }
        if with_user:
            data["user"] = self.user.payload()
        if permissions is not None:
            data["permissions"] = str(permissions)
        return data


@dataclass
class FakeChannel:
    """A guild channel (text by default)."""

    id: int
    name: str
    guild_id: int
    type: int = 0
    position: int = 0
    topic: str | None = None
    parent_id: int | None = None

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id), "type": self.type, "guild_id": str(self.guild_id), "name": self.name,
            "position": self.position, "permission_overwrites": [], "nsfw": False, "topic": self.topic,
            "last_message_id": None, "rate_limit_per_user": 0, "flags": 0,
            "parent_id": None if self.parent_id is None else str(self.parent_id),
        }

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"


@dataclass
class FakeGuild:
    """The single guild the bot is in."""

    id: int
    name: str
    owner_id: int
    roles: dict[int, FakeRole] = field(default_factory=dict)
    channels: dict[int, FakeChannel] = field(default_factory=dict)
    members: dict[int, FakeMember] = field(default_factory=dict)
    locale: str = "en-US"

    @property
    def everyone_role(self) -> FakeRole:
        return self.roles[self.id]

    def permissions_of(self, member: FakeMember) -> int:
        """Guild-level permissions (no channel overwrites exist in the fake)."""
        if member.id == self.owner_id:
            return ALL_PERMISSIONS
        perms = self.everyone_role.permissions
        for role_id in member.roles:
            role = self.roles.get(role_id)
            if role is not None:
                perms |= role.permissions
        return ALL_PERMISSIONS if perms & P["ADMINISTRATOR"] else perms

    def create_payload(self, *, include_members: list[FakeMember]) -> dict[str, Any]:
        """The GUILD_CREATE dispatch body."""
        return {
            "id": str(self.id), "name": self.name, "icon": None, "splash": None, "discovery_splash": None,
            "banner": None, "description": None, "owner_id": str(self.owner_id), "region": "us-east",
            "afk_channel_id": None, "afk_timeout": 300, "verification_level": 0,
            "default_message_notifications": 1, "explicit_content_filter": 0, "mfa_level": 0,
            "nsfw_level": 0, "premium_tier": 0, "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False, "system_channel_id": None, "system_channel_flags": 0,
            "rules_channel_id": None, "public_updates_channel_id": None, "safety_alerts_channel_id": None,
            "vanity_url_code": None, "preferred_locale": self.locale, "features": [],
            "max_members": 500000, "max_video_channel_users": 25, "application_id": None,
            "roles": [r.payload() for r in self.roles.values()], "emojis": [], "stickers": [],
            "joined_at": iso_now(), "large": False, "unavailable": False, "lazy": True,
            "member_count": len(self.members), "voice_states": [],
            "members": [m.payload() for m in include_members],
            "channels": [c.payload() for c in self.channels.values()],
            "threads": [], "presences": [], "stage_instances": [], "guild_scheduled_events": [],
            "soundboard_sounds": [], "embedded_activities": [], "incidents_data": None,
        }


@dataclass
class World:
    """Everything the fake knows about: the application/bot, the guild and its people."""

    token: str
    bot: FakeUser
    app_name: str
    app_description: str
    owner: FakeUser
    guild: FakeGuild
    channel: FakeChannel
    member: FakeMember
    moderator: FakeMember
    moderator_role: FakeRole
    bot_role: FakeRole

    @property
    def app_id(self) -> int:
        return self.bot.id

    @property
    def bot_member(self) -> FakeMember:
        return self.guild.members[self.bot.id]

    def app_permissions(self) -> int:
        return self.guild.permissions_of(self.bot_member)

    def find_user(self, user_id: int) -> FakeUser | None:
        member = self.guild.members.get(user_id)
        return member.user if member else None

    def application_payload(self, flags: int) -> dict[str, Any]:
        """GET /oauth2/applications/@me."""
        return {
            "id": str(self.app_id), "name": self.app_name, "icon": None, "description": self.app_description,
            "summary": "", "type": None, "bot_public": False, "bot_require_code_grant": False,
            "owner": self.owner.payload(), "team": None, "verify_key": "0" * 64, "flags": flags,
            "bot": self.bot.payload(), "rpc_origins": [], "terms_of_service_url": None,
            "privacy_policy_url": None, "tags": [], "install_params": None, "custom_install_url": None,
            "role_connections_verification_url": None, "interactions_endpoint_url": None,
            "redirect_uris": [], "approximate_guild_count": 1, "approximate_user_install_count": 0,
            "integration_types_config": {"0": {}}, "cover_image": None, "slug": None,
            "hook": True, "is_monetized": False, "storefront_available": False,
        }


def build_world(
    *, token: str, bot_name: str, app_description: str, guild_name: str, channel_name: str
) -> World:
    """Create the default world: a guild with @everyone, Moderator and bot roles, a text channel,
    the bot, an ordinary member (who invokes commands by default), a moderator and an owner."""
    bot = FakeUser(snowflake(), bot_name.lower().replace(" ", "-")[:32], bot_name, bot=True)
    owner = FakeUser(snowflake(), "guild-owner", "Guild Owner")
    member_user = FakeUser(snowflake(), "student", "Student")
    mod_user = FakeUser(snowflake(), "moderator", "Moderator")
    guild = FakeGuild(id=snowflake(), name=guild_name, owner_id=owner.id)
    everyone = FakeRole(guild.id, "@everyone", EVERYONE_PERMISSIONS, position=0)
    moderator_role = FakeRole(snowflake(), "Moderator", MODERATOR_PERMISSIONS, position=2, mentionable=True)
    bot_role = FakeRole(snowflake(), bot_name[:100], BOT_PERMISSIONS, position=1, managed=True, bot_id=bot.id)
    for role in (everyone, moderator_role, bot_role):
        guild.roles[role.id] = role
    channel = FakeChannel(snowflake(), channel_name, guild.id, topic="Test channel")
    guild.channels[channel.id] = channel
    member = FakeMember(member_user)
    moderator = FakeMember(mod_user, roles=[moderator_role.id])
    for m in (FakeMember(bot, roles=[bot_role.id]), FakeMember(owner), member, moderator):
        guild.members[m.id] = m
    return World(token=token, bot=bot, app_name=bot_name, app_description=app_description, owner=owner,
                 guild=guild, channel=channel, member=member, moderator=moderator,
                 moderator_role=moderator_role, bot_role=bot_role)
