"""Feature packages are rooms, not doors: their __init__.py holds a docstring only, so importing one module of a
feature (the parser, for a script or a benchmark) loads that module and what it imports, not the feature's views,
Flask-Security or the privacy module."""
import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FEATURES = ("auth", "beheer", "duo", "leveringen", "main", "meldingen", "trajecten", "voortgang")


def _loaded_by(module: str) -> list[str]:
    code = ("import json, sys; before = set(sys.modules); import " + module +
            "; print(json.dumps(sorted(set(sys.modules) - before)))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_importing_the_delivery_parser_loads_neither_flask_security_nor_the_privacy_module():
    loaded = _loaded_by("portal.leveringen.parse")
    assert "portal.leveringen.parse" in loaded
    assert not [m for m in loaded if m.split(".")[0] in ("flask_security", "dpia")]
    assert not [m for m in loaded if m.endswith(".views")]


@pytest.mark.parametrize("feature", FEATURES)
def test_a_feature_package_init_holds_only_its_docstring(feature):
    tree = ast.parse((ROOT / "portal" / feature / "__init__.py").read_text())
    assert len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr)
    assert isinstance(tree.body[0].value, ast.Constant) and isinstance(tree.body[0].value.value, str)
