import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from walkout.walkouts import importers
from walkout.walkouts.models import School

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "nces"
PUBLIC = str(FIXTURES / "public.csv")
PRIVATE = str(FIXTURES / "private.csv")
COLLEGE = str(FIXTURES / "college.csv")
MALFORMED = str(FIXTURES / "malformed.csv")

PUBLIC_SCHOOLS = [
    ("020000100006", "high", "East Chugach High School", "Anchorage", "AK", "99504",
     "America/Anchorage"),
    ("040000100001", "high", "Desert Vista High School", "Phoenix", "AZ", "85009",
     "America/Phoenix"),
    ("080000100003", "middle", "Cheesman Park Middle School", "Denver", "CO", "80218",
     "America/Denver"),
    ("150000100007", "high", "Kalakaua High School", "Honolulu", "HI", "96814",
     "Pacific/Honolulu"),
    ("170000100002", "high", "Lakeview Technical High School", "Chicago", "IL", "60618",
     "America/Chicago"),
    ("180000100005", "middle", "Fall Creek School 58", "Indianapolis", "IN", "46201",
     "America/Indiana/Indianapolis"),
    ("250000100011", "high", "Back Bay Latin School", "Boston", "MA", "02115",
     "America/New_York"),
    ("410000100010", "other", "Metro Learning Center", "Portland", "OR", "97201",
     "America/Los_Angeles"),
    ("720000100008", "middle", "Escuela Intermedia José Julián Acosta", "San Juan", "PR",
     "00901", "America/Puerto_Rico"),
]  # fmt: skip


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_schools", *args, "--quiet", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def summary(created=0, updated=0, unchanged=0, skipped="0", errors="0") -> str:
    return (
        f"created: {created}\nupdated: {updated}\nunchanged: {unchanged}\n"
        f"skipped: {skipped}\nerrors: {errors}\n"
    )


def schools(source: str | None = None) -> list[tuple]:
    rows = School.objects.order_by("official_id")
    if source:
        rows = rows.filter(source=source)
    return list(
        rows.values_list("official_id", "kind", "name", "city", "state", "zip_code", "timezone")
    )


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.django_db
def test_import_public_keeps_middle_and_high_and_skips_elementary_and_closed():
    output = run(PUBLIC)

    assert output == summary(9, skipped="3 (closed: 1, elementary grades only: 2)")
    assert schools() == PUBLIC_SCHOOLS
    school = School.objects.get(official_id="720000100008")
    assert (school.source, school.confirmed) == ("nces_public", True)
    assert school.normalized_name == "escuela intermedia jose julian acosta"
    assert (school.latitude, school.longitude) == (18.4655, -66.1057)


@pytest.mark.django_db
def test_import_private_pads_ids_and_finds_zones_from_coordinates():
    output = run(PRIVATE)

    assert output == summary(6)
    assert schools("nces_private") == [
        ("01234567", "other", "Colegio San Ignacio de Loyola", "Mayagüez", "PR", "00680",
         "America/Puerto_Rico"),
        ("A9100001", "other", "Juneau Harbor Academy", "Juneau", "AK", "99801",
         "America/Juneau"),
        ("A9100002", "other", "Saint Anne's School", "Detroit", "MI", "48201",
         "America/Detroit"),
        ("BB100003", "other", "Mesa Prep Academy", "Tempe", "AZ", "85281", "America/Phoenix"),
        ("K9100005", "other", "Mililani Christian School", "Mililani", "HI", "96789",
         "Pacific/Honolulu"),
        ("K9100006", "other", "Hagåtña Learning Center", "Hagatna", "GU", "96910",
         "Pacific/Guam"),
    ]  # fmt: skip


@pytest.mark.django_db
def test_import_colleges_uses_coordinates_not_state_for_the_zone():
    output = run(COLLEGE)

    assert output == summary(7, skipped="1 (state FM not in the directory: 1)")
    assert schools("nces_college") == [
        ("102553", "college", "University of Alaska Anchorage", "Anchorage", "AK", "99508",
         "America/Anchorage"),
        ("104151", "college", "Arizona State University Campus Immersion", "Tempe", "AZ",
         "85281", "America/Phoenix"),
        # Tsaile is in the Navajo Nation, which keeps daylight saving time unlike the rest of AZ.
        ("105297", "college", "Diné College", "Tsaile", "AZ", "86556", "America/Denver"),
        ("141574", "college", "University of Hawaii at Manoa", "Honolulu", "HI", "96822",
         "Pacific/Honolulu"),
        ("142115", "college", "Boise State University", "Boise", "ID", "83725", "America/Boise"),
        ("144050", "college", "University of Chicago", "Chicago", "IL", "60637",
         "America/Chicago"),
        ("243197", "college", "Universidad de Puerto Rico-Mayagüez", "Mayagüez", "PR", "00681",
         "America/Puerto_Rico"),
    ]  # fmt: skip


