"""Render an Answer for Discord: an embed cut to Discord's limits, coloured by kind of reply, and its controls.

The controls are described here (:class:`Press`, :class:`Link`, :class:`Menu`: what each does and where it sits) and
built in ``commands.replies``, whose DynamicItems own the custom-id format, so a click is handled from the custom id
alone, even after a restart. Each control has one meaning and names the study it is about.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import discord

from bot.answers import Answer, Outcome, Section, StatLine, Suggestion, Target
from bot.render_text import bar
from bot.schema import Part

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
AUTHOR_LIMIT = 256
EMBED_TOTAL_LIMIT = 6000
LABEL_LIMIT = 80
OPTIONS_LIMIT = 25
OPTION_LIMIT = 100
ROWS_LIMIT = 5
SOURCE_ROWS_LIMIT = 3
ECHO_LIMIT = 300
ELLIPSIS = "…"

NO_MENTIONS = discord.AllowedMentions.none()


class Tone(StrEnum):
    """The kind of reply, told apart by colour: an answer, a miss, an error, a citation, the bot's own help."""

    ANSWER = "answer"
    MISS = "miss"
    ERROR = "error"
    CITATION = "citation"
    GUIDE = "guide"


COLOURS = {
    Tone.ANSWER: discord.Colour.teal(),
    Tone.MISS: discord.Colour.gold(),
    Tone.ERROR: discord.Colour.red(),
    Tone.CITATION: discord.Colour.blurple(),
    Tone.GUIDE: discord.Colour.dark_teal(),
}


def tone_of(answer: Answer) -> Tone:
    """An answer's colour: a citation, a miss (nothing found, or a question back), or an answer."""
    if answer.kind == Part.CITATION:
        return Tone.CITATION
    return Tone.ANSWER if answer.answered else Tone.MISS


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
    """A section's figures, one a line, then its bullets."""
    return "\n".join([stat_text(s) for s in section.stats] + [f"• {line}" for line in section.lines])


def footer_text(answer: Answer) -> str:
    """'Source: ...' for each source the answer cites."""
    return "\n".join(f"Source: {ref.citation}" for ref in answer.sources)


def answer_embed(answer: Answer, question: str = "", short: bool = False) -> discord.Embed:
    """The whole answer as one embed: figures with bars, caveats, the citation in the footer.

    The closest findings of a miss are offered in a select menu, not repeated here. A ``short`` miss (a reply to a
    mention, which everyone in the channel sees) is its title and one line.
    """
    if short and not answer.answered:
        line = answer.note or ("Pick one of the closest findings below, or try /help." if answer.suggestions
                               else "Try /help to see what can be asked.")
        return notice_embed(answer.title, line, Tone.MISS)
    description: list[str] = []
    if question:
        description.append(f"> {escape(question)}")
    description += [text for text in (answer.intro, answer.note if answer.note not in answer.intro else "") if text]
    fields: list[tuple[str, str]] = []
    if len(answer.sections) == 1:
        section = answer.sections[0]
        heading = f"**{section.heading}**\n" if section.heading != answer.title else ""
        description.append(heading + section_text(section))
    else:
        fields += [(s.heading, section_text(s)) for s in answer.sections if s.stats or s.lines]
    if answer.caveats:
        fields.append(("Caveats", "\n".join(f"• {c}" for c in answer.caveats)))
    embed = discord.Embed(title=answer.title, description="\n\n".join(description) or None,
                          colour=COLOURS[tone_of(answer)])
    for name, value in fields:
        embed.add_field(name=name, value=value or "—", inline=False)
    if answer.sources:
        embed.set_footer(text=footer_text(answer))
    return fit_embed(embed)


def notice_embed(title: str, text: str, tone: Tone) -> discord.Embed:
    """A short message (a miss, an error, a citation in one style) as an embed in its tone's colour."""
    return fit_embed(discord.Embed(title=title, description=text, colour=COLOURS[tone]))


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
    if len(discord.Embed.from_dict(data)) > EMBED_TOTAL_LIMIT:
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
    fixed = len(discord.Embed.from_dict(data)) - sum(len(t) for t in _body(data))
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
    return len(discord.Embed.from_dict(data)) - sum(len(text) - 1 for text in _body(data))


def _body(data: dict) -> list[str]:
    """The texts that give way when an embed is too long: the description and the field values."""
    return [data["description"]] * bool(data.get("description")) + [f["value"] for f in data["fields"]]


class Act(StrEnum):
    """What a button does."""

    LIMITATIONS = "lim"
    CITE = "cite"
    RELATED = "rel"  # the Related button of earlier versions, still answered on messages already sent
    SHOW = "show"
    CHART = "chart"
    SHARE = "share"
    DELETE = "del"
    REPORT = "report"


