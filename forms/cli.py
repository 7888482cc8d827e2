"""`koffer-forms`: the admin's tool to check, inspect and print form templates.

    koffer-forms validate PATH...             every problem as file:line: message
    koffer-forms schema                       JSON Schema of the template format
    koffer-forms check TEMPLATE ANSWERS.json  findings and completeness [--json]
    koffer-forms list PATH                    id, version, title, topic
    koffer-forms index FOLDER                 (re)write FOLDER/index.json for the app
    koffer-forms render TEMPLATE [ANSWERS.json] -o OUT.pdf [--blank] ...
    koffer-forms import fim SCHEMA.xml [--codelists DIR] -o TEMPLATE.yaml [--json]
    koffer-forms import pdf FORM.pdf -o TEMPLATE.yaml [--json]

Exit codes: 0 all fine, 1 problems found or bad input, 2 usage error / not available.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from forms.engine import compile_template
from forms.errors import Problem, TemplateError
from forms.loader import load_files, load_template
from forms.model import Template
from forms.schema import template_json_schema_text

_SUFFIXES = (".yaml", ".yml")


def _print(text: object, file: TextIO | None = None) -> None:
    """One line of output (stdout unless `file` is given)."""
    (file or sys.stdout).write(f"{text}\n")


def _template_files(paths: Sequence[str]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.iterdir() if p.suffix in _SUFFIXES and p.is_file())
        else:
            yield path


def _load_all(paths: Sequence[str], err: TextIO) -> tuple[list[tuple[Path, Template]], int]:
    """Load every template under `paths`; print problems; return loaded and problem count."""
    files = list(_template_files(paths))
    loaded, problems = load_files(files)
    if not files:
        problems.append(Problem(" ".join(paths), 1, "no template files (*.yaml) found"))
    for problem in problems:
        _print(problem, file=err)
    return loaded, len(problems)


def _cmd_validate(args: argparse.Namespace) -> int:
    loaded, count = _load_all(args.paths, sys.stderr)
    if count:
        _print(f"{count} problem(s); {len(loaded)} template(s) valid.", file=sys.stderr)
        return 1
    _print(f"{len(loaded)} template(s) valid.")
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    sys.stdout.write(template_json_schema_text())
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    loaded, count = _load_all([args.path], sys.stderr)
    rows = sorted((t.id, t.version, t.title, t.topic) for _, t in loaded)
    for row in rows:
        _print("\t".join(row))
    return 1 if count else 0


def _read_answers(path: str) -> dict[str, Any]:
    """The answers JSON object in `path`; ValueError with a clear message otherwise."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise ValueError(f"{path}: cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not valid UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}:{error.lineno}: invalid JSON: {error.msg}") from None
    except RecursionError:
        raise ValueError(f"{path}:1: invalid JSON: nested too deeply") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}:1: answers must be a JSON object (field id: answer)")
    return data


def _cmd_check(args: argparse.Namespace) -> int:
    try:
        template = load_template(args.template)
    except TemplateError as error:
        for problem in error.problems:
            _print(problem, file=sys.stderr)
        return 1
    try:
        answers = _read_answers(args.answers)
    except ValueError as error:
        _print(error, file=sys.stderr)
        return 1
    today = dt.date.fromisoformat(args.today) if args.today else None
    evaluation = compile_template(template).evaluate(answers, today=today)
    if args.json:
        out = {
            "template": {"id": template.id, "version": template.version},
            "complete": evaluation.is_complete,
            "completeness": round(evaluation.completeness, 4),
            "section_completeness": {
                k: round(v, 4) for k, v in evaluation.section_completeness.items()
            },
            "computed": evaluation.computed,
            "findings": [
                {
                    "path": f.path,
                    "severity": f.severity,
                    "code": f.code,
                    "message": f.message,
                    "message_easy": f.message_easy,
                }
                for f in evaluation.findings
            ],
            "required_documents": [d.id for d in evaluation.required_documents],
        }
        _print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        for f in evaluation.findings:
            _print(f"{f.path}: {f.severity}: {f.message} [{f.code}]")
        _print(f"completeness: {evaluation.completeness:.0%}")
        for section, value in evaluation.section_completeness.items():
            _print(f"  {section}: {value:.0%}")
        for path, value in evaluation.computed.items():
            _print(f"computed {path} = {value}")
        _print("complete" if evaluation.is_complete else "not complete")
    return 0 if evaluation.is_complete else 1