@pytest.mark.django_db
def test_three_kinds_in_one_call_are_detected_from_their_headers():
    output = run(PUBLIC, PRIVATE, COLLEGE)

    skipped = "4 (closed: 1, elementary grades only: 2, state FM not in the directory: 1)"
    assert output == summary(22, skipped=skipped)
    assert School.objects.count() == 22


@pytest.mark.django_db
def test_reimport_updates_changed_schools_instead_of_duplicating(tmp_path):
    run(PUBLIC)
    first_ids = list(School.objects.order_by("official_id").values_list("pk", flat=True))
    text = (FIXTURES / "public.csv").read_text(encoding="utf-8")
    moved = text.replace("Kalakaua High School", "Kalākaua High School").replace(
        "61.2137,-149.7397", "61.2138,-149.7398"
    )

    output = run(write(tmp_path, "public.csv", moved.encode()))

    assert output == summary(0, 2, 7, skipped="3 (closed: 1, elementary grades only: 2)")
    assert list(School.objects.order_by("official_id").values_list("pk", flat=True)) == first_ids
    school = School.objects.get(official_id="150000100007")
    assert (school.name, school.normalized_name) == ("Kalākaua High School", "kalakaua high")
    anchorage = School.objects.get(official_id="020000100006")
    assert (anchorage.latitude, anchorage.longitude) == (61.2138, -149.7398)


@pytest.mark.django_db
def test_reimport_of_the_same_file_changes_nothing():
    run(PUBLIC)

    assert run(PUBLIC) == summary(0, 0, 9, skipped="3 (closed: 1, elementary grades only: 2)")
    assert School.objects.count() == 9


MALFORMED_ERRORS = [
    "line 3: missing NCESSCH",
    "line 4: missing NAME",
    "line 5: LAT 'north' is not a number",
    "line 6: LAT 95.2 is out of range",
    "line 7: LAT/LON are 0, 0 (no location)",
    "line 8: unknown state 'ZZ'",
    "line 9: bad ZIP '8501X'",
    "line 11: 15 fields where the header has 14",
]


@pytest.mark.django_db
def test_malformed_file_imports_nothing_and_names_each_line():
    with pytest.raises(CommandError) as raised:
        run(MALFORMED)

    assert str(raised.value).splitlines() == [
        "Nothing imported: 8 malformed rows. Fix them, or pass --skip-invalid to import the "
        "valid rows.",
        *[f"  {error}" for error in MALFORMED_ERRORS],
    ]
    assert School.objects.count() == 0


@pytest.mark.django_db
def test_malformed_file_rolls_back_the_good_files_given_with_it():
    with pytest.raises(CommandError, match=r"malformed\.csv: line 3: missing NCESSCH"):
        run(PUBLIC, MALFORMED)

    assert School.objects.count() == 0


@pytest.mark.django_db
def test_skip_invalid_imports_only_the_valid_rows():
    output = run(MALFORMED, "--skip-invalid")

    assert output == summary(3, errors="8 (rows not imported)") + "".join(
        f"  {error}\n" for error in MALFORMED_ERRORS
    )
    assert list(School.objects.order_by("official_id").values_list("name", flat=True)) == [
        "Camelback Ridge High School",
        "Tucson Mountain High School",
        "Flagstaff High School",
    ]


@pytest.mark.django_db
def test_only_the_first_twenty_errors_are_listed(tmp_path):
    header = "NCESSCH,NAME,CITY,STATE,ZIP,LAT,LON\n"
    rows = "".join(f"{n:012d},School {n},Tucson,AZ,85745,0,0\n" for n in range(1, 26))

    with pytest.raises(CommandError) as raised:
        run(write(tmp_path, "zeros.csv", (header + rows).encode()))

    lines = str(raised.value).splitlines()
    assert lines[1] == "  line 2: LAT/LON are 0, 0 (no location)"
    assert lines[20] == "  line 21: LAT/LON are 0, 0 (no location)"
    assert lines[21:] == ["  … and 5 more"]


