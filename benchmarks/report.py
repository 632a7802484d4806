"""How every benchmark prints its table and saves its results: one place for the layout and the JSON file."""
from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Column:
    """A table column: its header, its width, and how a result row becomes its cell."""

    header: str
    width: int
    cell: Callable[[dict[str, Any]], str]
    left: bool = False

    def format(self, text: str) -> str:
        return f"{text:<{self.width}}" if self.left else f"{text:>{self.width}}"


def print_table(columns: Sequence[Column], rows: Sequence[dict[str, Any]]) -> None:
    header = " ".join(column.format(column.header) for column in columns)
    print(header)
    print("-" * len(header))
    for row in rows:
        print(" ".join(column.format(column.cell(row)) for column in columns))


def save_json(path: str | Path, payload: dict[str, Any]) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")
