"""Reading the NCES school location files (EDGE geocodes, CSV) into the school directory.

Parsing is pure (a header gives a file kind, a row gives School fields, a Skip or an error),
so it is tested without a database; one writer then upserts by official id in batches. The
official files are public-domain directories of institutions: no personal data passes here,
and nothing here prints or logs; the command reports counts.
"""

import csv
import io
import itertools
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from walkout.common.text import normalize_name
from walkout.walkouts.models import School, SchoolKind, SchoolSource
from walkout.walkouts.timing import timezone_at
from walkout.walkouts.us_states import STATE_NAMES

BATCH_SIZE = 1000
FILE_KINDS = ("public", "private", "college")
ID_COLUMN = {"public": "NCESSCH", "private": "PPIN", "college": "UNITID"}
# NCESSCH has 12 digits, PPIN 8 characters, UNITID 6 digits: the three id spaces cannot
# collide in the one unique official_id column as long as every id is checked and padded.
ID_WIDTH = {"public": 12, "private": 8, "college": 6}
ID_CHARACTERS = {"public": "[0-9]", "private": "[0-9A-Z]", "college": "[0-9]"}
SOURCE = {
    "public": SchoolSource.NCES_PUBLIC,
    "private": SchoolSource.NCES_PRIVATE,
    "college": SchoolSource.NCES_COLLEGE,
}
# Column names seen in the EDGE geocode files, the CCD directory and the IPEDS HD file.
ALIASES = {
    "name": ("NAME", "SCH_NAME", "INSTNM"),
    "city": ("CITY", "LCITY"),
    "state": ("STATE", "LSTATE", "STABBR"),
    "zip": ("ZIP", "LZIP"),
    "lat": ("LAT", "LATITUDE"),
    "lon": ("LON", "LONGITUDE", "LONGITUD"),
    "level": ("LEVEL", "SCHOOL_LEVEL"),
    "gslo": ("GSLO",),
    "gshi": ("GSHI",),
    "status": ("SY_STATUS", "SY_STATUS_TEXT"),
}
REQUIRED = ("id", "name", "city", "state", "zip", "lat", "lon")
# IPEDS and PSS list schools in the freely associated states and at military post offices;
# the directory has no page for them, so they are skipped rather than reported as errors.
UNSERVED_STATES = {"FM", "MH", "PW", "AA", "AE", "AP"}
CLOSED_STATUSES = {"2", "6", "CLOSED", "INACTIVE"}
FUTURE_STATUSES = {"7", "FUTURE"}
LEVEL_KINDS = {
    "MIDDLE": SchoolKind.MIDDLE,
    "2": SchoolKind.MIDDLE,
    "HIGH": SchoolKind.HIGH,
    "SECONDARY": SchoolKind.HIGH,
    "3": SchoolKind.HIGH,
}
UPDATE_FIELDS = (
    "name", "normalized_name", "kind", "city", "state", "zip_code",
    "latitude", "longitude", "timezone", "source", "confirmed",
)  # fmt: skip


class ImportFileError(Exception):
    """A file that cannot be imported at all: unreadable, empty, or an unknown header."""


class RowError(Exception):
    """Why one row cannot be imported; parse_row turns it into 'line N: reason'."""


class InvalidRows(Exception):
    """Raised inside the transaction so that a file with malformed rows imports nothing."""

    def __init__(self, result: "ImportResult"):
        super().__init__(f"{len(result.errors)} malformed rows")
        self.result = result


@dataclass(frozen=True)
class Skip:
    """A well-formed row the directory does not want (an elementary or closed school)."""

    reason: str


@dataclass
class SourceFile:
    name: str
    kind: str
    rows: Iterator[tuple[int, dict | str]]
    total: int


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    # official_id -> where it was first seen, so a repeated id is an error, not a crash.
    seen: dict[str, str] = field(default_factory=dict, repr=False)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; Excel on Windows writes cp1252; latin-1 never fails."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def clean_header(header: list[str]) -> list[str]:
    """Column names compare case-insensitively; a stray BOM or space must not hide one."""
    return [column.strip().lstrip("\ufeff").strip().upper() for column in header]


