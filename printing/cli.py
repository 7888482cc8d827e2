"""`koffer-forms render`: let template authors see how a template prints.

Admin-facing, so messages are English; every expected problem (missing file, broken
template, bad JSON) is one clear line and exit status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from forms.model import Answers, Template

PREVIEW_REFERENCE = "VORSCHAU-0000"


class CliError(Exception):
    """An admin error with a message that says what to fix."""


def _load_template(spec: str) -> Template:
    from forms import catalog_dir
    from forms.errors import TemplateError
    from forms.loader import load_template

    path = Path(spec)
    if not path.exists():
        shipped = catalog_dir() / f"{spec}.yaml"
        if not shipped.exists():
            raise CliError(f"template not found: {spec} (neither a file nor a catalog id)")
        path = shipped
    try:
        return load_template(path)
    except TemplateError as exc:
        lines = "\n".join(f"  {p}" for p in exc.problems)
        raise CliError(f"template {path} has problems:\n{lines}") from None
    except OSError as exc:
        raise CliError(f"cannot read template {path}: {exc.strerror}") from None


def _load_answers(spec: str | None) -> Answers:
    if spec is None:
        return {}
    path = Path(spec)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CliError(f"cannot read answers {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise CliError(f"answers {path} are not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise CliError(
            f"answers {path} are not valid JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    if not isinstance(data, dict):
        raise CliError(f"answers {path} must be a JSON object of field id -> answer")
    return data


def _write_private(path: Path, data: bytes) -> None:
    """Write `data` readable by the owner only: filled forms hold personal data."""
    try:
        # O_BINARY: on Windows os.open defaults to text mode and would mangle the PDF.
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror}") from None


def render_pdf(args: argparse.Namespace) -> bytes:
    """The PDF the arguments ask for (see `render_command`)."""
    from printing.blank import render_blank
    from printing.content import CopyKind, PrintJobContent
    from printing.render import render_filled

    template = _load_template(args.template)
    large = bool(getattr(args, "large_print", False))
    if args.blank:
        return render_blank(template, large_print=large)
    content = PrintJobContent(
        template=template,
        answers=_load_answers(args.answers),
        reference=PREVIEW_REFERENCE,
        staff_name="Vorschau",
        place="",
        created_at=dt.datetime.now().astimezone().replace(microsecond=0),
    )
    requested = args.copy or "office"
    if requested not in ("office", "citizen"):
        raise CliError(f"--copy must be 'office' or 'citizen', not {requested!r}")
    copy: CopyKind = "citizen" if requested == "citizen" else "office"
    return render_filled(content, copy, large_print=large)


def render_command(args: argparse.Namespace) -> int:
    """Render a template blank or filled to a PDF file; 0 on success, 1 on an admin error.

    Args:
        args: `template` (path or catalog id), `answers` (JSON path or None), `output`,
            `blank`, `copy` ("office"/"citizen"), `large_print`.
    """
    try:
        pdf = render_pdf(args)
        _write_private(Path(args.output), pdf)
    except CliError as exc:
        sys.stderr.write(f"koffer-forms render: {exc}\n")
        return 1
    sys.stdout.write(f"wrote {args.output} ({len(pdf) // 1024} KiB)\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """A standalone parser with the same arguments `koffer-forms render` takes."""
    parser = argparse.ArgumentParser(prog="koffer-forms render")
    parser.add_argument("template", help="template YAML file or catalog id")
    parser.add_argument("answers", nargs="?", default=None, help="answers JSON file")
    parser.add_argument("-o", "--output", required=True, help="PDF file to write")
    parser.add_argument("--blank", action="store_true", help="blank form for handwriting")
    parser.add_argument("--copy", choices=["office", "citizen"], default="office")
    parser.add_argument("--large-print", action="store_true", help="bigger type")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point for `python -m printing.cli`."""
    return render_command(build_parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
