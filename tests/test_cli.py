"""The `medbot` command line, driven through click's CliRunner and, for the installed script, a real subprocess."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import main
from tests.helpers import CHESTON_CITATIONS, LINE, NEILL_CITATIONS, REPO_KNOWLEDGE, STAT0, write_config, write_source

NEILL_FIGURES = ["212", "41.5%", "15.6%", "9.4%", "<1%", "4,500", ">400", "34%", "74.4%"]
CHESTON_AMA = ("Cheston CC, Flickinger TE, Chisolm MS. Social media use in medical education: a systematic review. "
               "Acad Med. 2013;88(6):893-901.")


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """Settings for the repository's knowledge base, with the index inside tmp_path."""
    return write_config(tmp_path / "settings", REPO_KNOWLEDGE)


@pytest.fixture
def demo_config(tmp_path: Path) -> Path:
    """Settings for a one-study knowledge base written into tmp_path (relative paths, as users write them)."""
    write_source(tmp_path / "site" / "kb")
    return write_config(tmp_path / "site", "kb")


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input)


def ok(*args: str, input: str | None = None) -> Result:
    result = run(*args, input=input)
    assert result.exit_code == 0, result.output
    return result


def plain_error(result: Result, message: str) -> None:
    """A failure a person can read: a sentence, exit status 1, no traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert message in result.stderr
    assert "Traceback" not in result.output


# --- answers --------------------------------------------------------------------------------------------------------

def test_stats_tools(config: Path) -> None:
    out = ok("stats", "tools", "--config", str(config)).stdout
    for label, value in [("Blogs", "71%"), ("Wikis", "21%"), ("Twitter", "14%"), ("Facebook", "14%")]:
        assert re.search(rf"^\W*{label}\s.*\s{value}(\s|$)", out, re.MULTILINE), f"{label} {value} missing:\n{out}"
    assert f"Source: {CHESTON_AMA}" in out


def test_stats_tools_json(config: Path) -> None:
    data = json.loads(ok("stats", "tools", "--json", "--config", str(config)).stdout)
    assert data["source"] == "cheston-2013"
    assert [(s["label"], s["value"]) for s in data["stats"]] == [
        ("Blogs", "71%"), ("Wikis", "21%"), ("Twitter", "14%"), ("Facebook", "14%")]
    assert [s["count"] for s in data["stats"]] == [10, 3, 2, 2]
    assert all(s["derived"] for s in data["stats"])
    assert CHESTON_AMA in data["text"]


def test_study_neill_shows_every_figure(config: Path) -> None:
    out = ok("study", "neill-2014", "--config", str(config)).stdout
    for figure in NEILL_FIGURES:
        assert figure in out, figure
    for label in ["LinkedIn", "Twitter", "Website/blog", "Google Plus", "Tweets during the conference"]:
        assert label in out
    assert "Difficult to determine the significance and impact of Twitter" in out


def test_study_neill_json(config: Path) -> None:
    data = json.loads(ok("study", "neill-2014", "--json", "--config", str(config)).stdout)
    assert [s["value"] for s in data["stats"]] == ["41.5%", "15.6%", "9.4%", "<1%", "4,500", ">400", "34%", "74.4%"]
    assert "212" in data["text"]


def test_ask_json(config: Path) -> None:
    data = json.loads(ok("ask", "--json", "which tools were used most", "--config", str(config)).stdout)
    assert {"answered", "text", "source", "stats", "suggestions"} <= set(data)
    assert data["answered"] is True
    assert data["source"] == "cheston-2013"
    assert "Blogs" in data["text"] and "71%" in data["text"]
    assert {"label": "Blogs", "value": "71%"}.items() <= data["stats"][0].items()


def test_ask_without_a_question_is_a_usage_error(config: Path) -> None:
    result = run("ask", "--config", str(config))
    assert result.exit_code == 2
    assert "ask what?" in result.stderr


def test_ask_batch_prints_one_json_object_per_line(config: Path) -> None:
    questions = ["which tools were used most", "what % of speakers used LinkedIn", "what is the capital of France"]
    out = ok("ask", "--batch", "--config", str(config), input="\n".join(questions) + "\n").stdout
    answers = [json.loads(line) for line in out.splitlines()]
    assert len(answers) == 3
    assert all({"answered", "text", "source", "stats", "suggestions"} <= set(a) for a in answers)
    assert answers[0]["answered"] and "71%" in answers[0]["text"]
    assert answers[1]["answered"] and "41.5%" in answers[1]["text"]
    assert answers[2]["answered"] is False


@pytest.mark.parametrize("style", ["ama", "vancouver", "apa", "bibtex", "ris"])
def test_cite_every_style(config: Path, style: str) -> None:
    for study, citations in (("neill-2014", NEILL_CITATIONS), ("cheston-2013", CHESTON_CITATIONS)):
        assert ok("cite", study, "--style", style, "--config", str(config)).stdout == citations[style] + "\n"


def test_cite_defaults_to_ama_and_json(config: Path) -> None:
    assert ok("cite", "neill-2014", "--config", str(config)).stdout == NEILL_CITATIONS["ama"] + "\n"
    data = json.loads(ok("cite", "cheston-2013", "--style", "APA", "--json", "--config", str(config)).stdout)
    assert data == {"id": "cheston-2013", "style": "apa", "citation": CHESTON_CITATIONS["apa"]}


def test_cite_all_is_a_reference_list_or_an_importable_file(config: Path) -> None:
    ama = ok("cite", "all", "--config", str(config)).stdout.splitlines()
    assert ama[:2] == [f"1. {CHESTON_CITATIONS['ama']}", f"2. {NEILL_CITATIONS['ama']}"]
    assert ama[2].startswith("3. Rezaie S.")
    ris = ok("cite", "all", "--style", "ris", "--config", str(config)).stdout
    assert ris.startswith("TY  - JOUR\nAU  - Cheston, C. C.\n") and ris.count("ER  - ") == 3
    assert "UR  - https://www.aliem.com/social-media-can-make-impact-in-medicine/" in ris


def test_cite_unknown_style_is_refused_by_click(config: Path) -> None:
    result = run("cite", "neill-2014", "--style", "harvard", "--config", str(config))
    assert result.exit_code == 2
    assert "'harvard' is not one of" in result.stderr


def test_topics(config: Path) -> None:
    out = ok("topics", "--config", str(config)).stdout
    for topic in ["tools", "aims", "opportunities", "challenges", "speakers", "tweets"]:
        assert re.search(rf"^  {topic}\s", out, re.MULTILINE), topic
    assert re.search(r"^  neill-2014\s+Neill et al\. 2014: The impact of social media", out, re.MULTILINE)


def test_topics_json(config: Path) -> None:
    data = json.loads(ok("topics", "--json", "--config", str(config)).stdout)
    tools = next(t for t in data["topics"] if t["topic"] == "tools")
    assert tools == {"topic": "tools", "name": "Most common social media tools used (Cheston et al. 2013)",
                     "source": "cheston-2013", "stats": ["Blogs", "Wikis", "Twitter", "Facebook"]}
    assert {s["id"] for s in data["sources"]} == {"aliem-rezaie", "cheston-2013", "neill-2014"}


def test_limitations(config: Path) -> None:
    out = ok("limitations", "cheston-2013", "--config", str(config)).stdout
    for text in ["Only one randomized controlled trial reviewed", "No comparison group in evaluation of satisfaction",
                 "Studies included were too heterogeneous to perform sensitivity, subgroup or meta-analyses"]:
        assert text in out
    data = json.loads(ok("limitations", "neill-2014", "--json", "--config", str(config)).stdout)
    assert "Difficult to determine the significance and impact of Twitter on changing clinician practice patterns" \
        in data["text"]


@pytest.mark.parametrize("command", ["study", "limitations", "cite"])
def test_unknown_study_is_a_plain_error(config: Path, command: str) -> None:
    plain_error(run(command, "smith-1999", "--config", str(config)),
                "Error: no study 'smith-1999' in the knowledge base (known: aliem-rezaie, cheston-2013, neill-2014)")


def test_unknown_topic_is_a_plain_error(config: Path) -> None:
    plain_error(run("stats", "zzqx", "--config", str(config)), "Error: no topic matches 'zzqx'. Topics: tools,")


def test_a_post_without_limitations_is_a_plain_error(config: Path) -> None:
    plain_error(run("limitations", "aliem-rezaie", "--config", str(config)), "lists no limitations")


JSON_COMMANDS = [
    ["ask", "which tools were used most"], ["stats", "tools"], ["study", "neill-2014"], ["limitations", "neill-2014"],
    ["cite", "neill-2014"], ["topics"], ["kb", "validate"], ["kb", "build"],
]


@pytest.mark.parametrize("command", JSON_COMMANDS, ids=" ".join)
def test_json_on_every_command(config: Path, command: list[str]) -> None:
    data = json.loads(ok(*command, "--json", "--config", str(config)).stdout)
    assert isinstance(data, dict) and data


# --- configuration --------------------------------------------------------------------------------------------------

def test_relative_knowledge_dir_resolves_against_the_config_folder(tmp_path: Path, demo_config: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    data = json.loads(ok("study", "demo-2020", "--json", "--config", str(demo_config)).stdout)
    assert data["source"] == "demo-2020"
    assert [s["value"] for s in data["stats"]] == ["71%", "21%"]
    ok("kb", "build", "--config", str(demo_config))
    assert (tmp_path / "site" / "data" / "medbot.db").is_file()
    assert list(elsewhere.iterdir()) == []


def test_missing_config_file(tmp_path: Path) -> None:
    plain_error(run("topics", "--config", str(tmp_path / "nope.yaml")),
                f"Error: config file not found: {tmp_path / 'nope.yaml'}")


@pytest.mark.parametrize(("content", "message"), [
    ("knowledge_dir: [a, b]\n", ":1: knowledge_dir: expected a path, such as knowledge or data/medbot.db, found a list"),
    ("index_path: 5\n", ":1: index_path: expected a path, such as knowledge or data/medbot.db, found a number ('5')"),
    ("knowlege_dir: kb\n", ":1: knowlege_dir: unknown setting 'knowlege_dir' (did you mean 'knowledge_dir'?)"),
    ("knowledge_dir: [unclosed\n", "not valid YAML"),
    ("discord:\n  token: abc\n", "the Discord token never goes in a file"),
])
def test_bad_config_is_a_plain_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(content, encoding="utf-8")
    plain_error(run("topics", "--config", str(path)), message)


# --- kb validate ----------------------------------------------------------------------------------------------------

def test_validate_the_configured_knowledge_base(config: Path) -> None:
    out = ok("kb", "validate", "--config", str(config)).stdout
    assert re.fullmatch(r"OK: 3 sources, \d+ findings, \d+ statistics\n", out)


def test_validate_reports_every_problem_with_file_line_and_field(tmp_path: Path, config: Path) -> None:
    first = write_source(tmp_path / "kb", ("    value: 71%", "    vaule: 71%"))
    second = write_source(tmp_path / "kb", ("    count: 10", "    count: 9"), ("year: 2020", "year: 1492"),
                          name="other.yaml")
    result = run("kb", "validate", str(first), str(second), "--config", str(config))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "5 problems in the knowledge base:",
        f"  {first}:{LINE['value0']}: {STAT0}.vaule: unknown field 'vaule' (did you mean 'value'?)",
        f"  {first}:{LINE['stats[0]']}: {STAT0}.value: this field is required",
        f"  {second}:{LINE['count0']}: {STAT0}.count: 9 of 14 studies is 64.3%, which does not agree with 71%",
        f"  {second}:{LINE['year']}: year: 1492 is out of range (1800 to 2200)",
        f"  {second}:1: id: the id 'demo-2020' must match the file name ('other')",
    ]


def test_validate_json_lists_problems(tmp_path: Path, config: Path) -> None:
    path = write_source(tmp_path, ("    value: 21%", "    value: 101%"))
    result = run("kb", "validate", str(path), "--json", "--config", str(config))
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {"ok": False, "problems": [{
        "file": str(path), "line": LINE["value1"], "field": "findings[0].stats[1].value",
        "message": "101% is not a percentage between 0 and 100",
    }], "more": 0}


def test_validate_a_good_file(tmp_path: Path, config: Path) -> None:
    out = ok("kb", "validate", str(write_source(tmp_path)), "--config", str(config)).stdout
    assert out == "OK: 1 sources, 1 findings, 2 statistics\n"


def hostile(tmp_path: Path, kind: str) -> Path:
    """A file that must be refused cleanly."""
    path = tmp_path / f"{kind}.yaml"
    if kind == "huge":
        with open(path, "wb") as handle:
            handle.truncate(50 * 1024 * 1024)
    elif kind == "binary":
        path.write_bytes(bytes(range(256)) * 4)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "bomb":
        lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        lines += [f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi", strict=True)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif kind == "deep":
        path.write_text("id: " + "[" * 500 + "]" * 500 + "\n", encoding="utf-8")
    elif kind == "python":
        path.write_text("id: demo\ntitle: !!python/object/apply:os.getcwd []\n", encoding="utf-8")
    elif kind == "syntax":
        path.write_text("id: demo\ntitle: [unclosed\nkind: study\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("kind", "located"), [
    ("huge", "huge.yaml: file is too large (52,428,800 bytes; a knowledge file may be at most 1,000,000 bytes)"),
    ("binary", "binary.yaml: this is a binary file, not YAML text"),
    ("empty", "empty.yaml: file is empty"),
    ("bomb", "bomb.yaml:1: anchors and aliases (& and *) are not allowed in knowledge files"),
    ("deep", "deep.yaml:1: nesting is deeper than 20 levels"),
    ("python", "python.yaml:2: the tag 'tag:yaml.org,2002:python/object/apply:os.getcwd' is not allowed"),
    ("syntax", "syntax.yaml:3: YAML syntax error: while parsing a flow sequence, "),
])
def test_validate_refuses_hostile_files_cleanly(tmp_path: Path, config: Path, kind: str, located: str) -> None:
    path = hostile(tmp_path, kind)
    result = run("kb", "validate", str(path), "--config", str(config))
    plain_error(result, f"  {tmp_path}/{located}")
    assert result.stderr.startswith("1 problem in the knowledge base:\n")


def test_validate_syntax_error_names_line_and_column(tmp_path: Path, config: Path) -> None:
    result = run("kb", "validate", str(hostile(tmp_path, "syntax")), "--config", str(config))
    assert result.exit_code == 1
    assert result.stderr.rstrip().endswith("(line 3, column 5)")


def test_validate_missing_path(tmp_path: Path, config: Path) -> None:
    plain_error(run("kb", "validate", str(tmp_path / "gone"), "--config", str(config)),
                f"{tmp_path / 'gone'}: no such file or folder")


# --- kb build -------------------------------------------------------------------------------------------------------

def test_build(tmp_path: Path, config: Path) -> None:
    result = ok("kb", "build", "--config", str(config))
    index = tmp_path / "settings" / "data" / "medbot.db"
    assert result.stdout.startswith(f"Built {index}: 3 sources, ")
    assert "building the full-text index" in result.stderr
    data = json.loads(ok("kb", "build", "--json", "--config", str(config)).stdout)
    assert data["index"] == str(index)
    assert data["tables"]["sources"] == 3 and data["tables"]["limitations"] == 4


def test_rejected_knowledge_base_leaves_the_old_index_untouched(tmp_path: Path, demo_config: Path) -> None:
    ok("kb", "build", "--config", str(demo_config))
    index = tmp_path / "site" / "data" / "medbot.db"
    before = index.read_bytes()
    write_source(tmp_path / "site" / "kb", ("    count: 10", "    count: 11"))
    result = run("kb", "build", "--config", str(demo_config))
    plain_error(result, f"{STAT0}.count: 11 of 14 studies is 78.6%, which does not agree with 71%")
    assert index.read_bytes() == before
    assert sorted(p.name for p in index.parent.iterdir()) == ["medbot.db"]


def test_build_over_a_file_that_is_not_an_index(tmp_path: Path, demo_config: Path) -> None:
    index = tmp_path / "site" / "data" / "medbot.db"
    index.parent.mkdir(parents=True)
    index.write_text("my notes\n" * 100, encoding="utf-8")
    plain_error(run("kb", "build", "--config", str(demo_config)), "is not a readable SQLite index")
    assert index.read_text(encoding="utf-8") == "my notes\n" * 100


# --- the installed script, in a real process ------------------------------------------------------------------------

def medbot_script() -> str:
    script = shutil.which("medbot", path=str(Path(sys.executable).parent))
    assert script is not None, "the medbot console script is not installed next to this Python"
    return script


def test_installed_console_script(tmp_path: Path, config: Path) -> None:
    done = subprocess.run([medbot_script(), "stats", "tools", "--config", str(config)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert re.search(r"Blogs\s.*71%", done.stdout)
    assert CHESTON_AMA in done.stdout


def test_installed_console_script_error_has_no_traceback(tmp_path: Path, config: Path) -> None:
    done = subprocess.run([medbot_script(), "study", "nope", "--config", str(config)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.startswith("Error: no study 'nope' in the knowledge base")
    assert "Traceback" not in done.stderr


def test_ask_never_imports_discord(tmp_path: Path, config: Path) -> None:
    program = (
        "import json, sys\n"
        "from bot.cli import main\n"
        f"main(['ask', '--json', '--config', {str(config)!r}, 'which tools were used most'], standalone_mode=False)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('discord', 'aiohttp'))))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_KNOWLEDGE.parent)}
    done = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    answer, modules = done.stdout.splitlines()
    assert json.loads(answer)["answered"] is True
    assert json.loads(modules) == []


def test_a_fault_while_answering_is_a_sentence_and_a_batch_goes_on(config: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.evidence import Evidence

    real_ask = Evidence.ask

    def ask(self: Evidence, question: str):  # noqa: ANN202 - stands in for Evidence.ask
        if "boom" in question:
            raise IndexError("tuple index out of range")
        return real_ask(self, question)

    monkeypatch.setattr(Evidence, "ask", ask)
    out = ok("ask", "--batch", "--config", str(config), input="boom\nwhich tools were used most\n").stdout
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["answered"] is False and "something went wrong" in first["text"] and "IndexError" in first["text"]
    assert second["answered"] and "71%" in second["text"]
    plain_error(run("ask", "--config", str(config), "boom"), "something went wrong while answering")