def detect_kind(header: list[str], name: str = "file") -> str:
    """public, private or college, from which official id column the header has."""
    found = [kind for kind, column in ID_COLUMN.items() if column in header]
    if len(found) == 1:
        return found[0]
    if found:
        columns = " and ".join(ID_COLUMN[kind] for kind in found)
        raise ImportFileError(f"{name}: the header has both {columns}; choose one with --kind.")
    shown = ", ".join(header[:12]) + (", …" if len(header) > 12 else "")
    raise ImportFileError(
        f"{name}: unknown header: expected an NCESSCH (public), PPIN (private) or UNITID "
        f"(college) column; found: {shown or 'nothing'}."
    )


def map_columns(header: list[str], kind: str, name: str = "file") -> dict[str, int]:
    """Field -> column position, taking the first alias present; required columns must be."""
    position = {}
    for index, column in enumerate(header):
        position.setdefault(column, index)
    aliases = {"id": (ID_COLUMN[kind],), **ALIASES}
    columns = {}
    for key, names in aliases.items():
        found = next((position[n] for n in names if n in position), None)
        if found is not None:
            columns[key] = found
    missing = [aliases[key][0] for key in REQUIRED if key not in columns]
    if missing:
        raise ImportFileError(f"{name}: no {', '.join(missing)} column for a {kind} file.")
    return columns


