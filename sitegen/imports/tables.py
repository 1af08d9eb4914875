"""Reading a dataset's CSV table with the `csv` module, keeping where each value stands.

A value's place is `file:row:column`: the file line its row starts on (the header is line
1; a quoted value may span lines, so rows are counted by the reader's line number, not by
index) and the column's position in the header (1 = the first column). Values from the
table are quoted in messages as JSON strings, so no value can forge a line of the report.
Every value a row reader takes passes `text` (line breaks made `\n`; a character the content
check refuses is refused here, at its row and column), so an import never writes a record
that `sitegen check` then refuses.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from ..content import chars
from ..content.problems import Loc

csv.field_size_limit(1 << 24)


class TableError(Exception):
    """The table cannot be read at all (missing, not UTF-8, no header, a column missing)."""

    def __init__(self, loc: Loc, message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message


class RowError(Exception):
    """One value of a row is wrong; raised by a dataset's row reader with the column name."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


def quote(value: object) -> str:
    return json.dumps(str(value), ensure_ascii=False)


def text(value: str, column: str) -> str:
    """A dataset's value as content may hold it: CRLF and CR line breaks (which a quoted CSV
    value may span, and which content may not hold) made LF; raises RowError for a character
    the content check refuses (`sitegen.content.chars`: controls, non-characters)."""
    if value.isascii() and value.isprintable():  # most values: nothing to change or refuse
        return value
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    at = chars.forbidden_in_value(value)
    if at is not None:
        raise RowError(column, f"{chars.message(value[at])} (at character {at + 1} of the value)")
    return value


@dataclass(frozen=True)
class Row:
    path: str
    line: int
    values: dict[str, str]
    columns: dict[str, int]

    def __getitem__(self, column: str) -> str:
        """The row's value in `column` ("" if the table lacks it), through `text`."""
        return text(self.values.get(column, ""), column)

    def loc(self, column: str | None = None) -> Loc:
        return Loc(self.path, self.line, self.columns.get(column, 1) if column else 1)


def read_table(path: Path, required: tuple[str, ...]) -> list[Row]:
    """Every row of a CSV file with a header; raises TableError for a file that cannot be read
    as one (missing, not UTF-8, a required column missing)."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise TableError(Loc(name), f"cannot read the file: {err.strerror}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        col = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        raise TableError(Loc(name, line, col),
                         f"file is not UTF-8 (byte 0x{data[err.start]:02x}); save it as UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise TableError(Loc(name), "file is empty; expected a header row") from None
    except csv.Error as err:
        raise TableError(Loc(name), f"malformed CSV: {err}") from None
    columns = {}
    for index, column in enumerate(header, 1):
        columns.setdefault(column.strip(), index)
    missing = [c for c in required if c not in columns]
    if missing:
        raise TableError(Loc(name, 1, len(header) + 1),
                         f"required column{'s' if len(missing) > 1 else ''} missing: {', '.join(missing)}")
    rows, start = [], reader.line_num + 1
    try:
        for record in reader:
            if any(v.strip() for v in record):
                values = {column: record[i - 1] if i - 1 < len(record) else "" for column, i in columns.items()}
                rows.append(Row(name, start, values, columns))
            start = reader.line_num + 1
    except csv.Error as err:
        raise TableError(Loc(name, start), f"malformed CSV: {err}") from None
    return rows
