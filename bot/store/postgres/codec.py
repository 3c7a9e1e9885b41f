"""Models to and from PostgreSQL rows: one column per dataclass field, in declaration order.

Times are timestamptz (asyncpg hands back aware UTC datetimes), enums their text values, lists
text[]. The column list and the SQL for a table are worked out once per model, not per row.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping, Sequence
from datetime import datetime
from enum import Enum
from typing import Any, Generic, TypeVar

T = TypeVar("T")


_ARRAY_TYPES = {str: "text[]", int: "int8[]", bool: "bool[]", float: "float8[]",
                datetime: "timestamptz[]"}  # fmt: skip


def _array_type(hint: Any) -> str | None:
    """The PostgreSQL array type that carries a column of this field in one parameter, for
    `unnest`; None for list fields (unnest cannot take ragged arrays of arrays)."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and len(args) == 1:
        hint = args[0]
    if isinstance(hint, type) and issubclass(hint, Enum):
        return "text[]"
    return _ARRAY_TYPES.get(hint) if isinstance(hint, type) else None


def _enum_of(hint: Any) -> tuple[type[Enum] | None, bool]:
    """(the enum class, whether it is a list of them) for a field's type hint, if any."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and len(args) == 1:
        hint = args[0]
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint, False
    if typing.get_origin(hint) is list:
        (inner,) = typing.get_args(hint)
        if isinstance(inner, type) and issubclass(inner, Enum):
            return inner, True
    return None, False


class RowCodec(Generic[T]):
    """One dataclass stored in one table; `renames` maps field names to other column names."""

    def __init__(self, cls: type[T], table: str, renames: Mapping[str, str] | None = None) -> None:
        self.cls = cls
        self.table = table
        hints = typing.get_type_hints(cls)
        names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
        self.fields = names
        self.columns = [(renames or {}).get(name, name) for name in names]
        self._enums = [_enum_of(hints[name]) for name in names]
        self.array_types = [_array_type(hints[name]) for name in names]
        self.select_list = ", ".join(self.columns)

    def values(self, obj: T) -> tuple[Any, ...]:
        out: list[Any] = []
        for name, (enum, many) in zip(self.fields, self._enums, strict=True):
            value = getattr(obj, name)
            if enum is not None and value is not None:
                value = [str(v.value) for v in value] if many else str(value.value)
            elif isinstance(value, list):
                value = list(value)
            out.append(value)
        return tuple(out)

    def from_row(self, row: Mapping[str, Any]) -> T:
        kwargs: dict[str, Any] = {}
        for name, column, (enum, many) in zip(self.fields, self.columns, self._enums, strict=True):
            value = row[column]
            if enum is not None and value is not None:
                value = [enum(v) for v in value] if many else enum(value)
            elif isinstance(value, list):
                value = list(value)
            kwargs[name] = value
        return self.cls(**kwargs)

    def from_rows(self, rows: Sequence[Mapping[str, Any]]) -> list[T]:
        return [self.from_row(row) for row in rows]

    def insert_sql(self, *, on_conflict: str = "DO NOTHING") -> str:
        marks = ", ".join(f"${i}" for i in range(1, len(self.columns) + 1))
        return (
            f"INSERT INTO {self.table} ({self.select_list}) VALUES ({marks}) "
            f"ON CONFLICT {on_conflict}"
        )

    def update_sql(self, key: str) -> str:
        """UPDATE every column of the row whose `key` column equals the object's."""
        sets = ", ".join(
            f"{column} = ${i}" for i, column in enumerate(self.columns, 1) if column != key
        )
        where = self.columns.index(key) + 1
        return f"UPDATE {self.table} SET {sets} WHERE {key} = ${where}"

    def update_columns_sql(self, key: str, columns: Sequence[str]) -> str:
        """UPDATE only `columns` ($2, $3, ...) of the row whose `key` column is $1."""
        sets = ", ".join(f"{column} = ${i}" for i, column in enumerate(columns, 2))
        return f"UPDATE {self.table} SET {sets} WHERE {key} = $1"

    def bulk_update_sql(self, key: str, columns: Sequence[str]) -> str | None:
        """One UPDATE for many rows: $1 the keys, $2... one array per column, unnested side by
        side. None when a column is a list (then use update_columns_sql with executemany)."""
        wanted = [key, *columns]
        kinds = [self.array_types[self.columns.index(c)] for c in wanted]
        if any(kind is None for kind in kinds):
            return None
        arrays = ", ".join(f"${i}::{kind}" for i, kind in enumerate(kinds, 1))
        sets = ", ".join(f"{c} = v.{c}" for c in columns)
        return (
            f"UPDATE {self.table} AS t SET {sets} FROM unnest({arrays}) AS v({', '.join(wanted)})"
            f" WHERE t.{key} = v.{key}"
        )

    def bulk_insert_sql(self, *, on_conflict: str = "DO NOTHING") -> str | None:
        """One INSERT for many rows, one array parameter per column; None with list columns."""
        if any(kind is None for kind in self.array_types):
            return None
        arrays = ", ".join(f"${i}::{kind}" for i, kind in enumerate(self.array_types, 1))
        return (
            f"INSERT INTO {self.table} ({self.select_list}) SELECT * FROM unnest({arrays})"
            f" ON CONFLICT {on_conflict}"
        )

    def upsert_sql(self, conflict: str) -> str:
        """INSERT, or replace every column of the row that conflicts on `conflict`."""
        keys = {c.strip() for c in conflict.split(",")}
        sets = ", ".join(f"{c} = excluded.{c}" for c in self.columns if c not in keys)
        return self.insert_sql(on_conflict=f"({conflict}) DO UPDATE SET {sets}")
