"""The wheel (issue 11): built from this checkout, installed on its own, `medbot ask` answers from `/` with the
knowledge base it ships as package data, and writes its index to the user's data folder, not into the install."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT

KNOWLEDGE_FILES = sorted(path.name for path in (PROJECT_ROOT / "knowledge").glob("*.yaml"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("setuptools", minversion="70.1",
                        reason="building the wheel offline needs setuptools>=70.1: pip install -e '.[test]' again")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                    "--wheel-dir", str(out), str(PROJECT_ROOT)], check=True, capture_output=True)
    [built] = out.glob("meded_evidence_bot-*.whl")
    return built


def test_the_wheel_ships_the_knowledge_base_and_no_tests(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert sorted(n.split("/")[-1] for n in names if n.startswith("bot/default_knowledge/")) == KNOWLEDGE_FILES
    assert "bot/cli.py" in names and "commands/ask.py" in names
    assert "commands/moderation/__init__.py" in names and "commands/moderation/cog.py" in names
    assert not any(n.startswith(("tests/", "bench/", "knowledge/", "data/")) for n in names)


def test_the_installed_wheel_answers_from_the_root_folder(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)
    home = tmp_path / "home"
    env = {**os.environ, "PYTHONPATH": str(site), "HOME": str(home)}
    env.pop("XDG_DATA_HOME", None)
    code = ("import sys, bot; from bot.cli import main; "
            "assert bot.__file__.startswith(sys.argv[1]), bot.__file__; "
            "main(['ask', '--json', 'which tools were used most'])")
    result = subprocess.run([sys.executable, "-c", code, str(site)], cwd="/", env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["answered"] and "71%" in answer["text"] and "cheston-2013" in json.dumps(answer["sources"])
    assert (home / ".local" / "share" / "medbot" / "medbot.db").is_file()
    assert not list(site.rglob("*.db"))
