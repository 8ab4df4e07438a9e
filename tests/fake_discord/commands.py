"""Application command validation (Discord's rules for bulk overwrite) and the synced-command store."""

from __future__ import annotations

import copy
import unicodedata
from typing import Any

from .errors import FieldError, PathPart, field_error, length_between, required
from .ids import snowflake
from .validate import check_choice_value, check_str

Path = tuple[PathPart, ...]
CHAT_INPUT, USER, MESSAGE = 1, 2, 3
COMMAND_LIMITS = {CHAT_INPUT: 100, USER: 15, MESSAGE: 15}
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
CHOICE_TYPES = {3, 4, 10}


def valid_name(name: str) -> bool:
    """``^[-_'\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$`` and lowercase where a lowercase form exists."""
    if not 1 <= len(name) <= 32:
        return False
    for ch in name:
        if ch in "-_'" or unicodedata.category(ch)[0] in "LN":
            continue
        if "\u0900" <= ch <= "\u097f" or "\u0e00" <= ch <= "\u0e7f":
            continue
        return False
    return all(ch.lower() == ch for ch in name)


def _check_name(name: Any, path: Path, errors: list[FieldError], *, chat_input: bool) -> None:
    if not isinstance(name, str):
        errors.append(required(path))
    elif chat_input and not valid_name(name):
        errors.append(field_error(path, f"Command name {name!r} is invalid: it must match "
                                  "^[-_'\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$ and be lowercase.",
                                  "APPLICATION_COMMAND_INVALID_NAME"))
    elif not chat_input and not 1 <= len(name) <= 32:
        errors.append(length_between(path, 1, 32))


def _check_localizations(value: Any, path: Path, low: int, high: int, errors: list[FieldError]) -> int:
    """Validate a {locale: text} map; return the longest text (counted towards the 8000 total)."""
    if value is None:
        return 0
    if not isinstance(value, dict):
        errors.append(field_error(path, "Must be an object.", "MODEL_TYPE_CONVERT"))
        return 0
    longest = 0
    for locale, text in value.items():
        check_str(text, path + (locale,), low, high, errors, required_=True)
        longest = max(longest, len(text) if isinstance(text, str) else 0)
    return longest


