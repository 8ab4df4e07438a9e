"""Validation of message bodies (content, embeds, components, allowed_mentions), modals and
autocomplete results, following Discord's documented limits (see /work/shared/DISCORD-LIMITS.md)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from .errors import FieldError, PathPart, field_error, length_between, max_length, required

Path = tuple[PathPart, ...]

# Message flags.
SUPPRESS_EMBEDS = 1 << 2
EPHEMERAL = 1 << 6
LOADING = 1 << 7
SUPPRESS_NOTIFICATIONS = 1 << 12
IS_VOICE_MESSAGE = 1 << 13
IS_COMPONENTS_V2 = 1 << 15

ALLOWED_FLAGS = {
    "channel": SUPPRESS_EMBEDS | SUPPRESS_NOTIFICATIONS | IS_VOICE_MESSAGE | IS_COMPONENTS_V2,
    "response": SUPPRESS_EMBEDS | EPHEMERAL | IS_COMPONENTS_V2 | IS_VOICE_MESSAGE | SUPPRESS_NOTIFICATIONS,
    "deferred": EPHEMERAL,
    "followup": SUPPRESS_EMBEDS | EPHEMERAL | SUPPRESS_NOTIFICATIONS | IS_COMPONENTS_V2 | IS_VOICE_MESSAGE,
    "update": SUPPRESS_EMBEDS | IS_COMPONENTS_V2,
    "edit": SUPPRESS_EMBEDS | IS_COMPONENTS_V2,
}
CREATE_CONTEXTS = ("channel", "response", "followup")

EMBED_TOTAL = 6000
V1_TOP_LEVEL = {1}
V2_TOP_LEVEL = {1, 9, 10, 12, 13, 14, 17}
SELECT_TYPES = {3, 5, 6, 7, 8}
MENTION_PARSE = {"roles", "users", "everyone"}


def _text_len(value: Any) -> int:
    return len(value.strip()) if isinstance(value, str) else 0


def check_str(value: Any, path: Path, low: int, high: int, errors: list[FieldError], *, required_: bool = False,
              trim: bool = False) -> None:
    """Type and length check for an optional (or required) string."""
    if value is None:
        if required_:
            errors.append(required(path))
        return
    if not isinstance(value, str):
        errors.append(field_error(path, "Must be a string.", "BASE_TYPE_STRING"))
        return
    n = len(value.strip()) if trim else len(value)
    if required_ and n == 0:
        errors.append(required(path))
    elif n > high:
        errors.append(max_length(path, high) if low <= 1 else length_between(path, low, high))
    elif n < low:
        errors.append(length_between(path, low, high))


def check_url(value: Any, path: Path, errors: list[FieldError], *, attachment_ok: bool) -> None:
    if value is None:
        return
    schemes = ("http", "https", "attachment") if attachment_ok else ("http", "https")
    if not isinstance(value, str) or "://" not in value:
        errors.append(field_error(path, "Not a well formed URL.", "URL_TYPE_INVALID_URL"))
        return
    scheme = value.split("://", 1)[0].lower()
    if scheme not in schemes:
        errors.append(field_error(path, f'Scheme "{scheme}" is not supported. Scheme must be one of {schemes}.',
                                  "URL_TYPE_INVALID_SCHEME"))
    elif len(value) > 2048:
        errors.append(max_length(path, 2048))


# -- embeds --------------------------------------------------------------------------------------
def validate_embeds(embeds: Any, path: Path) -> list[FieldError]:
    errors: list[FieldError] = []
    if not isinstance(embeds, list):
        return [field_error(path, "Must be an array.", "BASE_TYPE_ARRAY")]
    if len(embeds) > 10:
        errors.append(field_error(path, "Must be 10 or fewer in length.", "BASE_TYPE_MAX_LENGTH"))
    total = 0
    for i, embed in enumerate(embeds):
        p = path + (i,)
        if not isinstance(embed, dict):
            errors.append(field_error(p, "Must be an object.", "MODEL_TYPE_CONVERT"))
            continue
        if embed.get("type", "rich") != "rich":
            errors.append(field_error(p + ("type",), "Only rich embeds can be sent.", "BASE_TYPE_CHOICES"))
        check_str(embed.get("title"), p + ("title",), 0, 256, errors, trim=True)
        check_str(embed.get("description"), p + ("description",), 0, 4096, errors, trim=True)
        check_url(embed.get("url"), p + ("url",), errors, attachment_ok=False)
        total += _text_len(embed.get("title")) + _text_len(embed.get("description"))
        color = embed.get("color")
        if color is not None and (not isinstance(color, int) or isinstance(color, bool) or not 0 <= color <= 0xFFFFFF):
            errors.append(field_error(p + ("color",), "Int value should be between 0 and 16777215.",
                                      "NUMBER_TYPE_MAX"))
        ts = embed.get("timestamp")
        if ts is not None:
            try:
                datetime.datetime.fromisoformat(str(ts).replace("Z", "+00:00"))
            except ValueError:
                errors.append(field_error(p + ("timestamp",), "Could not parse timestamp.", "DATE_TIME_TYPE_PARSE"))
        fields = embed.get("fields", [])
        if not isinstance(fields, list):
            errors.append(field_error(p + ("fields",), "Must be an array.", "BASE_TYPE_ARRAY"))
            fields = []
        if len(fields) > 25:
            errors.append(field_error(p + ("fields",), "Must be 25 or fewer in length.", "BASE_TYPE_MAX_LENGTH"))
        for j, fld in enumerate(fields):
            fp = p + ("fields", j)
            if not isinstance(fld, dict):
                errors.append(field_error(fp, "Must be an object.", "MODEL_TYPE_CONVERT"))
                continue
            check_str(fld.get("name"), fp + ("name",), 1, 256, errors, required_=True, trim=True)
            check_str(fld.get("value"), fp + ("value",), 1, 1024, errors, required_=True, trim=True)
            if "inline" in fld and not isinstance(fld["inline"], bool):
                errors.append(field_error(fp + ("inline",), "Must be a boolean.", "BASE_TYPE_BOOLEAN"))
            total += _text_len(fld.get("name")) + _text_len(fld.get("value"))
        footer = embed.get("footer")
        if footer is not None:
            check_str(footer.get("text"), p + ("footer", "text"), 1, 2048, errors, required_=True, trim=True)
            check_url(footer.get("icon_url"), p + ("footer", "icon_url"), errors, attachment_ok=True)
            total += _text_len(footer.get("text"))
        author = embed.get("author")
        if author is not None:
            check_str(author.get("name"), p + ("author", "name"), 1, 256, errors, required_=True, trim=True)
            check_url(author.get("url"), p + ("author", "url"), errors, attachment_ok=False)
            check_url(author.get("icon_url"), p + ("author", "icon_url"), errors, attachment_ok=True)
            total += _text_len(author.get("name"))
        for key in ("image", "thumbnail"):
            media = embed.get(key)
            if media is not None:
                if not isinstance(media, dict) or not media.get("url"):
                    errors.append(required(p + (key, "url")))
                else:
                    check_url(media["url"], p + (key, "url"), errors, attachment_ok=True)
    if total > EMBED_TOTAL:
        errors.append(field_error(path, f"Embed size exceeds maximum size of {EMBED_TOTAL} ({total} characters "
                                        "in title, description, fields, footer and author over all embeds).",
                                  "MAX_EMBED_SIZE_EXCEEDED"))
    return errors


def embed_text_total(embeds: Sequence[dict[str, Any]]) -> int:
    """Characters Discord counts towards the 6000 limit (after trimming)."""
    total = 0
    for e in embeds:
        total += _text_len(e.get("title")) + _text_len(e.get("description"))
        total += _text_len((e.get("footer") or {}).get("text")) + _text_len((e.get("author") or {}).get("name"))
        for f in e.get("fields", []):
            total += _text_len(f.get("name")) + _text_len(f.get("value"))
    return total


# -- components -------------------------------------------------------------------------------
class _ComponentCheck:
    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        self.custom_ids: set[str] = set()
        self.ids: set[int] = set()
        self.count = 0
        self.text_total = 0

    def common(self, comp: dict[str, Any], p: Path) -> None:
        self.count += 1
        cid = comp.get("id")
        if cid is not None:
            if cid in self.ids:
                self.errors.append(field_error(p + ("id",), "Component ids must be unique.", "COMPONENT_ID_DUPLICATE"))
            self.ids.add(cid)

    def custom_id(self, comp: dict[str, Any], p: Path) -> None:
        value = comp.get("custom_id")
        if value is None:
            self.errors.append(required(p + ("custom_id",)))
            return
        check_str(value, p + ("custom_id",), 1, 100, self.errors, required_=True)
        if value in self.custom_ids:
            self.errors.append(field_error(p + ("custom_id",), "Component custom id cannot be duplicated",
                                           "COMPONENT_CUSTOM_ID_DUPLICATED"))
        self.custom_ids.add(value)

    def button(self, comp: dict[str, Any], p: Path) -> None:
        style = comp.get("style")
        if style not in (1, 2, 3, 4, 5, 6):
            self.errors.append(field_error(p + ("style",), "Value must be one of (1, 2, 3, 4, 5, 6).",
                                           "BASE_TYPE_CHOICES"))
            return
        check_str(comp.get("label"), p + ("label",), 0, 80, self.errors)
        if style == 5:
            if not comp.get("url"):
                self.errors.append(required(p + ("url",)))
            else:
                check_url(comp["url"], p + ("url",), self.errors, attachment_ok=False)
            if comp.get("custom_id") is not None:
                self.errors.append(field_error(p + ("custom_id",), "A link button cannot have a custom_id.",
                                               "BUTTON_COMPONENT_CUSTOM_ID_INVALID"))
        elif style == 6:
            if not comp.get("sku_id"):
                self.errors.append(required(p + ("sku_id",)))
        else:
            self.custom_id(comp, p)
            if comp.get("url") is not None:
                self.errors.append(field_error(p + ("url",), "Only link buttons can have a url.",
                                               "BUTTON_COMPONENT_URL_INVALID"))
        if style != 6 and not comp.get("label") and not comp.get("emoji"):
            self.errors.append(field_error(p, "A button needs a label or an emoji.", "BUTTON_COMPONENT_INVALID"))

    def select(self, comp: dict[str, Any], p: Path) -> None:
        self.custom_id(comp, p)
        check_str(comp.get("placeholder"), p + ("placeholder",), 0, 150, self.errors)
        min_v, max_v = comp.get("min_values", 1), comp.get("max_values", 1)
        if not isinstance(min_v, int) or not 0 <= min_v <= 25:
            self.errors.append(field_error(p + ("min_values",), "Must be between 0 and 25.", "NUMBER_TYPE_MAX"))
        if not isinstance(max_v, int) or not 1 <= max_v <= 25:
            self.errors.append(field_error(p + ("max_values",), "Must be between 1 and 25.", "NUMBER_TYPE_MAX"))
        elif isinstance(min_v, int) and min_v > max_v:
            self.errors.append(field_error(p + ("min_values",), "min_values must be at most max_values.",
                                           "SELECT_COMPONENT_MIN_VALUES_INVALID"))
        if comp.get("type") == 3:
            options = comp.get("options")
            if not isinstance(options, list) or not options:
                self.errors.append(required(p + ("options",)))
                return
            if len(options) > 25:
                self.errors.append(field_error(p + ("options",), "Must be 25 or fewer in length.",
                                               "BASE_TYPE_MAX_LENGTH"))
            if isinstance(max_v, int) and max_v > len(options):
                self.errors.append(field_error(p + ("max_values",), "max_values exceeds the number of options.",
                                               "SELECT_COMPONENT_MAX_VALUES_INVALID"))
            values: set[str] = set()
            defaults = 0
            for k, opt in enumerate(options):
                op = p + ("options", k)
                check_str(opt.get("label"), op + ("label",), 1, 100, self.errors, required_=True)
                check_str(opt.get("value"), op + ("value",), 1, 100, self.errors, required_=True)
                check_str(opt.get("description"), op + ("description",), 0, 100, self.errors)
                if opt.get("value") in values:
                    self.errors.append(field_error(op + ("value",), "Select option values must be unique.",
                                                   "SELECT_COMPONENT_OPTION_VALUE_DUPLICATED"))
                values.add(opt.get("value"))
                defaults += bool(opt.get("default"))
            if isinstance(max_v, int) and defaults > max_v:
                self.errors.append(field_error(p + ("options",), "More default options than max_values.",
                                               "SELECT_COMPONENT_TOO_MANY_DEFAULT_VALUES"))

    def row(self, comp: dict[str, Any], p: Path, *, in_modal: bool = False) -> None:
        children = comp.get("components")
        if not isinstance(children, list) or not children:
            self.errors.append(field_error(p + ("components",), "Must be between 1 and 5 in length.",
                                           "BASE_TYPE_BAD_LENGTH"))
            return
        types = [c.get("type") for c in children]
        if any(t in SELECT_TYPES for t in types) and len(children) != 1:
            self.errors.append(field_error(p + ("components",), "An action row with a select menu can hold only "
                                           "that one component.", "COMPONENT_LAYOUT_WIDTH_EXCEEDED"))
        if len(children) > 5:
            self.errors.append(field_error(p + ("components",), "Must be 5 or fewer in length.",
                                           "BASE_TYPE_MAX_LENGTH"))
        for j, child in enumerate(children):
            self.leaf(child, p + ("components", j), in_modal=in_modal)

    def leaf(self, comp: dict[str, Any], p: Path, *, in_modal: bool = False) -> None:
        self.common(comp, p)
        t = comp.get("type")
        if t == 2 and not in_modal:
            self.button(comp, p)
        elif t in SELECT_TYPES:
            self.select(comp, p)
        elif t == 4 and in_modal:
            self.text_input(comp, p)
        else:
            self.errors.append(field_error(p + ("type",), f"Component type {t} is not allowed here.",
                                           "UNION_TYPE_CHOICES"))

    def text_input(self, comp: dict[str, Any], p: Path, *, label_required: bool = True) -> None:
        self.custom_id(comp, p)
        if comp.get("style") not in (1, 2):
            self.errors.append(field_error(p + ("style",), "Value must be one of (1, 2).", "BASE_TYPE_CHOICES"))
        if label_required:
            check_str(comp.get("label"), p + ("label",), 1, 45, self.errors, required_=True)
        check_str(comp.get("placeholder"), p + ("placeholder",), 0, 100, self.errors)
        check_str(comp.get("value"), p + ("value",), 0, 4000, self.errors)
        for key, low in (("min_length", 0), ("max_length", 1)):
            v = comp.get(key)
            if v is not None and (not isinstance(v, int) or not low <= v <= 4000):
                self.errors.append(field_error(p + (key,), f"Must be between {low} and 4000.", "NUMBER_TYPE_MAX"))

    def v2(self, comp: dict[str, Any], p: Path) -> None:
        """Components V2 layout components (sections, text displays, containers...)."""
        t = comp.get("type")
        if t == 1:
            self.common(comp, p)
            self.row(comp, p)
        elif t == 10:
            self.common(comp, p)
            check_str(comp.get("content"), p + ("content",), 1, 4000, self.errors, required_=True)
            self.text_total += len(comp.get("content") or "")
        elif t == 9:
            self.common(comp, p)
            for j, child in enumerate(comp.get("components") or []):
                self.v2(child, p + ("components", j))
            acc = comp.get("accessory")
            if isinstance(acc, dict):
                if acc.get("type") == 2:
                    self.common(acc, p + ("accessory",))
                    self.button(acc, p + ("accessory",))
                else:
                    self.common(acc, p + ("accessory",))
        elif t == 17:
            self.common(comp, p)
            for j, child in enumerate(comp.get("components") or []):
                self.v2(child, p + ("components", j))
        elif t in (11, 12, 13, 14):
            self.common(comp, p)
        else:
            self.errors.append(field_error(p + ("type",), f"Component type {t} is not allowed here.",
                                           "UNION_TYPE_CHOICES"))


def validate_components(components: Any, path: Path, *, v2: bool) -> list[FieldError]:
    errors: list[FieldError] = []
    if not isinstance(components, list):
        return [field_error(path, "Must be an array.", "BASE_TYPE_ARRAY")]
    check = _ComponentCheck(errors)
    if not v2:
        if len(components) > 5:
            errors.append(field_error(path, "Must be 5 or fewer in length.", "BASE_TYPE_MAX_LENGTH"))
        for i, comp in enumerate(components):
            p = path + (i,)
            if not isinstance(comp, dict) or comp.get("type") not in V1_TOP_LEVEL:
                errors.append(field_error(p + ("type",), "Top-level components must be action rows (type 1) "
                                          "unless the IS_COMPONENTS_V2 flag is set.", "UNION_TYPE_CHOICES"))
                continue
            check.common(comp, p)
            check.row(comp, p)
    else:
        for i, comp in enumerate(components):
            p = path + (i,)
            if not isinstance(comp, dict) or comp.get("type") not in V2_TOP_LEVEL:
                errors.append(field_error(p + ("type",), "Component type not allowed at the top level.",
                                          "UNION_TYPE_CHOICES"))
                continue
            check.v2(comp, p)
        if check.count > 40:
            errors.append(field_error(path, "A message can hold at most 40 components.", "BASE_TYPE_MAX_LENGTH"))
        if check.text_total > 4000:
            errors.append(field_error(path, "Text displays total at most 4000 characters.", "BASE_TYPE_MAX_LENGTH"))
    return errors


# -- allowed mentions ---------------------------------------------------------------------------
def validate_allowed_mentions(am: Any, path: Path) -> list[FieldError]:
    errors: list[FieldError] = []
    if not isinstance(am, dict):
        return [field_error(path, "Must be an object.", "MODEL_TYPE_CONVERT")]
    parse = am.get("parse", [])
    if not isinstance(parse, list):
        errors.append(field_error(path + ("parse",), "Must be an array.", "BASE_TYPE_ARRAY"))
        parse = []
    for i, item in enumerate(parse):
        if item not in MENTION_PARSE:
            errors.append(field_error(path + ("parse", i), "Value must be one of ('roles', 'users', 'everyone').",
                                      "BASE_TYPE_CHOICES"))
    for key in ("users", "roles"):
        ids = am.get(key)
        if ids is None:
            continue
        if not isinstance(ids, list):
            errors.append(field_error(path + (key,), "Must be an array.", "BASE_TYPE_ARRAY"))
            continue
        if len(ids) > 100:
            errors.append(field_error(path + (key,), "Must be 100 or fewer in length.", "BASE_TYPE_MAX_LENGTH"))
        if key in parse and ids:
            errors.append(field_error(path + (key,), f'parse:["{key}"] and {key}: [ids...] are mutually exclusive.',
                                      "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE"))
    if "replied_user" in am and not isinstance(am["replied_user"], bool):
        errors.append(field_error(path + ("replied_user",), "Must be a boolean.", "BASE_TYPE_BOOLEAN"))
    return errors


# -- whole message ------------------------------------------------------------------------------
def validate_message(body: Any, context: str, path: Path = (), *, existing_flags: int = 0,
                     upload_count: int = 0) -> list[FieldError]:
    """Validate a message body sent in ``context`` (channel/response/followup/update/edit)."""
    if not isinstance(body, dict):
        return [field_error(path, "Must be an object.", "MODEL_TYPE_CONVERT")]
    errors: list[FieldError] = []
    content = body.get("content")
    if content is not None:
        if not isinstance(content, str):
            errors.append(field_error(path + ("content",), "Must be a string.", "BASE_TYPE_STRING"))
        elif len(content) > 2000:
            errors.append(max_length(path + ("content",), 2000))
    if "tts" in body and not isinstance(body["tts"], bool):
        errors.append(field_error(path + ("tts",), "Must be a boolean.", "BASE_TYPE_BOOLEAN"))
    nonce = body.get("nonce")
    if nonce is not None and len(str(nonce)) > 25:
        errors.append(max_length(path + ("nonce",), 25))
    flags = body.get("flags")
    if flags is not None:
        if not isinstance(flags, int) or isinstance(flags, bool):
            errors.append(field_error(path + ("flags",), "Must be an integer.", "NUMBER_TYPE_COERCE"))
            flags = 0
        else:
            allowed = ALLOWED_FLAGS[context] | (existing_flags if context in ("edit", "update") else 0)
            if flags & ~allowed:
                errors.append(field_error(path + ("flags",), f"Flags {flags & ~allowed} cannot be set "
                                          f"(allowed here: {allowed}).", "MESSAGE_FLAGS_INVALID"))
            if context in ("edit", "update") and existing_flags & IS_COMPONENTS_V2 and not flags & IS_COMPONENTS_V2:
                errors.append(field_error(path + ("flags",), "The IS_COMPONENTS_V2 flag cannot be removed.",
                                          "MESSAGE_CANNOT_REMOVE_COMPONENTS_V2_FLAG"))
    v2 = bool(((flags or 0) | existing_flags) & IS_COMPONENTS_V2)
    if body.get("embeds") is not None:
        errors += validate_embeds(body["embeds"], path + ("embeds",))
    if body.get("components") is not None:
        errors += validate_components(body["components"], path + ("components",), v2=v2)
    if v2:
        if body.get("content"):
            errors.append(field_error(path + ("content",), "content cannot be used with IS_COMPONENTS_V2.",
                                      "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2"))
        if body.get("embeds"):
            errors.append(field_error(path + ("embeds",), "embeds cannot be used with IS_COMPONENTS_V2.",
                                      "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2"))
    if body.get("allowed_mentions") is not None:
        errors += validate_allowed_mentions(body["allowed_mentions"], path + ("allowed_mentions",))
    attachments = body.get("attachments")
    if attachments is not None:
        if not isinstance(attachments, list):
            errors.append(field_error(path + ("attachments",), "Must be an array.", "BASE_TYPE_ARRAY"))
        else:
            if len(attachments) > 10:
                errors.append(max_length(path + ("attachments",), 10))
            for i, att in enumerate(attachments):
                if not isinstance(att, dict) or "id" not in att:
                    errors.append(required(path + ("attachments", i, "id")))
                else:
                    check_str(att.get("description"), path + ("attachments", i, "description"), 0, 1024, errors)
    if upload_count > 10:
        errors.append(field_error(path + ("files",), "Must be 10 or fewer in length.", "BASE_TYPE_MAX_LENGTH"))
    if "message_reference" in body and context != "channel":
        errors.append(field_error(path + ("message_reference",), "Not allowed here.", "BASE_TYPE_INVALID"))
    stickers = body.get("sticker_ids")
    if stickers:
        if context != "channel":
            errors.append(field_error(path + ("sticker_ids",), "Not allowed here.", "BASE_TYPE_INVALID"))
        elif len(stickers) > 3:
            errors.append(max_length(path + ("sticker_ids",), 3))
    if body.get("poll") is not None and context not in CREATE_CONTEXTS:
        errors.append(field_error(path + ("poll",), "A poll cannot be edited.", "BASE_TYPE_INVALID"))
    return errors


def is_empty_message(content: str | None, embeds: Sequence[Any], components: Sequence[Any],
                     attachment_count: int, *, sticker_ids: Iterable[Any] = (), poll: Any = None) -> bool:
    return not ((content or "").strip() or embeds or components or attachment_count or list(sticker_ids) or poll)


# -- interaction callbacks ---------------------------------------------------------------------
def validate_modal(data: Any, path: Path) -> list[FieldError]:
    if not isinstance(data, dict):
        return [required(path)]
    errors: list[FieldError] = []
    check_str(data.get("custom_id"), path + ("custom_id",), 1, 100, errors, required_=True)
    check_str(data.get("title"), path + ("title",), 1, 45, errors, required_=True)
    comps = data.get("components")
    if not isinstance(comps, list) or not 1 <= len(comps) <= 5:
        errors.append(field_error(path + ("components",), "Must be between 1 and 5 in length.",
                                  "BASE_TYPE_BAD_LENGTH"))
        return errors
    check = _ComponentCheck(errors)
    for i, comp in enumerate(comps):
        p = path + ("components", i)
        t = comp.get("type") if isinstance(comp, dict) else None
        if t == 1:
            children = comp.get("components") or []
            if len(children) != 1 or children[0].get("type") != 4:
                errors.append(field_error(p + ("components",), "A modal action row holds exactly one text input.",
                                          "COMPONENT_LAYOUT_WIDTH_EXCEEDED"))
            for j, child in enumerate(children):
                check.leaf(child, p + ("components", j), in_modal=True)
        elif t == 18:
            check_str(comp.get("label"), p + ("label",), 1, 45, errors, required_=True)
            check_str(comp.get("description"), p + ("description",), 0, 100, errors)
            inner = comp.get("component")
            if not isinstance(inner, dict):
                errors.append(required(p + ("component",)))
            elif inner.get("type") == 4:
                check.common(inner, p + ("component",))
                check.text_input(inner, p + ("component",), label_required=False)
                if inner.get("label") is not None:
                    errors.append(field_error(p + ("component", "label"), "A text input inside a label has no "
                                              "label of its own.", "BASE_TYPE_INVALID"))
            else:
                check.leaf(inner, p + ("component",), in_modal=True)
        elif t == 10:
            check_str(comp.get("content"), p + ("content",), 1, 4000, errors, required_=True)
        else:
            errors.append(field_error(p + ("type",), f"Component type {t} is not allowed in a modal.",
                                      "UNION_TYPE_CHOICES"))
    return errors


def validate_autocomplete(data: Any, path: Path, option_type: int) -> list[FieldError]:
    if not isinstance(data, dict) or not isinstance(data.get("choices"), list):
        return [required(path + ("choices",))]
    errors: list[FieldError] = []
    choices = data["choices"]
    if len(choices) > 25:
        errors.append(field_error(path + ("choices",), "Must be 25 or fewer in length.", "BASE_TYPE_MAX_LENGTH"))
    for i, choice in enumerate(choices):
        p = path + ("choices", i)
        if not isinstance(choice, dict):
            errors.append(field_error(p, "Must be an object.", "MODEL_TYPE_CONVERT"))
            continue
        check_str(choice.get("name"), p + ("name",), 1, 100, errors, required_=True)
        errors += check_choice_value(choice.get("value"), p + ("value",), option_type)
    return errors


def check_choice_value(value: Any, path: Path, option_type: int) -> list[FieldError]:
    errors: list[FieldError] = []
    if option_type == 3:
        if not isinstance(value, str):
            errors.append(field_error(path, "Must be a string.", "BASE_TYPE_STRING"))
        elif len(value) > 100:
            errors.append(max_length(path, 100))
    elif option_type == 4:
        if not isinstance(value, int) or isinstance(value, bool) or abs(value) > 2 ** 53:
            errors.append(field_error(path, "Value must be an integer between -2^53 and 2^53.",
                                      "NUMBER_TYPE_COERCE"))
    elif option_type == 10 and (not isinstance(value, (int, float)) or isinstance(value, bool) or abs(value) > 2 ** 53):
        errors.append(field_error(path, "Value must be a number between -2^53 and 2^53.", "NUMBER_TYPE_COERCE"))
    return errors
