"""Render an Answer for Discord: an embed cut to Discord's limits, and buttons whose custom ids carry what they need.

Buttons are plain :class:`discord.ui.Button` objects here; ``commands.replies`` wraps them in a DynamicItem so a click
is handled from the custom id alone, even after a restart. Custom ids look like ``medbot:lim:neill-2014``,
``medbot:cite:cheston-2013``, ``medbot:rel:cheston-2013`` and ``medbot:show:cheston-2013/stat/tools/0``.
"""

from __future__ import annotations

import discord

from bot.answers import Answer, Section, StatLine, Suggestion, Target
from bot.render_text import bar

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
AUTHOR_LIMIT = 256
EMBED_TOTAL_LIMIT = 6000
CUSTOM_ID_LIMIT = 100
LABEL_LIMIT = 80
ROWS_LIMIT = 5
BUTTONS_PER_ROW = 5
ECHO_LIMIT = 300
ELLIPSIS = "…"

NO_MENTIONS = discord.AllowedMentions.none()
CUSTOM_ID_PREFIX = "medbot"
CUSTOM_ID_TEMPLATE = r"medbot:(?P<action>lim|cite|rel|show):(?P<key>[\w./-]+)"
COLOUR_ANSWER = discord.Colour.teal()
COLOUR_ABSTAIN = discord.Colour.light_grey()


def shorten(text: str, limit: int) -> str:
    """``text`` without surrounding white space, cut to ``limit`` characters with an ellipsis."""
    text = text.strip()
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + ELLIPSIS


def escape(text: str, limit: int = ECHO_LIMIT) -> str:
    """Member-typed text made safe to echo: one line, no markdown, no working mentions, bounded length."""
    line = shorten(" ".join(text.split()), limit)
    return discord.utils.escape_mentions(discord.utils.escape_markdown(line))


def stat_text(stat: StatLine) -> str:
    """'**Blogs** ██████████████▎ 71% (10 of 14 studies, derived)': the value exactly as the Answer carries it."""
    parts = [f"{'▶ ' if stat.focus else ''}**{discord.utils.escape_markdown(stat.label)}**"]
    if stat.share is not None:
        parts.append(bar(stat.share).rstrip() or "▏")
    parts.append(stat.value)
    if stat.detail:
        parts.append(f"({stat.detail})")
    return " ".join(parts)


def section_text(section: Section) -> str:
    return "\n".join([stat_text(s) for s in section.stats] + [f"• {line}" for line in section.lines])


def footer_text(answer: Answer) -> str:
    return "\n".join(f"Source: {ref.citation}" for ref in answer.sources)


def answer_embed(answer: Answer, question: str = "") -> discord.Embed:
    """The whole answer as one embed: figures with bars, caveats, suggestions, the citation in the footer."""
    description: list[str] = []
    if question:
        description.append(f"> {escape(question)}")
    description += [text for text in (answer.intro, answer.note if answer.note != answer.intro else "") if text]
    fields: list[tuple[str, str]] = []
    if len(answer.sections) == 1:
        section = answer.sections[0]
        heading = f"**{section.heading}**\n" if section.heading != answer.title else ""
        description.append(heading + section_text(section))
    else:
        fields += [(s.heading, section_text(s)) for s in answer.sections if s.stats or s.lines]
    if answer.caveats:
        fields.append(("Caveats", "\n".join(f"• {c}" for c in answer.caveats)))
    if answer.suggestions and not answer.answered:
        fields.append(("Closest findings", "\n".join(f"• {s.label}" for s in answer.suggestions)))
    embed = discord.Embed(title=answer.title, description="\n\n".join(description) or None,
                          colour=COLOUR_ANSWER if answer.answered else COLOUR_ABSTAIN)
    for name, value in fields:
        embed.add_field(name=name, value=value or "—", inline=False)
    if answer.sources:
        embed.set_footer(text=footer_text(answer))
    return fit_embed(embed)


def notice_embed(title: str, text: str) -> discord.Embed:
    """A short message (an error, a cooldown, a citation in one style) as an embed."""
    return fit_embed(discord.Embed(title=title, description=text, colour=COLOUR_ABSTAIN))


def fit_embed(embed: discord.Embed) -> discord.Embed:
    """A copy of ``embed`` cut to every Discord limit, each cut marked with an ellipsis.

    Each part is cut to its own limit first. If the whole is still over 6000 characters, the title, field names and
    footer (the citation) are kept, and the description and field values are cut to one common length, the longest
    that fits; only if even that cannot fit are fields dropped from the end.
    """
    data = embed.to_dict()
    for key, limit in (("title", TITLE_LIMIT), ("description", DESCRIPTION_LIMIT)):
        if key in data:
            data[key] = shorten(data[key], limit)
    data["fields"] = data.get("fields", [])[:FIELD_LIMIT]
    for field in data["fields"]:
        field["name"] = shorten(field["name"], FIELD_NAME_LIMIT) or "—"
        field["value"] = shorten(field["value"], FIELD_VALUE_LIMIT) or "—"
    for key, text_key, limit in (("footer", "text", FOOTER_LIMIT), ("author", "name", AUTHOR_LIMIT)):
        if data.get(key, {}).get(text_key):
            data[key][text_key] = shorten(data[key][text_key], limit)
    if embed_length(data) > EMBED_TOTAL_LIMIT:
        _fit_total(data)
    return discord.Embed.from_dict(data)


