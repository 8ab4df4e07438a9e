"""Citations of a source: AMA (11th edition), the source's own line, Vancouver, APA 7, BibTeX and RIS.

Only verified metadata is used: a field the knowledge file leaves empty (Cheston's DOI and PMID, the post's title and
date) is left out of every style rather than guessed. A post is cited as a web page: author, what it is, the site and
its address. :data:`STYLES` is the one list of styles; the command line and the Discord commands offer what it holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.schema import Source


@dataclass(frozen=True)
class Style:
    """A citation style: its ``name`` for people, how it cites an article and a web page, and for the styles a
    reference manager imports, the ``file_extension`` of a file that holds them."""

    key: str
    name: str
    article: Callable[[Source], str]
    web_page: Callable[[Source], str]
    file_extension: str = ""
    separator: str = "\n"

    def cite(self, source: Source) -> str:
        """``source`` in this style: a post as a web page, a study as a journal article."""
        return self.web_page(source) if source.kind == "post" else self.article(source)


class UnknownStyle(ValueError):
    """A style name that is not one of :data:`STYLES`."""


def cite(source: Source, style: str = "ama") -> str:
    """The citation of ``source`` in ``style`` (a key of :data:`STYLES`, any case)."""
    return style_named(style).cite(source)


def style_named(style: str) -> Style:
    """The style called ``style`` (any case); raise :class:`UnknownStyle` naming the known ones."""
    found = STYLES.get(style.lower())
    if found is None:
        raise UnknownStyle(f"unknown citation style '{style.lower()}' (use one of: {', '.join(STYLES)})")
    return found


def reference_list(sources: Iterable[Source], style: str = "ama") -> str:
    """Every source in one style: a numbered list, or for BibTeX and RIS one record after another (a file)."""
    chosen = style_named(style)
    entries = [chosen.cite(source) for source in sources]
    if chosen.file_extension:
        return chosen.separator.join(entries) + "\n"
    return "\n".join(f"{number}. {entry}" for number, entry in enumerate(entries, 1))


def _split(author: str) -> tuple[str, str]:
    """'Cronin JJ' -> ('Cronin', 'JJ')."""
    family, _, initials = author.rpartition(" ")
    return (family, initials) if family else (author, "")


def _author_list(source: Source, listed: int) -> str:
    """AMA and Vancouver: every author up to six; beyond six, the first ``listed`` and "et al"."""
    if len(source.authors) <= 6:
        return ", ".join(source.authors)
    return f"{', '.join(source.authors[:listed])}, et al"


def locator(source: Source) -> str:
    """'2014;31(5):401-404'."""
    issue = f"({source.issue})" if source.issue else ""
    return f"{source.year};{source.volume}{issue}:{source.pages}"


def _ama(source: Source) -> str:
    """AMA 11th edition: authors. Title. Journal. Year;Volume(Issue):Pages. doi:..."""
    text = f"{_author_list(source, 3)}. {source.title}. {source.journal}. {locator(source)}."
    return f"{text} doi:{source.doi}" if source.doi else text


def _as_written(source: Source) -> str:
    """The citation exactly as the source writes it; AMA where it writes none."""
    return source.cited_as or STYLES["ama"].cite(source)


def _short_pages(pages: str) -> str:
    """Vancouver drops the repeated leading digits of the last page: 401-404 -> 401-4, 893-901 stays."""
    first, sep, last = pages.partition("-")
    if not sep or len(first) != len(last):
        return pages
    common = 0
    while common < len(first) - 1 and first[common] == last[common]:
        common += 1
    return f"{first}-{last[common:]}"


def _vancouver(source: Source) -> str:
    issue = f"({source.issue})" if source.issue else ""
    text = (f"{_author_list(source, 6)}. {source.title}. {source.journal}. "
            f"{source.year};{source.volume}{issue}:{_short_pages(source.pages)}.")
    return f"{text} doi: {source.doi}." if source.doi else text


def _apa_name(author: str) -> str:
    family, initials = _split(author)
    return f"{family}, {' '.join(f'{letter}.' for letter in initials)}"


def _apa_authors(source: Source) -> str:
    names = [_apa_name(a) for a in source.authors]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])}, & {names[-1]}"


def _apa_title(title: str) -> str:
    """APA sentence case keeps the source's capitals but starts a subtitle with one: 'Review: A study'."""
    head, colon, subtitle = title.partition(": ")
    return f"{head}{colon}{subtitle[:1].upper()}{subtitle[1:]}" if colon else title


