"""Arrow schemas derived from the pydantic models: the models are the single source of truth.

Python annotations are mapped to Arrow types; where Python has one type and Arrow several (int16 vs int64,
timestamp units), the model field says which with an ``ArrowType`` marker in its ``Annotated`` metadata.
"""
from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from functools import cache

import pyarrow as pa
from pydantic import BaseModel


@dataclass(frozen=True)
class ArrowType:
    """Annotated marker naming the Arrow type of a field: ``Annotated[int, ArrowType("int16")]``."""

    name: str


_NAMED: dict[str, pa.DataType] = {
    "int16": pa.int16(),
    "int32": pa.int32(),
    "int64": pa.int64(),
    "float32": pa.float32(),
}

_SCALARS: dict[type, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
    bytes: pa.large_binary(),
    dt.datetime: pa.timestamp("us", tz="UTC"),
    dt.date: pa.date32(),
}


def _strip_optional(annotation: object) -> tuple[object, bool]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def arrow_type(annotation: object) -> pa.DataType:
    """Arrow type of one (non-optional part of a) field annotation."""
    annotation, _ = _strip_optional(annotation)
    if typing.get_origin(annotation) is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        for marker in meta:
            if isinstance(marker, ArrowType):
                return _NAMED[marker.name]
        return arrow_type(base)
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return arrow_type(type(typing.get_args(annotation)[0]))
    if origin in (list, tuple):
        (item, *_rest) = typing.get_args(annotation)
        return pa.list_(arrow_type(item))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct([field_of(name, info.annotation, info.metadata)
                          for name, info in annotation.model_fields.items()])
    if annotation in _SCALARS:
        return _SCALARS[annotation]  # type: ignore[index]
    raise TypeError(f"no Arrow type for annotation {annotation!r}")


def field_of(name: str, annotation: object, metadata: list | None = None) -> pa.Field:
    inner, optional = _strip_optional(annotation)
    marker = next((m for m in metadata or [] if isinstance(m, ArrowType)), None)
    typ = _NAMED[marker.name] if marker else arrow_type(inner)
    return pa.field(name, typ, nullable=optional)


@cache
def arrow_schema(model: type[BaseModel]) -> pa.Schema:
    """The Arrow schema of a pydantic model, field order preserved."""
    return pa.schema([field_of(name, info.annotation, info.metadata)
                      for name, info in model.model_fields.items()])
