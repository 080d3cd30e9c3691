from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from walkout.walkouts import importers
from walkout.walkouts.us_states import STATE_NAMES

SHOWN_ERRORS = 20


def error_lines(errors: list[str]) -> list[str]:
    """The first errors, then a count: a bad file must not flood the terminal."""
    lines = [f"  {error}" for error in errors[:SHOWN_ERRORS]]
    if len(errors) > SHOWN_ERRORS:
        lines.append(f"  … and {len(errors) - SHOWN_ERRORS} more")
    return lines


def invalid_message(errors: list[str]) -> str:
    head = (
        f"Nothing imported: {len(errors)} malformed rows. "
        "Fix them, or pass --skip-invalid to import the valid rows."
    )
    return "\n".join([head, *error_lines(errors)])


class Command(BaseCommand):
    help = (
        "Import schools from NCES EDGE location files in CSV: public schools (NCESSCH, "
        "optionally joined with the CCD directory's grade span), private schools (PPIN) and "
        "postsecondary institutions (UNITID). Updates schools already imported by official id. "
        "Imports nothing if any row is malformed, unless --skip-invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="CSV files to import.")
        parser.add_argument(
            "--kind",
            choices=importers.FILE_KINDS,
            help="Treat every file as this kind instead of detecting it from the header.",
        )
        parser.add_argument("--state", help="Import one state or territory only (e.g. AZ).")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid rows and report the malformed ones.",
        )
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args, files, kind, state, skip_invalid, quiet, **options):
        state = self.checked_state(state)
        progress = self.progress_bar(quiet or options["verbosity"] == 0)
        try:
            sources = [importers.read_source(path, kind) for path in files]
            result = importers.import_sources(
                sources, state=state, skip_invalid=skip_invalid, progress=progress
            )
        except importers.ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        except importers.InvalidRows as exc:
            raise CommandError(invalid_message(exc.result.errors)) from exc
        self.report(result)

    def checked_state(self, state: str | None) -> str | None:
        if state is None:
            return None
        if state.strip().upper() not in STATE_NAMES:
            raise CommandError(f"--state {state}: not a US state or territory code.")
        return state.strip().upper()

    def progress_bar(self, quiet: bool):
        """tqdm on stderr, so stdout stays a clean summary; off when piped or --quiet."""
        disable = quiet or not self.stderr.isatty()

        def wrap(source: importers.SourceFile):
            return tqdm(
                source.rows, total=source.total, desc=source.name, unit=" rows",
                file=self.stderr._out, disable=disable,
            )  # fmt: skip

        return wrap

    def report(self, result: importers.ImportResult) -> None:
        skipped = sum(result.skipped.values())
        reasons = ", ".join(f"{reason}: {n}" for reason, n in sorted(result.skipped.items()))
        self.stdout.write(f"created: {result.created}")
        self.stdout.write(f"updated: {result.updated}")
        self.stdout.write(f"unchanged: {result.unchanged}")
        self.stdout.write(f"skipped: {skipped}" + (f" ({reasons})" if reasons else ""))
        note = " (rows not imported)" if result.errors else ""
        self.stdout.write(f"errors: {len(result.errors)}{note}")
        for line in error_lines(result.errors):
            self.stdout.write(line)