def _apa(source: Source) -> str:
    issue = f"({source.issue})" if source.issue else ""
    pages = source.pages.replace("-", "–")
    text = (f"{_apa_authors(source)} ({source.year}). {_apa_title(source.title)}. "
            f"{source.journal_full or source.journal}, {source.volume}{issue}, {pages}.")
    return f"{text} https://doi.org/{source.doi}" if source.doi else text


def _bibtex_key(source: Source) -> str:
    family, _ = _split(source.authors[0]) if source.authors else (source.id, "")
    return "".join(ch for ch in family.lower() if ch.isalnum()) + str(source.year or "")


def _bibtex_entry(kind: str, source: Source, fields: list[tuple[str, str]]) -> str:
    width = max(len(name) for name, value in fields if value)
    body = ",\n".join(f"  {name:<{width}} = {{{value}}}" for name, value in fields if value)
    return f"@{kind}{{{_bibtex_key(source)},\n{body}\n}}"


def _bibtex(source: Source) -> str:
    return _bibtex_entry("article", source, [
        ("author", " and ".join(_apa_name(a) for a in source.authors)),
        ("title", source.title),
        ("journal", source.journal_full or source.journal),
        ("year", str(source.year or "")),
        ("volume", source.volume),
        ("number", source.issue),
        ("pages", source.pages.replace("-", "--")),
        ("doi", source.doi),
        ("pmid", source.pmid),
    ])


def _ris_record(kind: str, source: Source, tags: list[tuple[str, str]]) -> str:
    lines = [("TY", kind), *(("AU", _apa_name(a)) for a in source.authors), *tags]
    return "\n".join(f"{tag}  - {value}" for tag, value in lines if value) + "\nER  - "


def _ris(source: Source) -> str:
    first, _, last = source.pages.partition("-")
    return _ris_record("JOUR", source, [
        ("TI", source.title),
        ("T2", source.journal_full),
        ("J2", source.journal),
        ("PY", str(source.year or "")),
        ("VL", source.volume),
        ("IS", source.issue),
        ("SP", first),
        ("EP", last),
        ("DO", source.doi),
        ("AN", f"PMID: {source.pmid}" if source.pmid else ""),
        ("UR", source.url),
    ])


def _after(text: str, tail: str, joiner: str = " ") -> str:
    """``text`` followed by ``tail`` when there is one (a web page's address, a site's name)."""
    return f"{text}{joiner}{tail}" if tail else text


def _web_author(source: Source) -> str:
    return _author_list(source, 3) if source.authors else source.author_display


def _web_ama(source: Source) -> str:
    """AMA 11th edition web page: Author. Title. Site. URL (no date is given where the source states none)."""
    text = _after(f"{_web_author(source)}. {source.title}.", f"{source.publisher}." if source.publisher else "")
    return _after(text, source.url)


def _web_vancouver(source: Source) -> str:
    text = _after(f"{_web_author(source)}. {source.title} [Internet].",
                  f"{source.publisher}." if source.publisher else "")
    return _after(text, f"Available from: {source.url}" if source.url else "")


def _web_apa(source: Source) -> str:
    """An undated web page: 'Author, A. (n.d.). Title. Site. URL'."""
    text = _after(f"{_apa_authors(source)} (n.d.). {_apa_title(source.title)}.",
                  f"{source.publisher}." if source.publisher else "")
    return _after(text, source.url)


def _web_bibtex(source: Source) -> str:
    return _bibtex_entry("misc", source, [
        ("author", " and ".join(_apa_name(a) for a in source.authors)),
        ("title", source.title),
        ("howpublished", source.publisher),
        ("url", source.url),
    ])


def _web_ris(source: Source) -> str:
    return _ris_record("BLOG", source, [("TI", source.title), ("T2", source.publisher), ("UR", source.url)])


#: Every citation style, in the order they are offered; the first is the default.
STYLES: dict[str, Style] = {style.key: style for style in (
    Style("ama", "AMA", _ama, _web_ama),
    Style("source", "As the source writes it", _as_written, _as_written),
    Style("vancouver", "Vancouver", _vancouver, _web_vancouver),
    Style("apa", "APA", _apa, _web_apa),
    Style("bibtex", "BibTeX", _bibtex, _web_bibtex, "bib", separator="\n\n"),
    Style("ris", "RIS", _ris, _web_ris, "ris"),
)}