def _fit_total(data: dict) -> None:
    """Cut the description and field values to the longest common length that brings the total to 6000."""
    fields = data["fields"]
    if _shortest_length(data) > EMBED_TOTAL_LIMIT:
        while fields and _shortest_length(data) > EMBED_TOTAL_LIMIT:
            fields.pop()
        if fields:
            fields[-1]["value"] = shorten(f"{fields[-1]['value']} {ELLIPSIS}", FIELD_VALUE_LIMIT)
    fixed = embed_length(data) - sum(len(t) for t in _body(data))
    low, high = 1, max(len(t) for t in _body(data))
    while low < high:
        cap = (low + high + 1) // 2
        if fixed + sum(min(len(t), cap) for t in _body(data)) <= EMBED_TOTAL_LIMIT:
            low = cap
        else:
            high = cap - 1
    if data.get("description"):
        data["description"] = shorten(data["description"], low)
    for field in fields:
        field["value"] = shorten(field["value"], low)


def _shortest_length(data: dict) -> int:
    """The embed's length if the description and every field value were cut to one character."""
    return embed_length(data) - sum(len(text) - 1 for text in _body(data))


def _body(data: dict) -> list[str]:
    """The texts that give way when an embed is too long: the description and the field values."""
    return [data["description"]] * bool(data.get("description")) + [f["value"] for f in data["fields"]]


def embed_length(data: dict) -> int:
    """Characters that count toward Discord's 6000 per message: title, description, fields, footer, author."""
    texts = [data.get("title") or "", data.get("description") or ""]
    texts += [f"{field['name']}{field['value']}" for field in data.get("fields", [])]
    texts += [(data.get("footer") or {}).get("text") or "", (data.get("author") or {}).get("name") or ""]
    return sum(len(text) for text in texts)


def custom_id(action: str, key: str) -> str:
    return f"{CUSTOM_ID_PREFIX}:{action}:{key}"


def target_key(target: Target) -> str:
    """'cheston-2013/stat/tools/0': a Target as the key of a ``show`` button."""
    parts = [target.source_id, target.part, target.finding, "" if target.stat is None else str(target.stat)]
    return "/".join(parts).rstrip("/")


def parse_target_key(key: str) -> Target:
    """The inverse of :func:`target_key`; raise ValueError if ``key`` is not one."""
    source_id, part, finding, stat = (key.split("/") + ["", "", ""])[:4]
    if not source_id or not part:
        raise ValueError(f"not a target key: {key!r}")
    return Target(source_id, part, finding, int(stat) if stat else None)


def link_label(url: str) -> str:
    if "pubmed" in url:
        return "PubMed"
    if "doi.org" in url:
        return "DOI"
    return "Source"


def answer_buttons(answer: Answer) -> list[discord.ui.Button]:
    """The buttons under an answer: source link, Limitations, Cite, Related, then one per suggestion."""
    buttons: list[discord.ui.Button] = []
    source = answer.source
    if source is not None:
        if source.url:
            buttons.append(discord.ui.Button(label=link_label(source.url), url=source.url, row=0))
        if answer.caveats:
            buttons.append(action_button("Limitations", custom_id("lim", source.id), row=0))
        if answer.kind != "citation":
            buttons.append(action_button("Cite", custom_id("cite", source.id), row=0))
        buttons.append(action_button("Related", custom_id("rel", source.id), row=0))
    first_row = 1 if buttons else 0
    buttons += suggestion_buttons(answer.suggestions, first_row)
    return buttons


def suggestion_buttons(suggestions: tuple[Suggestion, ...], first_row: int = 0) -> list[discord.ui.Button]:
    """One button per distinct suggestion that names a target, as many as fit in the rows left."""
    labels: dict[str, str] = {}
    for suggestion in suggestions:
        if suggestion.target is not None:
            labels.setdefault(custom_id("show", target_key(suggestion.target)), suggestion.label)
    room = (ROWS_LIMIT - first_row) * BUTTONS_PER_ROW
    ids = [button_id for button_id in labels if len(button_id) <= CUSTOM_ID_LIMIT][:room]
    return [
        action_button(labels[button_id], button_id, row=first_row + n // BUTTONS_PER_ROW,
                      style=discord.ButtonStyle.primary)
        for n, button_id in enumerate(ids)
    ]


def action_button(label: str, button_id: str, row: int,
                  style: discord.ButtonStyle = discord.ButtonStyle.secondary) -> discord.ui.Button:
    return discord.ui.Button(label=shorten(label, LABEL_LIMIT), custom_id=button_id, style=style, row=row)
