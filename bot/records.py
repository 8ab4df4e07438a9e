"""Knowledge records as flat table rows and back, with the columns derived from the dataclasses in bot.schema.

One list of a record's fields: the dataclass. A new field on :class:`~bot.schema.Source`, :class:`~bot.schema.Finding`
or :class:`~bot.schema.Stat` becomes a column of the index without touching this module. The rules by type:
text and numbers are stored as they are; a figure (:class:`~bot.schema.Value`) and a denominator as the text the
source wrote (read back through the parser the validator uses, so nothing is ever rounded); a list of texts as a JSON
list; a nested record of plain fields (a :class:`~bot.schema.Design`) as prefixed columns (``design_n``); a list of
records (a source's findings, a finding's stats) as rows of their own table, not as a column.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import types
import typing
from collections.abc import Callable
from typing import Any

from bot.schema import Denominator, Value, parse_value


class Kind(enum.Enum):
    """How one field is stored."""

    PLAIN = "plain"  # text or a number, as it is
    FLAG = "flag"  # a bool, as 0 or 1
    WRITTEN = "written"  # a Value or Denominator, as the text the source wrote
    TEXTS = "texts"  # a tuple of texts, as a JSON list
    WORD_LISTS = "word lists"  # a mapping of name -> texts, as a JSON object
    NESTED = "nested"  # a dataclass of plain fields, as prefixed columns
    CHILDREN = "children"  # a tuple of records: rows of another table


@dataclasses.dataclass(frozen=True)
class Field:
    """One field of a record and how it is stored."""

    name: str
    kind: Kind
    type: Any
    optional: bool


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """``X | None`` -> (X, True); anything else -> (annotation, False)."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return next(a for a in typing.get_args(annotation) if a is not type(None)), True
    return annotation, False


def _kind(annotation: Any) -> Kind:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is tuple:
        return Kind.CHILDREN if args and dataclasses.is_dataclass(args[0]) else Kind.TEXTS
    if origin is dict:
        return Kind.WORD_LISTS
    if annotation in (Value, Denominator):
        return Kind.WRITTEN
    if annotation is bool:
        return Kind.FLAG
    if dataclasses.is_dataclass(annotation):
        return Kind.NESTED
    return Kind.PLAIN


@functools.cache
def fields(cls: type) -> tuple[Field, ...]:
    """Every field of a schema dataclass with its storage kind, in declaration order."""
    resolved = typing.get_type_hints(cls)
    out = []
    for field in dataclasses.fields(cls):
        annotation, optional = _unwrap(resolved[field.name])
        out.append(Field(field.name, _kind(annotation), annotation, optional))
    return tuple(out)


@functools.cache
def columns(cls: type, prefix: str = "") -> dict[str, type]:
    """Column name -> SQL type (str or int) for ``cls``; record lists are left out (they are tables)."""
    out: dict[str, type] = {}
    for field in fields(cls):
        name = prefix + field.name
        if field.kind is Kind.NESTED:
            out.update(columns(field.type, f"{name}_"))
        elif field.kind in (Kind.PLAIN, Kind.FLAG) and field.type in (int, bool):
            out[name] = int
        elif field.kind is not Kind.CHILDREN:
            out[name] = str
    return out


def child_fields(cls: type) -> list[str]:
    """The fields of ``cls`` that hold lists of records (a source's findings, a finding's stats)."""
    return [field.name for field in fields(cls) if field.kind is Kind.CHILDREN]


def to_row(record: Any, prefix: str = "") -> dict[str, Any]:
    """``record`` as one row of :func:`columns` of its class."""
    row: dict[str, Any] = {}
    for field in fields(type(record)):
        name, value = prefix + field.name, getattr(record, field.name)
        if field.kind is Kind.NESTED:
            row.update(to_row(value, f"{name}_") if value is not None else dict.fromkeys(columns(field.type, f"{name}_")))
        elif field.kind is Kind.TEXTS:
            row[name] = json.dumps(list(value), ensure_ascii=False)
        elif field.kind is Kind.WORD_LISTS:
            row[name] = json.dumps({key: list(words) for key, words in value.items()}, ensure_ascii=False)
        elif field.kind is Kind.WRITTEN:
            row[name] = None if value is None else str(value)
        elif field.kind is Kind.FLAG:
            row[name] = int(value)
        elif field.kind is Kind.PLAIN:
            row[name] = value
    return row


def reader(cls: type, prefix: str = "") -> Callable[..., Any]:
    """A function ``(row, **children) -> record``, the inverse of :func:`to_row`, planned once per class."""
    steps: list[tuple[str, Callable[[dict[str, Any]], Any]]] = []
    for field in fields(cls):
        column = prefix + field.name
        if field.kind is Kind.NESTED:
            nested, names = reader(field.type, f"{column}_"), list(columns(field.type, f"{column}_"))
            optional = field.optional

            def read_nested(row: dict[str, Any], nested=nested, names=names, optional=optional) -> Any:
                if optional and all(row.get(name) is None for name in names):
                    return None
                return nested(row)

            steps.append((field.name, read_nested))
        elif field.kind is not Kind.CHILDREN:
            steps.append((field.name, functools.partial(_read_column, column, _DECODERS[field.kind], field.type)))
    children = child_fields(cls)

    def read(row: dict[str, Any], **given: Any) -> Any:
        values = {name: step(row) for name, step in steps}
        values.update({name: given.get(name, ()) for name in children})
        return cls(**values)

    return read


def _read_column(column: str, decode: Callable[[Any, Any], Any], type_: Any, row: dict[str, Any]) -> Any:
    return decode(row.get(column), type_)


def _written(raw: Any, type_: Any) -> Any:
    if raw is None:
        return None
    if type_ is Value:
        return parse_value(raw)
    number, _, unit = raw.partition(" ")  # a figure is written without spaces, so the first word is it
    return Denominator(parse_value(number), unit)


_DECODERS: dict[Kind, Callable[[Any, Any], Any]] = {
    Kind.PLAIN: lambda raw, type_: raw if raw is not None or type_ is not str else "",
    Kind.FLAG: lambda raw, _: bool(raw),
    Kind.WRITTEN: _written,
    Kind.TEXTS: lambda raw, _: tuple(json.loads(raw)) if raw else (),
    Kind.WORD_LISTS: lambda raw, _: {key: tuple(words) for key, words in json.loads(raw).items()} if raw else {},
}
