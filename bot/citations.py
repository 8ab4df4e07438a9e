"""Citations of a source in AMA (as the source writes it), Vancouver, APA 7, BibTeX and RIS.

Only verified metadata is used: a field the knowledge file leaves empty (Cheston's DOI and PMID) is left out of every
style rather than guessed.
"""

from __future__ import annotations

from bot.schema import Source

STYLES = ("ama", "vancouver", "apa", "bibtex", "ris")


class UnknownStyle(ValueError):
    pass


def cite(source: Source, style: str = "ama") -> str:
    """The citation of ``source`` in ``style`` (one of :data:`STYLES`)."""
    style = style.lower()
    if style not in STYLES:
        raise UnknownStyle(f"unknown citation style '{style}' (use one of: {', '.join(STYLES)})")
    if source.kind == "post":
        return {"ama": _post, "vancouver": _post_vancouver, "apa": _post_apa, "bibtex": _post_bibtex,
                "ris": _post_ris}[style](source)
    return {"ama": _ama, "vancouver": _vancouver, "apa": _apa, "bibtex": _bibtex, "ris": _ris}[style](source)


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
    if source.cited_as:
        return source.cited_as
    text = f"{_author_list(source, 3)}. {source.title}. {source.journal}. {locator(source)}."
    return f"{text} doi:{source.doi}" if source.doi else text


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


def _bibtex(source: Source) -> str:
    authors = " and ".join(_apa_name(a) for a in source.authors)
    fields = [
        ("author", authors),
        ("title", source.title),
        ("journal", source.journal_full or source.journal),
        ("year", str(source.year or "")),
        ("volume", source.volume),
        ("number", source.issue),
        ("pages", source.pages.replace("-", "--")),
        ("doi", source.doi),
        ("pmid", source.pmid),
    ]
    body = ",\n".join(f"  {name:<7} = {{{value}}}" for name, value in fields if value)
    return f"@article{{{_bibtex_key(source)},\n{body}\n}}"


def _ris(source: Source) -> str:
    first, _, last = source.pages.partition("-")
    lines = [("TY", "JOUR")]
    lines += [("AU", _apa_name(a)) for a in source.authors]
    lines += [
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
    ]
    return "\n".join(f"{tag}  - {value}" for tag, value in lines if value) + "\nER  - "


def _post(source: Source) -> str:
    """A post has no journal metadata: name its author and where it appeared, no more than the source states."""
    where = f" {source.publisher}." if source.publisher else ""
    return f"{source.author_display or ', '.join(source.authors)}. {source.title}.{where}"


def _post_vancouver(source: Source) -> str:
    where = f" {source.publisher}." if source.publisher else ""
    return f"{_author_list(source, 6)}. {source.title} [Internet].{where}"


def _post_apa(source: Source) -> str:
    """An undated web page: 'Author, A. (n.d.). Title. Site.'."""
    where = f" {source.publisher}." if source.publisher else ""
    return f"{_apa_authors(source)} (n.d.). {_apa_title(source.title)}.{where}"


def _post_bibtex(source: Source) -> str:
    fields = [
        ("author", " and ".join(_apa_name(a) for a in source.authors)),
        ("title", source.title),
        ("howpublished", source.publisher),
        ("url", source.url),
    ]
    body = ",\n".join(f"  {name:<12} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{_bibtex_key(source)},\n{body}\n}}"


def _post_ris(source: Source) -> str:
    lines = [("TY", "BLOG")]
    lines += [("AU", _apa_name(a)) for a in source.authors]
    lines += [("TI", source.title), ("T2", source.publisher), ("UR", source.url)]
    return "\n".join(f"{tag}  - {value}" for tag, value in lines if value) + "\nER  - "