class _CommandCheck:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []
        self.text = 0

    def count_text(self, obj: dict[str, Any], path: Path, *, description: bool) -> None:
        name_loc = _check_localizations(obj.get("name_localizations"), path + ("name_localizations",), 1, 32,
                                        self.errors)
        self.text += max(len(obj.get("name") or ""), name_loc)
        if description:
            desc_loc = _check_localizations(obj.get("description_localizations"),
                                            path + ("description_localizations",), 1, 100, self.errors)
            self.text += max(len(obj.get("description") or ""), desc_loc)

    def command(self, cmd: Any, path: Path) -> None:
        if not isinstance(cmd, dict):
            self.errors.append(field_error(path, "Must be an object.", "MODEL_TYPE_CONVERT"))
            return
        t = cmd.get("type", CHAT_INPUT)
        if t not in (CHAT_INPUT, USER, MESSAGE):
            self.errors.append(field_error(path + ("type",), "Value must be one of (1, 2, 3).", "BASE_TYPE_CHOICES"))
            return
        _check_name(cmd.get("name"), path + ("name",), self.errors, chat_input=t == CHAT_INPUT)
        if t == CHAT_INPUT:
            check_str(cmd.get("description"), path + ("description",), 1, 100, self.errors, required_=True)
            self.count_text(cmd, path, description=True)
            self.options(cmd.get("options") or [], path + ("options",), level=0)
        else:
            if cmd.get("description"):
                self.errors.append(field_error(path + ("description",), "Context menu commands cannot have a "
                                               "description.", "APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION"))
            if cmd.get("options"):
                self.errors.append(field_error(path + ("options",), "Context menu commands cannot have options.",
                                               "APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS"))
            self.count_text(cmd, path, description=False)
        perms = cmd.get("default_member_permissions")
        if perms is not None and not (isinstance(perms, int) and not isinstance(perms, bool) and perms >= 0) \
                and not (isinstance(perms, str) and perms.isdigit()):
            self.errors.append(field_error(path + ("default_member_permissions",),
                                           "Must be a permission bit set (a string of digits) or null.",
                                           "BASE_TYPE_INVALID"))
        for key, allowed in (("contexts", {0, 1, 2}), ("integration_types", {0, 1})):
            value = cmd.get(key)
            if value is not None and (not isinstance(value, list) or not set(value) <= allowed):
                self.errors.append(field_error(path + (key,), f"Values must be in {sorted(allowed)}.",
                                               "BASE_TYPE_CHOICES"))
        for key in ("nsfw", "dm_permission"):
            if cmd.get(key) is not None and not isinstance(cmd[key], bool):
                self.errors.append(field_error(path + (key,), "Must be a boolean.", "BASE_TYPE_BOOLEAN"))

    def options(self, options: Any, path: Path, level: int) -> None:
        """level 0: top of a command; 1: inside a group (only subcommands); 2: inside a subcommand."""
        if not isinstance(options, list):
            self.errors.append(field_error(path, "Must be an array.", "BASE_TYPE_ARRAY"))
            return
        if len(options) > 25:
            self.errors.append(field_error(path, "Must be 25 or fewer in length.", "BASE_TYPE_MAX_LENGTH"))
        names: set[str] = set()
        seen_optional = False
        kinds = {o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in options if isinstance(o, dict)}
        if len(kinds) > 1:
            self.errors.append(field_error(path, "Subcommands and groups cannot be mixed with other options.",
                                           "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID"))
        for i, opt in enumerate(options):
            p = path + (i,)
            if not isinstance(opt, dict):
                self.errors.append(field_error(p, "Must be an object.", "MODEL_TYPE_CONVERT"))
                continue
            t = opt.get("type")
            if not isinstance(t, int) or not 1 <= t <= 11:
                self.errors.append(field_error(p + ("type",), "Value must be between 1 and 11.", "BASE_TYPE_CHOICES"))
                continue
            _check_name(opt.get("name"), p + ("name",), self.errors, chat_input=True)
            check_str(opt.get("description"), p + ("description",), 1, 100, self.errors, required_=True)
            self.count_text(opt, p, description=True)
            if opt.get("name") in names:
                self.errors.append(field_error(p + ("name",), "Option names must be unique.",
                                               "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS"))
            names.add(opt.get("name"))
            if t == SUB_COMMAND_GROUP:
                if level != 0:
                    self.errors.append(field_error(p + ("type",), "Groups can only be at the top level.",
                                                   "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID"))
                self.options(opt.get("options") or [], p + ("options",), level=1)
                continue
            if t == SUB_COMMAND:
                if level == 2:
                    self.errors.append(field_error(p + ("type",), "Subcommands cannot be nested in subcommands.",
                                                   "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID"))
                self.options(opt.get("options") or [], p + ("options",), level=2)
                continue
            if level == 1:
                self.errors.append(field_error(p + ("type",), "A group can only hold subcommands.",
                                               "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID"))
            self.option(opt, p, t)
            if opt.get("required"):
                if seen_optional:
                    self.errors.append(field_error(p + ("required",), "Required options must be placed before "
                                                   "non-required options.",
                                                   "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID"))
            else:
                seen_optional = True

    def option(self, opt: dict[str, Any], p: Path, t: int) -> None:
        choices = opt.get("choices")
        if choices:
            if t not in CHOICE_TYPES:
                self.errors.append(field_error(p + ("choices",), "Only string, integer and number options can "
                                               "have choices.", "APPLICATION_COMMAND_OPTION_CHOICES_INVALID"))
            if len(choices) > 25:
                self.errors.append(field_error(p + ("choices",), "Must be 25 or fewer in length.",
                                               "BASE_TYPE_MAX_LENGTH"))
            if opt.get("autocomplete"):
                self.errors.append(field_error(p + ("autocomplete",), "Autocomplete cannot be set with choices.",
                                               "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID"))
            for k, choice in enumerate(choices):
                cp = p + ("choices", k)
                check_str(choice.get("name"), cp + ("name",), 1, 100, self.errors, required_=True)
                self.errors.extend(check_choice_value(choice.get("value"), cp + ("value",), t))
                self.count_text(choice, cp, description=False)
                self.text += len(str(choice.get("value", "")))
        if opt.get("autocomplete") and t not in CHOICE_TYPES:
            self.errors.append(field_error(p + ("autocomplete",), "Only string, integer and number options can "
                                           "autocomplete.", "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID"))
        for key, low in (("min_length", 0), ("max_length", 1)):
            if key in opt:
                if t != 3:
                    self.errors.append(field_error(p + (key,), f"{key} is only for string options.",
                                                   "BASE_TYPE_INVALID"))
                elif not isinstance(opt[key], int) or not low <= opt[key] <= 6000:
                    self.errors.append(field_error(p + (key,), f"Must be between {low} and 6000.", "NUMBER_TYPE_MAX"))
        for key in ("min_value", "max_value"):
            if key in opt and t not in (4, 10):
                self.errors.append(field_error(p + (key,), f"{key} is only for integer and number options.",
                                               "BASE_TYPE_INVALID"))
        if opt.get("channel_types") and t != 7:
            self.errors.append(field_error(p + ("channel_types",), "channel_types is only for channel options.",
                                           "BASE_TYPE_INVALID"))


