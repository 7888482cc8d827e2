"""Load template YAML files safely into the models, reporting problems as `file:line: message`.

Loading is defensive because templates come from admins' editors and from the network:
size and encoding are checked first, YAML is scanned as an event stream (so deep nesting
and alias bombs are rejected before any tree is built), duplicate keys are errors (a plain
YAML loader silently keeps the last one), pydantic errors are mapped back to the line of
the offending key, and every expression is compiled so it fails here, not in the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from forms.engine import Loc, compile_with_locations
from forms.errors import Problem, TemplateError
from forms.model import Template

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml is in the wheel on every target
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: Largest template file accepted.
MAX_BYTES = 5 * 1024 * 1024
#: Deepest nesting of YAML mappings and lists.
MAX_DEPTH = 20

_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)
_NEST = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_UNNEST = (yaml.MappingEndEvent, yaml.SequenceEndEvent)

#: Up to this many levels the node tree is built directly (the builder then checks the
#: depth); beyond, the event stream is scanned first so nothing recurses that deep.
_SAFE_COMPOSE_DEPTH = 2000

_PREFIX = re.compile(r"^(Value error|Assertion failed), ")


def load_template(path: str | Path) -> Template:
    """Load and check one template file.

    Raises:
        TemplateError: with every problem found, each with file and line.
    """
    path = Path(path)
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _fail(source, 1, f"file is larger than {MAX_BYTES // (1024 * 1024)} MB")
        data = path.read_bytes()
    except OSError as error:
        raise _fail(source, 1, f"cannot read file: {error.strerror or error}") from None
    if len(data) > MAX_BYTES:
        raise _fail(source, 1, f"file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise _fail(source, line, "file is not valid UTF-8 text") from None
    return load_template_text(text.removeprefix("\ufeff"), source)


def load_template_text(text: str, source: str = "<text>") -> Template:
    """Load and check a template from YAML text; `source` names it in problems.

    Raises:
        TemplateError: with every problem found, each with file and line.
    """
    if len(text) > MAX_BYTES:
        raise _fail(source, 1, f"template is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if _nesting_bound(text) > _SAFE_COMPOSE_DEPTH:
        _scan(text, source)
    try:
        node = yaml.compose(text, Loader=_Loader)
        if node is None:
            raise _fail(source, 1, "file is empty")
        if not isinstance(node, yaml.MappingNode):
            raise _fail(source, _line(node), "a template is a YAML mapping (key: value lines)")
        lines: dict[Loc, int] = {}
        problems: list[Problem] = []
        data = _Builder(lines, problems, source).build(node, ())
        if problems:
            raise TemplateError(problems)
    except yaml.YAMLError as error:
        raise _yaml_problem(error, source) from None
    except RecursionError:  # pragma: no cover - nesting is bounded by _scan
        raise _fail(source, 1, f"nesting deeper than {MAX_DEPTH}") from None
    problems = _duplicate_ids(data, lines, source)
    try:
        template = Template.model_validate(data)
    except ValidationError as error:
        problems.extend(_pydantic_problems(error, lines, source, skip_duplicates=bool(problems)))
        raise TemplateError(sorted(problems, key=lambda p: p.line)) from None
    if problems:
        raise TemplateError(problems)
    _, located = compile_with_locations(template)
    if located:
        raise TemplateError(
            sorted(
                (Problem(source, _line_of(loc, lines), message) for loc, message in located),
                key=lambda p: p.line,
            )
        )
    return template


def load_files(paths: Iterable[Path]) -> tuple[list[tuple[Path, Template]], list[Problem]]:
    """Load every file; collect problems instead of stopping at the first bad one.

    A second file with an (id, version) already loaded is a problem too: a catalog can
    hold each version of a form only once.
    """
    loaded: list[tuple[Path, Template]] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str], Path] = {}
    for path in paths:
        try:
            template = load_template(path)
        except TemplateError as error:
            problems.extend(error.problems)
            continue
        if template.key in seen:
            problems.append(
                Problem(
                    str(path),
                    1,
                    f"template {template.id} {template.version} is also in {seen[template.key]}",
                )
            )
            continue
        seen[template.key] = path
        loaded.append((path, template))
    return loaded, problems


def load_catalog(folder: str | Path) -> list[Template]:
    """Every template (`*.yaml`, `*.yml`) in `folder`, sorted by title.

    Raises:
        TemplateError: with the problems of every bad file, and duplicate (id, version).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise _fail(str(folder), 1, "not a folder")
    loaded, problems = load_files(sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]))
    if problems:
        raise TemplateError(problems)
    return sorted((t for _, t in loaded), key=lambda t: (t.title.casefold(), t.id))