@pytest.mark.django_db
def test_repeated_id_is_an_error(tmp_path):
    data = (
        "NCESSCH,NAME,CITY,STATE,ZIP,LAT,LON\n"
        "040000200001,Camelback Ridge High School,Phoenix,AZ,85016,33.5097,-112.0286\n"
        "040000200001,Camelback Ridge High School,Phoenix,AZ,85016,33.5097,-112.0286\n"
    )

    with pytest.raises(CommandError, match="line 3: NCESSCH 040000200001 repeats line 2"):
        run(write(tmp_path, "twice.csv", data.encode()))


@pytest.mark.django_db
def test_state_filter_imports_one_state_only():
    output = run(PUBLIC, COLLEGE, "--state", "ak")

    assert output == summary(2, skipped="18 (outside AK: 18)")
    assert list(School.objects.order_by("official_id").values_list("name", flat=True)) == [
        "East Chugach High School",
        "University of Alaska Anchorage",
    ]


@pytest.mark.django_db
def test_unknown_state_filter_is_refused():
    with pytest.raises(CommandError, match="--state XX: not a US state or territory code."):
        run(PUBLIC, "--state", "XX")


@pytest.mark.django_db
def test_unknown_header_is_refused(tmp_path):
    path = write(tmp_path, "other.csv", b"id,school,lat,lon\n1,Lincoln High,40.1,-90.2\n")

    with pytest.raises(CommandError) as raised:
        run(path)

    assert str(raised.value) == (
        "other.csv: unknown header: expected an NCESSCH (public), PPIN (private) or UNITID "
        "(college) column; found: ID, SCHOOL, LAT, LON."
    )


@pytest.mark.django_db
def test_kind_override_needs_that_kinds_id_column():
    with pytest.raises(CommandError, match="public.csv: no UNITID column for a college file."):
        run(PUBLIC, "--kind", "college")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty.csv: the file is empty."),
        (b"NCESSCH,NAME,CITY,STATE,ZIP,LAT,LON\n", "empty.csv: the file has a header but no rows."),
        (b"PK\x03\x04rest of a workbook", "empty.csv: this is a ZIP or Excel file; export the "
         "table as CSV."),
    ],
)  # fmt: skip
def test_empty_or_binary_file_is_refused(tmp_path, data, message):
    with pytest.raises(CommandError) as raised:
        run(write(tmp_path, "empty.csv", data))

    assert str(raised.value) == message


@pytest.mark.django_db
def test_unreadable_file_is_refused(tmp_path):
    missing = str(tmp_path / "missing.csv")

    with pytest.raises(CommandError) as raised:
        run(missing)

    assert str(raised.value) == f"{missing}: cannot read the file (No such file or directory)."


@pytest.mark.django_db
def test_utf8_file_with_bom_and_lower_case_header(tmp_path):
    text = (FIXTURES / "public.csv").read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    data = "\ufeff".encode() + (header.lower() + "\n" + rest).encode()

    run(write(tmp_path, "bom.csv", data))

    assert schools() == PUBLIC_SCHOOLS


@pytest.mark.django_db
def test_latin1_file_keeps_accented_names(tmp_path):
    text = (FIXTURES / "private.csv").read_text(encoding="utf-8")

    run(write(tmp_path, "latin1.csv", text.encode("latin-1")))

    school = School.objects.get(official_id="01234567")
    assert (school.city, school.normalized_name) == ("Mayagüez", "colegio san ignacio de loyola")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("85009", "85009"), ("2115", "02115"), ("99508-4614", "99508"), ("021151234", "02115")],
)
def test_parse_zip_keeps_five_zero_padded_digits(raw, expected):
    assert importers.parse_zip(raw) == expected


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        ("KG", "05", importers.Skip("elementary grades only")),
        ("PK", "08", "middle"),
        ("07", "09", "middle"),
        ("09", "09", "high"),
        ("07", "12", "high"),
        ("UG", "UG", None),
    ],
)
def test_kind_from_grades(low, high, expected):
    grades = importers.grade(low), importers.grade(high)

    assert importers.kind_from_grades(*grades) == expected


def test_parse_row_reports_the_line_of_a_bad_longitude():
    record = {
        "id": "040000200001", "name": "Camelback Ridge High School", "city": "Phoenix",
        "state": "AZ", "zip": "85016", "lat": "33.5097", "lon": "-212.0286",
    }  # fmt: skip

    assert (
        importers.parse_row(record, kind="public", line=7)
        == "line 7: LON -212.0286 is out of range"
    )


@pytest.mark.django_db
def test_progress_bar_stays_off_when_stderr_is_not_a_terminal():
    err = io.StringIO()

    call_command("import_schools", PRIVATE, stdout=io.StringIO(), stderr=err)

    assert err.getvalue() == ""
    assert School.objects.count() == 6
