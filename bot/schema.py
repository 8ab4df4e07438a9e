"""Knowledge records and the validation that turns YAML data into them.

Every check reports a :class:`~bot.yaml_source.Problem` naming file, line and field, and all problems of a file are
collected in one pass, so a moderator fixes everything at once instead of one error per run.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar

from bot.control_chars import excerpt, first_control
from bot.yaml_source import FieldPath, LoadedYaml, Problem, format_path

T = TypeVar("T")

VALUE_PATTERN = re.compile(
    r"^(?P<qualifier><=|>=|<|>|~)?(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:(?P<percent>%)| (?P<scale>thousand|million|billion))?$"
)
SCALES = {"thousand": 3, "million": 6, "billion": 9}  # ">61 million" is kept as written and means 61 x 10^6
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Value:
    """A figure exactly as its source writes it ("71%", "<1%", ">400", "4,500", ">61 million"), plus what it means."""

    text: str
    qualifier: str
    number: Decimal
    is_percent: bool

    @property
    def decimals(self) -> int:
        """How many decimal places the source wrote (41.5% -> 1), the precision it claims."""
        exponent = self.number.as_tuple().exponent
        return -exponent if isinstance(exponent, int) and exponent < 0 else 0

    def __str__(self) -> str:
        return self.text


def parse_value(written: str) -> Value | None:
    """Parse a figure as written, or None when it is not one we can keep exactly."""
    match = VALUE_PATTERN.match(written.strip())
    if not match:
        return None
    try:
        number = Decimal(match["number"].replace(",", ""))
    except InvalidOperation:
        return None
    if match["scale"]:
        number = number.scaleb(SCALES[match["scale"]])
    return Value(written.strip(), match["qualifier"] or "", number, bool(match["percent"]))


@dataclass(frozen=True)
class Denominator:
    """What a percentage is a share of: ``n`` (as written) ``unit``."""

    n: Value
    unit: str

    def __str__(self) -> str:
        return f"{self.n.text} {self.unit}"


class Part(StrEnum):
    """A part of a source an answer can be about: one figure, a finding group, or a section of the study."""

    STAT = "stat"
    FINDING = "finding"
    LIMITATIONS = "limitations"
    CONCLUSION = "conclusion"
    DESIGN = "design"
    QUESTIONS = "questions"
    OBJECTIVE = "objective"
    CITATION = "citation"
    AUTHORS = "authors"
    JOURNAL = "journal"
    STUDY = "study"
    ADVANTAGES = "advantages"
    BOTTOM_LINE = "bottom_line"
    AUTHOR = "author"
    SUMMARY = "summary"
    OVERVIEW = "overview"

    @property
    def askable(self) -> bool:
        """Whether members ask for this part in words (vocabulary.yaml ``parts``); figures are asked by topic."""
        return self not in (Part.STAT, Part.FINDING, Part.STUDY)


@dataclass(frozen=True)
class Stat:
    """One figure of a finding: its label, its value as written, and how it was counted."""

    label: str
    value: Value
    unit: str = ""
    count: int | None = None
    derived: bool = False
    denominator: Denominator | None = None
    aliases: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Finding:
    """A group of figures on one topic, usually sharing a denominator."""

    id: str
    topic: str
    stats: tuple[Stat, ...]
    aliases: tuple[str, ...] = ()
    denominator: Denominator | None = None
    note: str = ""

    def denominator_of(self, stat: Stat) -> Denominator | None:
        """A stat's own denominator, else the group's."""
        return stat.denominator or self.denominator


@dataclass(frozen=True)
class Design:
    """How a study was done, and its sample."""

    description: str
    type: str = ""
    n: int | None = None
    unit: str = ""


@dataclass(frozen=True)
class Source:
    """One study or post: the unit of one knowledge file."""

    id: str
    kind: str
    title: str
    authors: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    file: str = field(default="", metadata={"internal": True})  # where it was loaded from, never written in it
    journal: str = ""
    journal_full: str = ""
    year: int | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    url: str = ""
    cited_as: str = ""
    question: str = ""
    design: Design | None = None
    questions_asked: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    objective: str = ""
    findings: tuple[Finding, ...] = ()
    limitations: tuple[str, ...] = ()
    conclusion: str = ""
    author_display: str = ""
    author_roles: tuple[str, ...] = ()
    publisher: str = ""
    cites: tuple[str, ...] = ()
    summary: str = ""
    advantages_intro: str = ""
    advantages: tuple[str, ...] = ()
    bottom_line: str = ""
    note: str = ""

    @property
    def short_name(self) -> str:
        """"Cheston et al. 2013", or the author of a post."""
        if self.kind == "post":
            return f"{self.publisher} post by {self.author_display}" if self.publisher else self.author_display
        family = self.authors[0].rsplit(" ", 1)[0] if self.authors else self.id
        suffix = " et al." if len(self.authors) > 1 else ""
        return f"{family}{suffix} {self.year}" if self.year else f"{family}{suffix}"

    @property
    def has_own_title(self) -> bool:
        """False for a title in square brackets: a description the curators supplied for a source that has none."""
        return not self.title.startswith("[")

    def finding(self, finding_id: str) -> Finding | None:
        """The finding with this id, or None."""
        return next((f for f in self.findings if f.id == finding_id), None)


@dataclass(frozen=True)
class Vocabulary:
    """How members word things, mapped to how the knowledge base words them (see knowledge/vocabulary.yaml).

    ``synonyms``: canonical term -> variants (words or phrases); ``parts``: part of a study (limitations, citation,
    ...) -> words that ask for it; ``figure_words``: words that ask for a number; ``counted_words``: who or what a
    figure can count (studies, speakers, residents): "what % of residents ..." must match a figure of residents;
    ``generic_words``: words every question here carries (social media, medical education); ``stopwords``: words
    that carry no meaning; ``topics``: names of the field's topics (platforms such as Instagram, methods such as
    MERSQI) whether or not a source measured them, so a question about one no source holds is declined, not answered
    with another.
    """

    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    parts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    figure_words: tuple[str, ...] = ()
    counted_words: tuple[str, ...] = ()
    generic_words: tuple[str, ...] = ()
    stopwords: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    file: str = field(default="", metadata={"internal": True})  # where it was loaded from, never written in it


SOURCE_KINDS = ("study", "post")


def written_fields(record: type) -> tuple[str, ...]:
    """The fields a knowledge file may write for ``record``, in declaration order: all but those the loader sets."""
    return tuple(f.name for f in dataclasses.fields(record) if not f.metadata.get("internal"))


class _Reader:
    """Reads typed fields out of one loaded file, collecting problems instead of stopping at the first."""

    def __init__(self, loaded: LoadedYaml) -> None:
        self.loaded = loaded
        self.problems: list[Problem] = list(loaded.problems)

    def problem(self, path: FieldPath, message: str) -> None:
        self.problems.append(Problem(self.loaded.file, self.loaded.line_of(path), format_path(path), message))

    def mapping(self, data: Any, path: FieldPath, allowed: tuple[str, ...], required: tuple[str, ...]) -> dict | None:
        """Check ``data`` is a mapping with no unknown and no missing keys."""
        if not isinstance(data, dict):
            self.problem(path, f"expected a mapping of fields, found {_kind(data)}")
            return None
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
                hint = f" (did you mean '{close[0]}'?)" if close else f" (allowed: {', '.join(allowed)})"
                self.problem(path + (key,), f"unknown field '{excerpt(key)}'{hint}")
        for key in required:
            if key not in data or data[key] in (None, ""):
                self.problem(path + (key,), "this field is required")
            elif data[key] == []:
                self.problem(path + (key,), "this list is empty; it needs at least one entry")
        return data

    def text(self, data: dict, key: str, path: FieldPath, default: str = "") -> str:
        value = data.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.problem(path + (key,), f"expected text, found {_kind(value)}")
            return default
        return str(value).strip() if self.plain(str(value), path + (key,)) else default

    def plain(self, text: str, path: FieldPath) -> bool:
        """True when ``text`` holds no control character (ESC, BEL, U+202E...); else note a problem."""
        control = first_control(text)
        if control:
            self.problem(path, f"holds the control character {control}; write plain text")
        return control is None

    def integer(self, data: dict, key: str, path: FieldPath, low: int = 0, high: int = 10**9) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(path + (key,), f"expected a whole number, found {_kind(value)}")
            return None
        if not low <= value <= high:
            self.problem(path + (key,), f"{value} is out of range ({low} to {high})")
            return None
        return value

    def boolean(self, data: dict, key: str, path: FieldPath) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.problem(path + (key,), f"expected true or false, found {_kind(value)}")
            return False
        return value

    def texts(self, data: dict, key: str, path: FieldPath) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(path + (key,), f"expected a list, found {_kind(value)}")
            return ()
        out = []
        for index, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, (str, int)) or not str(item).strip():
                self.problem(path + (key, index), f"expected non-empty text, found {_kind(item)}")
            elif self.plain(str(item), path + (key, index)):
                out.append(str(item).strip())
        return tuple(out)

    def records(self, data: dict, key: str, path: FieldPath, build: Callable[[Any, FieldPath], T | None]) -> tuple[T, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(path + (key,), f"expected a list, found {_kind(value)}")
            return ()
        built = (build(item, path + (key, index)) for index, item in enumerate(value))
        return tuple(item for item in built if item is not None)

    def value(self, data: dict, key: str, path: FieldPath, allow_percent: bool = True) -> Value | None:
        """A figure as written: text such as '71%', '<1%', '>400', '4,500', or a whole number."""
        raw = data.get(key)
        if raw is None:
            return None
        if isinstance(raw, float):
            self.problem(path + (key,), f"write this figure in quotes exactly as the source states it (e.g. '{raw}%'), "
                                        "so it is never rounded")
            return None
        if isinstance(raw, bool) or not isinstance(raw, (str, int)):
            self.problem(path + (key,), f"expected a figure such as '71%', found {_kind(raw)}")
            return None
        parsed = parse_value(str(raw))
        if parsed is None:
            self.problem(path + (key,), f"'{excerpt(raw)}' is not a figure this bot can keep exactly; write it like 71%, 41.5%, "
                                        "<1%, >400, 4,500 or >61 million (a qualifier may be <, >, <=, >= or ~)")
            return None
        if parsed.is_percent and not allow_percent:
            self.problem(path + (key,), "a count cannot be a percentage")
            return None
        if parsed.is_percent and not Decimal(0) <= parsed.number <= Decimal(100):
            self.problem(path + (key,), f"{parsed.text} is not a percentage between 0 and 100")
            return None
        return parsed


def _kind(value: Any) -> str:
    return {
        type(None): "nothing", bool: "true/false", int: "a number", float: "a number", str: "text",
        list: "a list", dict: "a mapping",
    }.get(type(value), type(value).__name__)


def _denominator(reader: _Reader, data: Any, path: FieldPath) -> Denominator | None:
    mapping = reader.mapping(data, path, ("n", "unit"), ("n", "unit"))
    if mapping is None:
        return None
    n = reader.value(mapping, "n", path, allow_percent=False)
    unit = reader.text(mapping, "unit", path)
    return Denominator(n, unit) if n is not None and unit else None


def _stat(reader: _Reader, data: Any, path: FieldPath, group: Denominator | None) -> Stat | None:
    mapping = reader.mapping(data, path, written_fields(Stat), ("label", "value"))
    if mapping is None:
        return None
    value = reader.value(mapping, "value", path)
    before = len(reader.problems)
    own = _denominator(reader, mapping["denominator"], path + ("denominator",)) if "denominator" in mapping else None
    count = reader.integer(mapping, "count", path)
    derived = reader.boolean(mapping, "derived", path)
    count_readable = len(reader.problems) == before  # else a count check would only repeat the problem
    stat = Stat(
        label=reader.text(mapping, "label", path),
        value=value or Value("", "", Decimal(0), False),
        unit=reader.text(mapping, "unit", path),
        count=count,
        derived=derived,
        denominator=own,
        aliases=reader.texts(mapping, "aliases", path),
        note=reader.text(mapping, "note", path),
    )
    if value is not None and count_readable:
        _check_count(reader, stat, own or group, path)
    return stat if value is not None and stat.label else None


def _check_count(reader: _Reader, stat: Stat, denominator: Denominator | None, path: FieldPath) -> None:
    """A count, stated by the source or derived from its percentage, must agree with that percentage."""
    if stat.derived and stat.count is None:
        reader.problem(path + ("derived",), "derived: true needs a count to go with it")
    if stat.count is None:
        return
    if not stat.value.is_percent:
        reader.problem(path + ("count",), "a count goes only with a percentage")
        return
    if stat.value.qualifier and stat.derived:
        reader.problem(path + ("count",), f"no exact count can be derived from {stat.value.text}")
        return
    if denominator is None or denominator.n.qualifier or denominator.n.decimals:
        reader.problem(path + ("count",), "a count can be derived only from an exact whole-number denominator")
        return
    if not 0 <= stat.count <= denominator.n.number:
        reader.problem(path + ("count",), f"{stat.count} is more than the denominator {denominator}")
        return
    # The stated percentage agrees when it is the exact share rounded to the places written, either way at a tie; a
    # bound ("3 (<5%)", a count the source states beside it) when the exact share keeps within it.
    exact = Decimal(stat.count) * 100 / denominator.n.number
    half_step = Decimal(5).scaleb(-stat.value.decimals - 1)
    bound = stat.value.number
    agrees = {"<": exact < bound, "<=": exact <= bound, ">": exact > bound, ">=": exact >= bound}.get(
        stat.value.qualifier, abs(exact - bound) <= half_step)
    if not agrees:
        share = exact.quantize(Decimal(1).scaleb(-stat.value.decimals - 1), rounding=ROUND_HALF_UP)
        verdict = "is not" if stat.value.qualifier else "does not agree with"
        reader.problem(path + ("count",),
                       f"{stat.count} of {denominator} is {share}%, which {verdict} {stat.value.text}")


def _finding(reader: _Reader, data: Any, path: FieldPath) -> Finding | None:
    mapping = reader.mapping(data, path, ("id", "topic", "aliases", "denominator", "stats", "note"), ("id", "topic", "stats"))
    if mapping is None:
        return None
    finding_id = reader.text(mapping, "id", path)
    if finding_id and not ID_PATTERN.match(finding_id):
        reader.problem(path + ("id",), f"'{finding_id}' is not a valid id (lowercase letters, digits and hyphens)")
    group = _denominator(reader, mapping["denominator"], path + ("denominator",)) if "denominator" in mapping else None
    stats = reader.records(mapping, "stats", path, lambda item, p: _stat(reader, item, p, group))
    return Finding(finding_id, reader.text(mapping, "topic", path), stats, reader.texts(mapping, "aliases", path), group,
                   reader.text(mapping, "note", path))


def _check_duplicate_ids(reader: _Reader, items: Any, path: FieldPath) -> None:
    """Report every id written a second time in the list at ``path``, at the position it was written."""
    if not isinstance(items, list):
        return
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        item_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(item_id, str) or not item_id:
            continue
        if item_id in seen:
            first = format_path(path + (seen[item_id],))
            reader.problem(path + (index, "id"), f"duplicate finding id '{item_id}' (also {first})")
        seen.setdefault(item_id, index)


def _design(reader: _Reader, data: Any, path: FieldPath) -> Design | None:
    mapping = reader.mapping(data, path, written_fields(Design), ("description",))
    if mapping is None:
        return None
    return Design(reader.text(mapping, "description", path), reader.text(mapping, "type", path),
                  reader.integer(mapping, "n", path, low=1), reader.text(mapping, "unit", path))


SOURCE_FIELDS = written_fields(Source)
#: Read with checks of their own in :func:`source_from_yaml`; every other field is text or a list of texts.
_SOURCE_FIELDS_APART = ("id", "kind", "authors", "year", "design", "findings")
_SOURCE_TYPES = typing.get_type_hints(Source)
TEXT_FIELDS = tuple(name for name in SOURCE_FIELDS if name not in _SOURCE_FIELDS_APART and _SOURCE_TYPES[name] is str)
LIST_FIELDS = tuple(name for name in SOURCE_FIELDS
                    if name not in _SOURCE_FIELDS_APART and _SOURCE_TYPES[name] == tuple[str, ...])
if unread := set(SOURCE_FIELDS) - set(_SOURCE_FIELDS_APART) - set(TEXT_FIELDS) - set(LIST_FIELDS):
    raise TypeError(f"Source fields of a type source_from_yaml cannot read: {', '.join(sorted(unread))}")


def source_from_yaml(loaded: LoadedYaml) -> tuple[Source | None, list[Problem]]:
    """Validate one source file's data; the Source is None when anything is wrong."""
    reader = _Reader(loaded)
    mapping = reader.mapping(loaded.data, (), SOURCE_FIELDS, ("id", "kind", "title", "authors"))
    if mapping is None:
        return None, reader.problems
    source_id = reader.text(mapping, "id", ())
    if source_id and not ID_PATTERN.match(source_id):
        reader.problem(("id",), f"'{source_id}' is not a valid id (lowercase letters, digits and hyphens)")
    kind = reader.text(mapping, "kind", ())
    if kind and kind not in SOURCE_KINDS:
        reader.problem(("kind",), f"'{kind}' is not a kind of source (use one of: {', '.join(SOURCE_KINDS)})")
    findings = reader.records(mapping, "findings", (), lambda item, p: _finding(reader, item, p))
    _check_duplicate_ids(reader, mapping.get("findings"), ("findings",))
    texts = {name: reader.text(mapping, name, ()) for name in TEXT_FIELDS}
    if texts["doi"] and not texts["doi"].startswith("10."):
        reader.problem(("doi",), "a DOI starts with '10.' (write it without https://doi.org/)")
    if texts["pmid"] and not texts["pmid"].isdigit():
        reader.problem(("pmid",), f"'{texts['pmid']}' is not a PMID (a PubMed id is a number such as 23423992)")
    design = _design(reader, mapping["design"], ("design",)) if "design" in mapping else None
    source = Source(
        id=source_id,
        kind=kind,
        authors=reader.texts(mapping, "authors", ()),
        file=loaded.file,
        year=reader.integer(mapping, "year", (), low=1800, high=2200),
        design=design,
        findings=findings,
        **texts,
        **{name: reader.texts(mapping, name, ()) for name in LIST_FIELDS},
    )
    return (None if reader.problems else source), reader.problems