def validate_commands(payload: Any) -> list[FieldError]:
    """All errors for a bulk-overwrite body (paths start with the command's index)."""
    if not isinstance(payload, list):
        return [field_error((), "Must be an array.", "BASE_TYPE_ARRAY")]
    errors: list[FieldError] = []
    seen: set[tuple[int, str]] = set()
    counts = {CHAT_INPUT: 0, USER: 0, MESSAGE: 0}
    for i, cmd in enumerate(payload):
        check = _CommandCheck()
        check.command(cmd, (i,))
        errors += check.errors
        if check.text > 8000:
            errors.append(field_error((i,), f"Command exceeds maximum size (8000): {check.text} characters.",
                                      "APPLICATION_COMMAND_TOO_LARGE"))
        if isinstance(cmd, dict):
            key = (cmd.get("type", CHAT_INPUT), cmd.get("name"))
            if key in seen:
                errors.append(field_error((i, "name"), "Application command names must be unique per type.",
                                          "APPLICATION_COMMANDS_DUPLICATE_NAME"))
            seen.add(key)
            if key[0] in counts:
                counts[key[0]] += 1
    for t, limit in COMMAND_LIMITS.items():
        if counts[t] > limit:
            errors.append(field_error((), f"Too many commands of type {t}: {counts[t]} > {limit}.",
                                      "APPLICATION_COMMANDS_TOO_MANY"))
    return errors


class CommandStore:
    """Synced commands per scope (None = global, else a guild id); ids survive re-syncs like on Discord."""

    def __init__(self, app_id: int) -> None:
        self.app_id = app_id
        self.scopes: dict[int | None, list[dict[str, Any]]] = {}
        self._ids: dict[tuple[int | None, int, str], int] = {}
        self.sync_count = 0

    def overwrite(self, scope: int | None, payload: list[dict[str, Any]]) -> list[dict[str, Any]]:
        stored = []
        for cmd in payload:
            t = cmd.get("type", CHAT_INPUT)
            key = (scope, t, cmd["name"])
            cid = self._ids.setdefault(key, snowflake())
            perms = cmd.get("default_member_permissions")
            item: dict[str, Any] = {
                "id": str(cid), "application_id": str(self.app_id), "version": str(snowflake()), "type": t,
                "name": cmd["name"], "name_localizations": cmd.get("name_localizations"),
                "description": cmd.get("description") or "",
                "description_localizations": cmd.get("description_localizations"),
                "default_member_permissions": None if perms is None else str(perms),
                "dm_permission": cmd.get("dm_permission", True), "nsfw": bool(cmd.get("nsfw", False)),
                "contexts": cmd.get("contexts"), "integration_types": cmd.get("integration_types", [0]),
            }
            if t == CHAT_INPUT:
                item["options"] = copy.deepcopy(cmd.get("options") or [])
            if scope is not None:
                item["guild_id"] = str(scope)
            stored.append(item)
        self.scopes[scope] = stored
        self.sync_count += 1
        return copy.deepcopy(stored)

    def list(self, scope: int | None) -> list[dict[str, Any]]:
        return copy.deepcopy(self.scopes.get(scope, []))

    def find(self, name: str, type_: int, guild_id: int) -> dict[str, Any] | None:
        """The command a user in ``guild_id`` would see: guild commands first, then global ones."""
        for scope in (guild_id, None):
            for cmd in self.scopes.get(scope, []):
                if cmd["name"] == name and cmd["type"] == type_:
                    return cmd
        return None

    def names(self, guild_id: int) -> list[str]:
        return [f"{c['name']} (type {c['type']}, {'guild' if s else 'global'})"
                for s in (guild_id, None) for c in self.scopes.get(s, [])]