@dataclass(frozen=True)
class Press:
    """A button that acts: ``act`` on ``targets`` (or on ``source_id``); DELETE names the member allowed to."""

    act: Act
    label: str
    row: int
    targets: tuple[Target, ...] = ()
    source_id: str = ""
    user_id: int = 0
    style: discord.ButtonStyle = discord.ButtonStyle.secondary


@dataclass(frozen=True)
class Link:
    """A button that opens ``url``."""

    label: str
    url: str
    row: int


@dataclass(frozen=True)
class Menu:
    """A select menu of findings to open privately: the closest findings of a miss, or related ones."""

    placeholder: str
    choices: tuple[Suggestion, ...]
    row: int


Control = Press | Link | Menu


def link_label(ref_url: str, name: str) -> str:
    """'PubMed: Neill et al. 2014'; 'Search PubMed: ...' where no PMID is recorded (the link is a title search)."""
    if "pubmed" in ref_url:
        kind = "Search PubMed" if "?term=" in ref_url else "PubMed"
    elif "doi.org" in ref_url:
        kind = "DOI"
    else:
        kind = "Web page"
    return f"{kind}: {name}"


def answer_controls(answer: Answer, *, private: bool, asker_id: int = 0,
                    related: tuple[Suggestion, ...] = (), charted: bool = False, report: bool = False) -> list[Control]:
    """The controls under an answer, each with one meaning, in at most five rows.

    One row per source cited (its link, its limitations, its citation, each naming the source); then one select
    menu (the closest findings of a miss, or findings related to an answer); then the reply's own actions: Chart
    where it has percentages (and no chart yet), Share on a private result, Delete (for whoever asked) on a public one. The last row
    keeps room for one more button.
    """
    controls: list[Control] = []
    row = 0
    for ref in answer.sources[:SOURCE_ROWS_LIMIT]:
        here: list[Control] = []
        if ref.url:
            here.append(Link(shorten(link_label(ref.url, ref.name), LABEL_LIMIT), ref.url, row))
        if ref.limitations and answer.kind not in (Part.LIMITATIONS, Part.STUDY):
            here.append(Press(Act.LIMITATIONS, shorten(f"Limitations of {ref.name}", LABEL_LIMIT), row,
                              source_id=ref.id))
        if answer.kind != Part.CITATION:
            here.append(Press(Act.CITE, shorten(f"Cite {ref.name}", LABEL_LIMIT), row, source_id=ref.id))
        if here:
            controls += here
            row += 1
    shown = {(p.act, p.source_id) for p in controls if isinstance(p, Press)}
    choices = _menu_choices(answer.suggestions + related, answer.targets, shown)
    if choices:
        if answer.answered:
            placeholder = "Related findings…"
        elif answer.kind == Outcome.DID_YOU_MEAN:
            placeholder = "Which did you mean?"
        else:
            placeholder = "Closest findings…" if answer.suggestions else "What the knowledge base holds…"
        controls.append(Menu(placeholder, choices, row))
        row += 1
    own: list[Control] = []
    if answer.targets and not charted and any(stat.share is not None for stat in answer.stats):
        own.append(Press(Act.CHART, "Chart", row, answer.targets))
    if private and answer.answered and answer.targets:
        own.append(Press(Act.SHARE, "Share in channel", row, answer.targets, style=discord.ButtonStyle.primary))
    if not private and asker_id:
        own.append(Press(Act.DELETE, "Delete", row, user_id=asker_id, style=discord.ButtonStyle.danger))
    if report and answer.answered:
        own.append(Press(Act.REPORT, "Wrong answer?", row))
    return controls + own


def _menu_choices(suggestions: tuple[Suggestion, ...], answered: tuple[Target, ...],
                  buttons: set[tuple[Act, str]]) -> tuple[Suggestion, ...]:
    """Distinct suggestions with a target, leaving out what the answer or one of its buttons already shows."""
    covered = set(answered) | {Target(source_id, Part.LIMITATIONS) for act, source_id in buttons
                               if act == Act.LIMITATIONS}
    covered |= {Target(source_id, Part.CITATION) for act, source_id in buttons if act == Act.CITE}
    chosen: dict[Target, Suggestion] = {}
    for suggestion in suggestions:
        if suggestion.target is not None and suggestion.target not in covered:
            chosen.setdefault(suggestion.target, suggestion)
    return tuple(chosen.values())[:OPTIONS_LIMIT]


def citation_embed(title: str, text: str, code: bool) -> discord.Embed:
    """A citation or reference list; BibTeX and RIS in a code block so they copy exactly."""
    return notice_embed(title, f"```\n{text.strip()}\n```" if code else text, Tone.CITATION)