VOCABULARY_PARTS = tuple(part.value for part in Part if part.askable)


def _word_lists(reader: _Reader, mapping: dict, key: str, allowed: tuple[str, ...] | None) -> dict[str, tuple[str, ...]]:
    """A mapping of name -> list of words, lowercased; with ``allowed``, names outside it are problems."""
    raw = mapping.get(key)
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        reader.problem((key,), f"expected a mapping of name: [words], found {_kind(raw)}")
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for name in raw:
        if allowed is not None and name not in allowed:
            close = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (allowed: {', '.join(allowed)})"
            reader.problem((key, name), f"unknown part '{excerpt(name)}'{hint}")
            continue
        words = reader.texts(raw, name, (key,))
        if not words:
            reader.problem((key, name), "list at least one word")
        out[str(name).lower()] = tuple(word.lower() for word in words)
    return out


def vocabulary_from_yaml(loaded: LoadedYaml) -> tuple[Vocabulary | None, list[Problem]]:
    """Validate the vocabulary file (see :class:`Vocabulary`)."""
    reader = _Reader(loaded)
    word_lists = written_fields(Vocabulary)
    mapping = reader.mapping(loaded.data, (), ("kind", *word_lists, "note"), ("kind", "synonyms"))
    if mapping is None:
        return None, reader.problems
    words: dict[str, Any] = {
        "synonyms": _word_lists(reader, mapping, "synonyms", None),
        "parts": _word_lists(reader, mapping, "parts", VOCABULARY_PARTS),
    }
    for name in word_lists:
        if name not in words:  # every other field is a plain list of words
            words[name] = tuple(w.lower() for w in reader.texts(mapping, name, ()))
    vocabulary = Vocabulary(**words, file=loaded.file)
    return (None if reader.problems else vocabulary), reader.problems