def read_source(path: str, kind: str | None = None) -> SourceFile:
    """Open one CSV file: decode it, check its header, and stream its rows lazily."""
    name = os.path.basename(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read the file ({exc.strerror or exc}).") from exc
    if data.startswith(b"PK\x03\x04"):
        raise ImportFileError(f"{name}: this is a ZIP or Excel file; export the table as CSV.")
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = clean_header(_next_row(reader, name) or [])
    if not any(header):
        raise ImportFileError(f"{name}: the file is empty.")
    kind = kind or detect_kind(header, name)
    rows = _records(reader, map_columns(header, kind, name), len(header), name)
    first = next(rows, None)
    if first is None:
        raise ImportFileError(f"{name}: the file has a header but no rows.")
    return SourceFile(name, kind, itertools.chain([first], rows), max(text.count("\n") - 1, 1))


def _next_row(reader, name: str) -> list[str] | None:
    """The next CSV row; a broken quote or NUL byte makes the whole file unreadable."""
    try:
        return next(reader, None)
    except csv.Error as exc:
        raise ImportFileError(f"{name}: line {reader.line_num}: not valid CSV ({exc}).") from exc


def _records(reader, columns: dict[str, int], width: int, name: str):
    """(line, {field: text}) per row, or (line, error) when the row has the wrong width.

    A row with more or fewer fields than the header usually has an unquoted comma in a
    name, which shifts the coordinates into the wrong columns: it is an error, not a guess.
    """
    while (row := _next_row(reader, name)) is not None:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != width:
            yield line, f"line {line}: {len(row)} fields where the header has {width}"
        else:
            yield line, {key: row[index] for key, index in columns.items()}


def grade(raw: str) -> int | None:
    """A CCD grade code as a number: PK -1, KG 0, 01-13; None for UG, AE, N, M or blank."""
    value = raw.strip().upper()
    if value in ("PK", "TK"):
        return -1
    if value == "KG":
        return 0
    return int(value) if re.fullmatch(r"[0-9]{1,2}", value) else None


def kind_from_grades(low: int | None, high: int | None) -> str | Skip | None:
    """High school if it teaches grade 10+ (or is a 9th-grade centre), middle if 6-9.

    A K-8 school counts as middle: its oldest students are the ones who walk out.
    """
    if high is None:
        return None
    if high <= 5:
        return Skip("elementary grades only")
    if high >= 10 or (high == 9 and low is not None and low >= 9):
        return SchoolKind.HIGH
    return SchoolKind.MIDDLE


def school_kind(record: dict, kind: str) -> str | Skip:
    """The School.kind of a row, or why it is skipped. Grade span wins over LEVEL.

    LEVEL "Elementary" alone does not skip a school: CCD files K-8 schools under it.
    """
    if kind == "college":
        return SchoolKind.COLLEGE
    status = record.get("status", "").strip().upper()
    if status in CLOSED_STATUSES:
        return Skip("closed")
    if status in FUTURE_STATUSES:
        return Skip("not open yet")
    by_grades = kind_from_grades(grade(record.get("gslo", "")), grade(record.get("gshi", "")))
    if by_grades is not None:
        return by_grades
    return LEVEL_KINDS.get(record.get("level", "").strip().upper(), SchoolKind.OTHER)


def parse_official_id(raw: str, kind: str) -> str:
    """The id as NCES writes it; digits that a spreadsheet stripped of zeros are re-padded."""
    value = raw.strip().upper()
    column = ID_COLUMN[kind]
    if not value:
        raise RowError(f"missing {column}")
    if re.fullmatch(r"[0-9]+", value):
        value = value.zfill(ID_WIDTH[kind])
    if not re.fullmatch(f"{ID_CHARACTERS[kind]}{{{ID_WIDTH[kind]}}}", value):
        raise RowError(f"{column} {raw.strip()!r} is not a valid id")
    return value


def parse_text(raw: str, column: str, max_length: int) -> str:
    """Collapsed whitespace; empty or too long for the model is an error, never truncated."""
    value = " ".join(raw.split())
    if not value:
        raise RowError(f"missing {column}")
    if len(value) > max_length:
        raise RowError(f"{column} is longer than {max_length} characters")
    return value


def parse_state(raw: str) -> str | Skip:
    value = raw.strip().upper()
    if value in STATE_NAMES:
        return value
    if value in UNSERVED_STATES:
        return Skip(f"state {value} not in the directory")
    raise RowError(f"unknown state {raw.strip()!r}" if value else "missing STATE")


def parse_zip(raw: str) -> str:
    """First five digits; '2134' (a spreadsheet ate the zero) is 02134, '021341234' too."""
    value = raw.strip()
    if re.fullmatch(r"[0-9]{1,5}(-[0-9]{4})?", value):
        zip_code = value.split("-")[0].zfill(5)
    elif re.fullmatch(r"[0-9]{6,9}", value):
        zip_code = value.zfill(9)[:5]
    else:
        raise RowError(f"bad ZIP {value!r}" if value else "missing ZIP")
    if zip_code == "00000":
        raise RowError("bad ZIP '00000'")
    return zip_code


def parse_coordinate(raw: str, column: str, limit: float) -> float:
    try:
        value = float(raw.strip())
    except ValueError:
        raise RowError(f"{column} {raw.strip()!r} is not a number") from None
    if not math.isfinite(value) or abs(value) > limit:
        raise RowError(f"{column} {raw.strip()} is out of range")
    return value


def parse_location(record: dict) -> tuple[float, float]:
    """(0, 0) is how a failed geocode looks in a spreadsheet: an error, not the Gulf of Guinea."""
    latitude = parse_coordinate(record["lat"], "LAT", 90)
    longitude = parse_coordinate(record["lon"], "LON", 180)
    if latitude == 0 and longitude == 0:
        raise RowError("LAT/LON are 0, 0 (no location)")
    return latitude, longitude


def parse_row(record: dict, *, kind: str, line: int) -> dict | Skip | str:
    """School fields for one row, a Skip, or 'line N: reason'.

    Skips are decided first, so an elementary or closed school with a broken field does not
    block an import of schools the directory wants. The time zone comes from the point.
    """
    try:
        school_type = school_kind(record, kind)
        if isinstance(school_type, Skip):
            return school_type
        state = parse_state(record["state"])
        if isinstance(state, Skip):
            return state
        return _fields(record, kind, school_type, state)
    except RowError as exc:
        return f"line {line}: {exc}"


def _fields(record: dict, kind: str, school_type: str, state: str) -> dict:
    name = parse_text(record["name"], "NAME", 200)
    latitude, longitude = parse_location(record)
    return {
        "official_id": parse_official_id(record["id"], kind),
        "name": name,
        "normalized_name": normalize_name(name)[:200],
        "kind": school_type,
        "city": parse_text(record["city"], "CITY", 100),
        "state": state,
        "zip_code": parse_zip(record["zip"]),
        "latitude": latitude,
        "longitude": longitude,
        "timezone": timezone_at(latitude, longitude),
        "source": SOURCE[kind],
        "confirmed": True,
    }


def import_sources(
    sources: list[SourceFile],
    *,
    state: str | None = None,
    skip_invalid: bool = False,
    progress: Callable[[SourceFile], Iterable] | None = None,
) -> ImportResult:
    """Import files in one transaction; any malformed row rolls all of them back.

    With skip_invalid the valid rows are kept and the errors only reported. `progress`
    wraps each file's rows (a progress bar) without this module knowing about terminals.
    """
    result = ImportResult()
    with transaction.atomic():
        for source in sources:
            rows = progress(source) if progress else source.rows
            label = f"{source.name}: " if len(sources) > 1 else ""
            import_rows(rows, kind=source.kind, state=state, result=result, label=label)
        if result.errors and not skip_invalid:
            raise InvalidRows(result)
    return result


@transaction.atomic
def import_rows(
    rows: Iterable[tuple[int, dict | str]],
    *,
    kind: str,
    state: str | None = None,
    result: ImportResult | None = None,
    label: str = "",
    batch_size: int = BATCH_SIZE,
) -> ImportResult:
    """Upsert (line, record) rows by official id, batch_size at a time; collect skips/errors.

    It never raises for a bad row: the caller decides whether errors roll back the import.
    """
    result = result if result is not None else ImportResult()
    batch: list[dict] = []
    for line, record in rows:
        fields = _accept(record, kind=kind, line=line, state=state, result=result, label=label)
        if fields is not None:
            batch.append(fields)
        if len(batch) >= batch_size:
            write_batch(batch, result)
            batch = []
    write_batch(batch, result)
    return result


def _accept(record, *, kind, line, state, result, label) -> dict | None:
    """The row's fields if it is to be written; otherwise count it as skipped or an error."""
    if isinstance(record, str):
        outcome: dict | Skip | str = record
    elif state and record["state"].strip().upper() != state:
        outcome = Skip(f"outside {state}")
    else:
        outcome = parse_row(record, kind=kind, line=line)
    if isinstance(outcome, Skip):
        result.skipped[outcome.reason] += 1
    elif isinstance(outcome, str):
        result.errors.append(label + outcome)
    else:
        here = f"{label}line {line}"
        first = result.seen.setdefault(outcome["official_id"], here)
        if first == here:
            return outcome
        result.errors.append(f"{here}: {ID_COLUMN[kind]} {outcome['official_id']} repeats {first}")
    return None


def write_batch(batch: list[dict], result: ImportResult) -> None:
    """Create new schools and update changed ones: one query to find which exist."""
    if not batch:
        return
    ids = [fields["official_id"] for fields in batch]
    existing = School.objects.in_bulk(ids, field_name="official_id")
    new, changed = [], defaultdict(list)
    for fields in batch:
        school = existing.get(fields["official_id"])
        if school is None:
            new.append(School(**fields))
        elif names := _refresh(school, fields):
            changed[names].append(school)
    School.objects.bulk_create(new)
    for names, schools in changed.items():
        School.objects.bulk_update(schools, names)
    updated = sum(len(schools) for schools in changed.values())
    result.created += len(new)
    result.updated += updated
    result.unchanged += len(batch) - len(new) - updated


def _refresh(school: School, fields: dict) -> tuple[str, ...]:
    """Copy the file's values onto the school; return the names of the fields that changed.

    bulk_update writes a CASE expression per field per row (about 0.1 ms each in Python), so
    a yearly re-import where only coordinates moved updates just those columns.
    """
    changed = tuple(name for name in UPDATE_FIELDS if getattr(school, name) != fields[name])
    for name in changed:
        setattr(school, name, fields[name])
    return changed
