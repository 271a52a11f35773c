"""The door between portal/ and dpia/ holds: the import-linter contracts of pyproject.toml ([tool.importlinter]) are
kept, so `make test` alone fails on a portal module that imports dpia (also inside a function) or a dpia module that
reaches into a portal feature's internals."""
import os
from pathlib import Path

from importlinter import cli

ROOT = Path(__file__).resolve().parents[2]


def test_portal_and_dpia_keep_their_import_contracts(capsys):
    cwd = os.getcwd()
    os.chdir(ROOT)  # import-linter reads pyproject.toml and finds the packages from the working directory
    try:
        code = cli.lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    finally:
        os.chdir(cwd)
    assert code == cli.EXIT_STATUS_SUCCESS, capsys.readouterr().out