def _cmd_render(args: argparse.Namespace) -> int:
    if args.answers is None and not args.blank:
        _print("render: give ANSWERS.json or --blank", file=sys.stderr)
        return 2
    try:
        from printing.cli import render_command  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        _print("render: printing not available yet", file=sys.stderr)
        return 2
    result: int = render_command(args)
    return result


def _cmd_index(args: argparse.Namespace) -> int:
    from forms.summary import write_index

    folder = Path(args.folder)
    if not folder.is_dir():
        _print(f"{folder}: not a folder", file=sys.stderr)
        return 1
    try:
        path = write_index(folder)
    except TemplateError as error:
        for problem in error.problems:
            _print(problem, file=sys.stderr)
        return 1
    _print(f"{path}: written")
    return 0


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _cmd_import(args: argparse.Namespace) -> int:
    """Import a FIM schema or a fillable PDF; write the template, print the report."""
    from forms.importers import ImportRefused
    from forms.importers.limits import (
        IMPORT_MEMORY_BYTES,
        IMPORT_SECONDS,
        ImportLimitError,
        bounded,
    )

    memory = IMPORT_MEMORY_BYTES if getattr(args, "enforce_limits", False) else None
    try:
        with bounded(IMPORT_SECONDS, memory):
            report, outputs = _run_import(args)
    except (ImportRefused, ImportLimitError) as error:
        _print(f"koffer-forms import: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        _print(f"koffer-forms import: {error.filename}: {error.strerror}", file=sys.stderr)
        return 1
    for path, data in outputs:
        _write(path, data)
    if args.json:
        _print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(report.text(mapped=args.verbose))
        _print("wrote " + ", ".join(str(p) for p, _ in outputs))
    return 0


def _read_input(path: str) -> bytes:
    from forms.importers import ImportRefused

    file = Path(path)
    try:
        size = file.stat().st_size
    except OSError as error:
        raise ImportRefused(f"{path}: cannot read: {error.strerror}") from None
    if size > 64 * 1024 * 1024:
        raise ImportRefused(f"{path}: the file has {size // 2**20} MB; that is no form")
    return file.read_bytes()


def _run_import(args: argparse.Namespace) -> tuple[Any, list[tuple[Path, bytes]]]:
    from forms.importers import ImportRefused

    data = _read_input(args.file)
    output = Path(args.output)
    if args.kind == "fim":
        from forms.importers import fim
        from forms.importers.genericode import CodeLists

        previous = None
        if args.previous:
            try:
                previous = load_template(args.previous)
            except TemplateError as error:
                raise ImportRefused(f"--previous: {error.problems[0]}") from None
        options = fim.Options(
            template_id=args.id, office_id=args.office, topic=args.topic, previous=previous
        )
        result = fim.import_fim(
            data, args.file, codelists=CodeLists.from_folder(args.codelists), options=options
        )
        return result.report, [(output, result.yaml.encode("utf-8"))]
    from forms.importers import pdf

    pdf_options = pdf.Options(
        template_id=args.id,
        title=args.title,
        office_id=args.office,
        topic=args.topic,
        version=args.version,
        password=args.password,
        headings=not args.no_headings,
    )
    imported = pdf.import_pdf(data, args.file, pdf_options)
    return imported.report, [
        (output, imported.yaml.encode("utf-8")),
        (output.parent / imported.pdf_name, data),
    ]


def _add_import(sub: Any) -> None:
    imp = sub.add_parser("import", help="turn a FIM schema or a fillable PDF into a template")
    kinds = imp.add_subparsers(dest="kind", required=True)
    fim = kinds.add_parser("fim", help="FIM XDatenfelder 2.0 / 3.0.0 schema (XML)")
    fim.add_argument("file", metavar="SCHEMA.xml")
    fim.add_argument("--codelists", metavar="DIR", help="folder of XÖV genericode code lists")
    fim.add_argument("--previous", metavar="OLD.yaml", help="the import of the previous version")
    pdf = kinds.add_parser("pdf", help="fillable PDF form (AcroForm)")
    pdf.add_argument("file", metavar="FORM.pdf")
    pdf.add_argument("--password", help="the PDF's password, if it is encrypted")
    pdf.add_argument("--title", help="title of the form (default: the PDF's title)")
    pdf.add_argument("--version", default="1.0.0", help="template version (default 1.0.0)")
    pdf.add_argument("--no-headings", action="store_true", help="one section per page")
    for parser in (fim, pdf):
        parser.add_argument("-o", "--output", metavar="TEMPLATE.yaml", required=True)
        parser.add_argument("--id", help="template id (default: from the title)")
        parser.add_argument("--office", default="sozialamt", help="office_id (default sozialamt)")
        parser.add_argument("--topic", default="Allgemein", help="topic (default Allgemein)")
        parser.add_argument("--json", action="store_true", help="the report as JSON")
        parser.add_argument("-v", "--verbose", action="store_true", help="list mapped fields too")
        parser.set_defaults(func=_cmd_import)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = argparse.ArgumentParser(
        prog="koffer-forms", description="Check, inspect and print Koffer form templates."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="check template files or folders")
    validate.add_argument("paths", nargs="+", metavar="PATH")
    validate.set_defaults(func=_cmd_validate)

    schema = sub.add_parser("schema", help="print the JSON Schema of the template format")
    schema.set_defaults(func=_cmd_schema)

    check = sub.add_parser("check", help="validate answers against a template")
    check.add_argument("template", metavar="TEMPLATE")
    check.add_argument("answers", metavar="ANSWERS.json")
    check.add_argument("--json", action="store_true", help="machine-readable output")
    check.add_argument("--today", metavar="YYYY-MM-DD", help="evaluate as of this date")
    check.set_defaults(func=_cmd_check)

    listing = sub.add_parser("list", help="list templates: id, version, title, topic")
    listing.add_argument("path", metavar="PATH")
    listing.set_defaults(func=_cmd_list)

    index = sub.add_parser("index", help="write the catalog index the app starts from")
    index.add_argument("folder", metavar="FOLDER")
    index.set_defaults(func=_cmd_index)

    render = sub.add_parser("render", help="render a template (blank or filled) to PDF")
    render.add_argument("template", metavar="TEMPLATE")
    render.add_argument("answers", metavar="ANSWERS.json", nargs="?")
    render.add_argument("-o", "--output", metavar="OUT.pdf", required=True)
    render.add_argument("--blank", action="store_true", help="print the empty form")
    render.add_argument("--copy", choices=["citizen", "office"], default="citizen")
    render.add_argument("--large-print", action="store_true", help="large print for review")
    render.set_defaults(func=_cmd_render)
    _add_import(sub)
    return parser


def main(argv: Sequence[str] | None = None, *, enforce_limits: bool = False) -> int:
    """Run the command line; returns the exit code.

    Args:
        enforce_limits: bound the memory of an import (only the real command line, in
            its own process: the limit is process-wide).
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    args.enforce_limits = enforce_limits
    if getattr(args, "today", None):
        try:
            dt.date.fromisoformat(args.today)
        except ValueError:
            _print(f"--today: not a date: {args.today!r}", file=sys.stderr)
            return 2
    code: int = args.func(args)
    return code


def entry() -> int:
    """The `koffer-forms` command (imports run with bounded memory)."""
    return main(sys.argv[1:], enforce_limits=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(entry())
