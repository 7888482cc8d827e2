"""Forms engine: validation of a large form, catalog loading, catalog search."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from bench.harness import Result, median, ms, samples
from forms import catalog_dir
from forms.engine import compile_template
from forms.loader import load_catalog, load_template_text
from forms.model import Template
from forms.search import CatalogIndex
from tests.helpers.forms_factory import make_answers, make_template, template_dict, template_yaml

TITLE = "Forms engine (validation, catalog loading, search)"

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 /-]{3,30}$")
_PLZ = re.compile(r"^\d{5}$")


def _plain_check(kind: str, value: Any, options: frozenset[str]) -> bool:
    """What a hand-written validator would do per value: parse and type-check only."""
    try:
        if kind == "integer":
            return isinstance(value, int) and not isinstance(value, bool)
        if kind in ("decimal", "currency"):
            Decimal(str(value))
            return True
        if kind == "date":
            dt.date.fromisoformat(value)
            return True
        if kind == "boolean":
            return isinstance(value, bool)
        if kind == "choice":
            return value in options
        if kind == "multichoice":
            return all(v in options for v in value)
        if kind == "email":
            return bool(_EMAIL.match(value))
        if kind == "phone":
            return bool(_PHONE.match(value))
        if kind == "postal_code":
            return bool(_PLZ.match(value))
        return isinstance(value, str)
    except (InvalidOperation, ValueError, TypeError):
        return False


def _baseline_validator(template: Template) -> Any:
    plan: list[tuple[str, str, frozenset[str], list[tuple[str, str, frozenset[str]]]]] = []
    for section in template.sections:
        for f in section.fields:
            members: list[tuple[str, str, frozenset[str]]] = [
                (m.id, m.type, frozenset(o.value for o in m.options)) for m in f.fields
            ]
            plan.append((f.id, f.type, frozenset(o.value for o in f.options), members))

    def validate(answers: dict[str, Any]) -> int:
        bad = 0
        for fid, kind, options, members in plan:
            value = answers.get(fid)
            if value is None:
                continue
            if kind == "group":
                for row in value:
                    for mid, mkind, moptions in members:
                        v = row.get(mid)
                        if v is not None and not _plain_check(mkind, v, moptions):
                            bad += 1
            elif not _plain_check(kind, value, options):
                bad += 1
        return bad

    return validate


def _validation() -> list[Result]:
    template = make_template(300, groups=3, members=5)
    compiled = compile_template(template)
    answers = make_answers(template, rows=4)
    today = dt.date(2026, 6, 15)
    assert compiled.evaluate(answers, today=today).findings == []
    baseline = _baseline_validator(template)
    assert baseline(answers) == 0
    engine_t = samples(lambda: compiled.evaluate(answers, today=today), repeat=300)
    base_t = samples(lambda: baseline(answers), repeat=300)
    broken = dict(answers)
    for key in list(broken)[::3]:
        broken[key] = "kaputt"
    broken_t = samples(lambda: compiled.evaluate(broken, today=today), repeat=300)
    n_answers = 285 + 3 * 4 * 5
    results = [
        Result(
            "validate 300-field form (3 repeat groups × 4 rows, all valid), median",
            ms(median(engine_t)),
            "ms",
            target="< 2 ms",
            baseline_name="plain type-check loop",
            baseline_value=ms(median(base_t)),
            met=ms(median(engine_t)) < 2.0,
            notes=f"{n_answers} answers; relevance, computed, constraints, completeness",
        ),
        Result(
            "validate the same form, every 3rd answer broken, median",
            ms(median(broken_t)),
            "ms",
            target="< 2 ms",
            baseline_name="plain type-check loop",
            baseline_value=ms(median(base_t)),
            met=ms(median(broken_t)) < 2.0,
            notes="findings built for about 100 answers",
        ),
    ]
    text = template_yaml(300, groups=3, members=5)
    load_t = samples(lambda: load_template_text(text, "synthetic.yaml"), repeat=20)
    compile_t = samples(lambda: compile_template(template), repeat=20)
    model_t = samples(
        lambda: Template.model_validate(template_dict(300, groups=3, members=5)), repeat=20
    )
    results.append(
        Result(
            "load + check one 300-field template (YAML → model → compiled), median",
            ms(median(load_t)),
            "ms",
            baseline_name="pydantic model_validate only",
            baseline_value=ms(median(model_t)),
            notes=f"compile_template alone: {ms(median(compile_t)):.2f} ms",
        )
    )
    return results


def _catalog() -> list[Result]:
    folder = catalog_dir()
    files = sorted(folder.glob("*.yaml"))
    generated = False
    if not files:  # pragma: no cover - the catalog is normally there
        generated = True
        folder = Path(__file__).resolve().parent / "_generated_catalog"
        folder.mkdir(exist_ok=True)
        for i in range(20):
            (folder / f"t{i}.yaml").write_text(
                template_yaml(40, groups=1, members=4).replace("id: synthetic", f"id: t-{i}"),
                encoding="utf-8",
            )
        files = sorted(folder.glob("*.yaml"))
    texts = [p.read_text(encoding="utf-8") for p in files]
    load_t = samples(lambda: load_catalog(folder), repeat=10, warmup=1)
    base_t = samples(
        lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts],
        repeat=10,
        warmup=1,
    )
    templates = load_catalog(folder)
    note = "generated templates (catalog empty)" if generated else f"{len(files)} shipped files"
    results = [
        Result(
            "load whole catalog (safe YAML, line map, models, compile), median",
            ms(median(load_t)),
            "ms",
            target="< 200 ms",
            baseline_name="yaml CSafeLoader only",
            baseline_value=ms(median(base_t)),
            met=ms(median(load_t)) < 200,
            notes=note,
        )
    ]
    # Search over 50 templates: the shipped ones, padded with renamed copies.
    pool = list(templates)
    i = 0
    while len(pool) < 50:
        source = templates[i % len(templates)]
        pool.append(source.model_copy(update={"id": f"{source.id[:50]}-{i}"}))
        i += 1
    index = CatalogIndex(pool)
    queries = ["Miete", "Mitzuschuss", "wohngelt", "Pflegegrad", "Rundfunk Befreiung"]
    search_t = samples(lambda: [index.search(q) for q in queries], repeat=50)
    titles = [(t, t.title.casefold()) for t in pool]
    plain_t = samples(
        lambda: [[t for t, title in titles if q.casefold() in title] for q in queries], repeat=50
    )
    per_query = ms(median(search_t)) / len(queries)
    results.append(
        Result(
            "search 50 templates (typo-tolerant), per query, median",
            per_query,
            "ms",
            target="< 2 ms",
            baseline_name="substring match on titles",
            baseline_value=ms(median(plain_t)) / len(queries),
            met=per_query < 2.0,
            notes="queries: " + ", ".join(queries),
        )
    )
    return results


def run() -> list[Result]:
    """All forms benchmarks."""
    return _validation() + _catalog()