# -- helpers ------------------------------------------------------------------------------


def _fail(source: str, line: int, message: str) -> TemplateError:
    return TemplateError([Problem(source, line, message)])


def _line(node: yaml.Node | yaml.Event | None) -> int:
    if node is None or node.start_mark is None:
        return 1
    return int(node.start_mark.line) + 1


def _yaml_problem(error: yaml.YAMLError, source: str) -> TemplateError:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = int(mark.line) + 1 if mark is not None else 1
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    message = f"malformed YAML: {context + ', ' if context else ''}{problem}"
    return _fail(source, line, message)


def _nesting_bound(text: str) -> int:
    """An upper bound of the YAML nesting depth, computed without parsing.

    Each block level starts at a larger column than its parent, so block depth is at most
    the longest line; each flow level needs a bracket. Quoted brackets only over-count.
    """
    longest = max((len(line) for line in text.splitlines()), default=0)
    return longest + 1 + text.count("[") + text.count("{")


def _scan(text: str, source: str) -> None:
    """Reject deep nesting and aliases from the event stream, before building a tree."""
    loader = _Loader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            cls = event.__class__
            if cls in _NEST:
                depth += 1
                if depth > MAX_DEPTH:
                    raise _fail(source, _line(event), f"nesting deeper than {MAX_DEPTH}")
            elif cls in _UNNEST:
                depth -= 1
            elif cls is yaml.AliasEvent:
                raise _fail(source, _line(event), "YAML aliases (*name) are not allowed")
    except yaml.YAMLError as error:
        raise _yaml_problem(error, source) from None
    finally:
        loader.dispose()


class _Builder:
    """Python values from the node tree, recording the line of every key and list item.

    Faster than PyYAML's constructor (most scalars are plain text) and it reports
    duplicate keys, which the constructor silently overwrites.
    """

    def __init__(self, lines: dict[Loc, int], problems: list[Problem], source: str) -> None:
        self.lines = lines
        self.problems = problems
        self.source = source
        self.constructor = _Loader("")
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, path: Loc) -> Any:
        if id(node) in self.seen:
            # The composer returns the anchored node again for an alias.
            raise _fail(self.source, _line(node), "YAML aliases (*name) are not allowed")
        self.seen.add(id(node))
        if node.tag not in _STANDARD_TAGS:
            raise _fail(self.source, _line(node), f"YAML tag '{node.tag}' is not allowed")
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR_TAG:
                return node.value
            return self.constructor.construct_object(node)
        if len(path) >= MAX_DEPTH:
            raise _fail(self.source, _line(node), f"nesting deeper than {MAX_DEPTH}")
        if isinstance(node, yaml.SequenceNode):
            out: list[Any] = []
            for index, item in enumerate(node.value):
                self.lines[(*path, index)] = item.start_mark.line + 1
                out.append(self.build(item, (*path, index)))
            return out
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        raise _fail(self.source, _line(node), "unsupported YAML node")  # pragma: no cover

    def mapping(self, node: yaml.MappingNode, path: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.source, line, "keys must be plain text"))
                continue
            key = str(key_node.value)
            if key == "<<" and key_node.tag == _MERGE_TAG:
                self.problems.append(Problem(self.source, line, "YAML merge keys are not allowed"))
                continue
            if key in seen:
                self.problems.append(
                    Problem(self.source, line, f"duplicate key '{key}' (first on line {seen[key]})")
                )
                continue
            seen[key] = line
            self.lines[(*path, key)] = line
            result[key] = self.build(value_node, (*path, key))
        return result


