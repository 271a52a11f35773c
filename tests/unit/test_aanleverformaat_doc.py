"""docs/aanleverformaat.md against the code: every soort, column, required flag, code list and error code the import
knows is documented, and the document's tables name nothing the code does not know."""
from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

from portal import bsn, codes
from portal.leveringen import export, foutcodes, parse, validate

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "aanleverformaat.md"
# Where the import and its callers raise codes: Fout(line, column, code, …), report.add(mask, column, code, …),
# flag(mask, column, code, …), _file_error(code, …), ServiceError(code, …).
SOURCES = [*sorted((ROOT / "portal" / "leveringen").glob("*.py")), ROOT / "portal" / "api" / "aanleveringen.py"]
_CODE_ARGUMENT = {"Fout": 2, "add": 2, "flag": 2, "_file_error": 0, "ServiceError": 0}
_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|(.*)\|\s*$")


def _raised_codes() -> set[str]:
    found = {bsn.CODE}
    for source in SOURCES:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            position = _CODE_ARGUMENT.get(name)
            if position is not None and len(node.args) > position:
                argument = node.args[position]
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    found.add(argument.value)
    for soort in parse.SOORTEN:  # the per-column problems validation names in its own table
        for name in parse.columns(soort):
            kind = export.kind(soort, name)
            found |= {code for code, _ in validate._messages(name, kind, parse.dt.date(2026, 1, 1)).values()}  # noqa: SLF001
    return found


def _sections(text: str) -> dict[str, list[str]]:
    """The lines under each `## ` heading, by heading."""
    sections: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            sections[current] = []
        elif current:
            sections[current].append(line)
    return sections


def _table(lines: list[str]) -> list[list[str]]:
    """The rows of the section's tables whose first cell is a `code`, split into cells (escaped | kept)."""
    rows = []
    for line in lines:
        if _ROW.match(line):
            cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
            rows.append([cell.strip() for cell in cells])
    return rows


def _problems(text: str) -> list[str]:
    problems = []
    sections = _sections(text)
    documented_soorten = {m.group(1): title for title in sections if (m := re.match(r"Soort `([^`]+)`", title))}
    problems += [f"soort {s} not documented" for s in parse.SOORTEN if s not in documented_soorten]
    problems += [f"soort {s} unknown to the code" for s in documented_soorten if s not in parse.SOORTEN]
    for soort, title in documented_soorten.items():
        if soort not in parse.SOORTEN:
            continue
        rows = {row[0].strip("`"): row for row in _table(sections[title])}
        expected = dict(parse.COLUMNS[soort])
        problems += [f"{soort}.{name} not documented" for name in expected if name not in rows]
        problems += [f"{soort}.{name} unknown to the code" for name in rows if name not in expected]
        if f"Sleutel: ({', '.join(validate.natural_key_columns(soort))})." not in "\n".join(sections[title]):
            problems.append(f"{soort}: natural key not documented")
        for name, row in rows.items():
            if name not in expected:
                continue
            _kolom, _label, verplicht, in_kopregel, _inhoud, waarden, sleutel, *_ = row
            if verplicht != export.verplicht(soort, name):
                problems.append(f"{soort}.{name}: verplicht is '{export.verplicht(soort, name)}', doc '{verplicht}'")
            if in_kopregel != ("ja" if expected[name] else "nee"):
                problems.append(f"{soort}.{name}: header flag differs")
            if sleutel != ("ja" if name in validate.natural_key_columns(soort) else "nee"):
                problems.append(f"{soort}.{name}: natural key flag differs")
            kind = export.kind(soort, name)
            allowed = codes.values(kind) if isinstance(kind, type) else []
            if re.findall(r"`([^`]+)`", waarden) != allowed:
                problems.append(f"{soort}.{name}: code list is {allowed}, doc {waarden}")
    documented_codes = {row[0].strip("`") for row in _table(sections.get("Foutcodes", []))}
    raised = _raised_codes()
    problems += [f"error code {code} not documented" for code in sorted(raised - documented_codes)]
    problems += [f"error code {code} unknown to the code" for code in sorted(documented_codes - raised)]
    return problems


def _renderer():
    spec = importlib.util.spec_from_file_location("aanleverformaat_script", ROOT / "scripts" / "aanleverformaat.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_document_names_every_soort_column_required_flag_code_list_and_error_code_of_the_code_and_nothing_else():
    assert _problems(DOC.read_text(encoding="utf-8")) == []


def test_the_check_reports_an_undocumented_column_an_unknown_column_a_wrong_code_list_and_an_undocumented_code():
    text = DOC.read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines()
                     if not line.startswith("| `aantal_keer_verzuim` |") and not line.startswith("| `overlap` |"))
    text = text.replace("| `score` |", "| `score_extra` | x | nee | nee | x | — | nee | x |\n| `score` |", 1)
    text = text.replace("`behaald` (Behaald), ", "", 1)
    text = text.replace("| `verboden` |", "| `verzonnen_code` | x |\n| `verboden` |", 1)
    problems = _problems(text)
    assert "aanwezigheid.aantal_keer_verzuim not documented" in problems
    assert "toets.score_extra unknown to the code" in problems
    assert any(p.startswith("toets.resultaat: code list") for p in problems)
    assert "error code overlap not documented" in problems
    assert "error code verzonnen_code unknown to the code" in problems


def test_every_error_code_the_import_raises_has_a_meaning_and_every_meaning_belongs_to_a_raised_code():
    assert set(foutcodes.FOUTCODES) == _raised_codes()


def test_the_document_is_what_the_script_renders_from_the_code():
    assert DOC.read_text(encoding="utf-8") == _renderer().render(), "run .venv/bin/python scripts/aanleverformaat.py"
