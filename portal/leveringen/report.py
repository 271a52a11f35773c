"""The error report of a delivery: one `Fout` per problem, in the shape the spec's JSON report uses."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

# Line number of problems that belong to the whole file rather than to one line (size, unreadable bytes).
FILE_LINE = 0
# Errors a report holds (and a batch stores): enough to correct a file by; a file with more is wrong throughout, and
# the rest is counted (`meer_fouten`) rather than kept, so a hostile file cannot make the stored report huge.
MAX_ERRORS = 1_000


@dataclass(frozen=True, slots=True)
class Fout:
    """One problem: `line` is the physical line (header = 1; XLSX sheet row; JSON 1-based index), 0 for the whole file.

    `column` is the header name, empty for file-level problems. `message` is Dutch, says what to change and never holds
    the delivered value of a cell that contains a BSN.
    """

    line: int
    column: str
    code: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


def sort_key(fout: Fout) -> tuple[int, str, str]:
    """The report order: line, then column name, then code; the import service sorts its own errors in with it."""
    return (fout.line, fout.column, fout.code)


def sort_errors(errors: Iterable[Fout]) -> list[Fout]:
    return sorted(errors, key=sort_key)


def capped(errors: list[Fout]) -> tuple[list[Fout], int]:
    """The first MAX_ERRORS errors in report order, and how many more there were."""
    return errors[:MAX_ERRORS], max(len(errors) - MAX_ERRORS, 0)