def _line_of(loc: Loc, lines: dict[Loc, int]) -> int:
    """Line of the longest known prefix of `loc` (pydantic adds union branch names)."""
    for end in range(len(loc), 0, -1):
        line = lines.get(loc[:end])
        if line is not None:
            return line
    return 1


def _known_prefix(loc: Loc, lines: dict[Loc, int]) -> Loc:
    for end in range(len(loc), 0, -1):
        if loc[:end] in lines:
            return loc[:end]
    return ()


def _format_loc(loc: Loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _pydantic_problems(
    error: ValidationError, lines: dict[Loc, int], source: str, *, skip_duplicates: bool
) -> list[Problem]:
    """One problem per location; the branches of a union error are merged into one."""
    grouped: dict[Loc, tuple[Loc, list[str]]] = {}
    for item in error.errors(include_url=False):
        loc: Loc = tuple(item["loc"])
        message = _PREFIX.sub("", str(item["msg"]))
        if skip_duplicates and "duplicate" in message and not loc:
            continue
        if item["type"] == "extra_forbidden":
            message = f"unknown key '{loc[-1] if loc else '?'}'"
            prefix = key = loc
        elif item["type"] == "missing":
            prefix, key = loc[:-1], loc
            message = f"missing key '{loc[-1]}'" if loc else message
        elif item["type"] == "string_type" and isinstance(item.get("input"), int | float):
            message += ' (write it in quotes, e.g. "1.0.0")'
            prefix = key = loc
        else:
            # The branches of a union fail one by one; report them as one problem.
            prefix = key = loc if loc in lines else _known_prefix(loc, lines)
        where, messages = grouped.setdefault(key, (prefix, []))
        if message not in messages:
            messages.append(message)
    problems = []
    for where, messages in grouped.values():
        text = messages[0] if len(messages) == 1 else " / ".join(messages[:3])
        place = _format_loc(where)
        problems.append(
            Problem(source, _line_of(where, lines), f"{place}: {text}" if place else text)
        )
    return problems


def _duplicate_ids(data: Any, lines: dict[Loc, int], source: str) -> list[Problem]:
    """Duplicate section and field ids, each reported at its own line."""
    problems: list[Problem] = []
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list):
        return problems
    seen: dict[str, int] = {}

    def note(value: Any, loc: Loc) -> None:
        if not isinstance(value, str):
            return
        line = _line_of((*loc, "id"), lines)
        if value in seen:
            problems.append(
                Problem(source, line, f"duplicate id '{value}' (first on line {seen[value]})")
            )
        else:
            seen[value] = line

    documents = data.get("documents")
    doc_seen: dict[str, int] = {}
    for di, doc in enumerate(documents if isinstance(documents, list) else []):
        doc_id = doc.get("id") if isinstance(doc, dict) else None
        if isinstance(doc_id, str):
            line = _line_of(("documents", di, "id"), lines)
            if doc_id in doc_seen:
                problems.append(
                    Problem(
                        source,
                        line,
                        f"duplicate document id '{doc_id}' (first on line {doc_seen[doc_id]})",
                    )
                )
            else:
                doc_seen[doc_id] = line
    for si, section in enumerate(data["sections"]):
        if not isinstance(section, dict):
            continue
        note(section.get("id"), ("sections", si))
        fields = section.get("fields")
        for fi, field in enumerate(fields if isinstance(fields, list) else []):
            if not isinstance(field, dict):
                continue
            note(field.get("id"), ("sections", si, "fields", fi))
            members = field.get("fields")
            for mi, member in enumerate(members if isinstance(members, list) else []):
                if isinstance(member, dict):
                    note(member.get("id"), ("sections", si, "fields", fi, "fields", mi))
    return problems
