"""Validation of one knowledge file: every bad input is reported with its file, line, field path and a clear message."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.schema import Value, parse_value, source_from_yaml
from bot.yaml_source import parse_yaml_text
from tests.helpers import (
    LINE,
    MINIMAL_SOURCE,
    STAT0,
    find_problem,
    load_ok,
    mutate,
    only_problem,
    problems,
    write_source,
)


def check(path: Path, line: int, field: str, message: str) -> None:
    """``path`` has exactly one problem, at ``line`` and ``field``, with exactly ``message``."""
    problem = only_problem(path)
    assert (problem.file, problem.line, problem.field, problem.message) == (str(path), line, field, message)
    assert str(problem) == f"{path}:{line}: {field}: {message}"


# --- figures as written ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "qualifier", "number", "percent", "decimals"), [
    ("71%", "", "71", True, 0),
    ("41.5%", "", "41.5", True, 1),
    ("<1%", "<", "1", True, 0),
    (">400", ">", "400", False, 0),
    ("4,500", "", "4500", False, 0),
    ("1,234,567.25", "", "1234567.25", False, 2),
    ("<=5", "<=", "5", False, 0),
    (">=99.9%", ">=", "99.9", True, 1),
    ("~3", "~", "3", False, 0),
    (" 14 ", "", "14", False, 0),
])
def test_parse_value_keeps_the_figure_as_written(written: str, qualifier: str, number: str, percent: bool,
                                                 decimals: int) -> None:
    value = parse_value(written)
    assert value == Value(written.strip(), qualifier, Decimal(number), percent)
    assert value.decimals == decimals
    assert str(value) == written.strip()


@pytest.mark.parametrize("written", ["71 %", "< 1%", "abc", "4,50", "45,00", "-5%", "", "%", "1.%", "≤1%", "71%%"])
def test_parse_value_refuses_what_it_cannot_keep_exactly(written: str) -> None:
    assert parse_value(written) is None


def test_minimal_source_loads_into_records(tmp_path: Path) -> None:
    [source] = load_ok(write_source(tmp_path)).sources
    assert (source.id, source.kind, source.title, source.authors) == (
        "demo-2020", "study", "A demo study: tools used", ("Doe JA", "Roe R"))
    assert (source.year, source.volume, source.issue, source.pages) == (2020, "1", "2", "10-20")
    [finding] = source.findings
    assert str(finding.denominator) == "14 studies"
    blogs, wikis = finding.stats
    assert (blogs.label, blogs.value.text, blogs.count, blogs.derived) == ("Blogs", "71%", 10, True)
    assert (wikis.label, wikis.value.text, wikis.count, wikis.derived) == ("Wikis", "21%", None, False)
    assert finding.denominator_of(wikis) == finding.denominator
    assert source.limitations == ("Small sample",)
    assert source.short_name == "Doe et al. 2020"


# --- unknown keys ---------------------------------------------------------------------------------------------------

def test_typo_in_a_stat_field_suggests_the_right_name(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("    value: 71%\n", "    vaule: 71%\n"))
    found = problems(path)
    typo = find_problem(found, f"{STAT0}.vaule", "unknown field 'vaule' (did you mean 'value'?)")
    assert typo.line == LINE["value0"]
    missing = find_problem(found, f"{STAT0}.value", "this field is required")
    assert missing.line == LINE["stats[0]"]
    assert len(found) == 2


def test_typo_in_a_top_level_field(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("conclusion:", "conclusoin:"))
    check(path, LINE["conclusion"], "conclusoin", "unknown field 'conclusoin' (did you mean 'conclusion'?)")


def test_typo_in_a_denominator_field(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("    unit: studies\n", "    units: studies\n"))
    found = problems(path)
    assert find_problem(found, "findings[0].denominator.units", "did you mean 'unit'?").line == LINE["unit"]
    assert find_problem(found, "findings[0].denominator.unit", "this field is required").line == LINE["denominator"]


def test_unknown_field_with_no_near_name_lists_the_allowed_ones(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("    derived: true\n", "    derived: true\n    zzz: 1\n"))
    check(path, LINE["derived0"] + 1, f"{STAT0}.zzz",
          "unknown field 'zzz' (allowed: label, value, unit, count, derived, denominator, aliases, note)")


# --- required fields and types --------------------------------------------------------------------------------------

def test_missing_required_field_points_at_its_parent(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("title: 'A demo study: tools used'\n", ""))
    check(path, 1, "title", "this field is required")


def test_empty_author_list(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("authors:\n- Doe JA\n- Roe R\n", "authors: []\n"))
    check(path, LINE["authors"], "authors", "this list is empty; it needs at least one entry")


def test_empty_stats_list(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("  stats:\n", "  stats: []\n  old_stats:\n"))
    found = problems(path)
    assert find_problem(found, "findings[0].stats", "this list is empty").line == LINE["stats"]


@pytest.mark.parametrize(("change", "line", "field", "message"), [
    (("year: 2020", "year: twenty"), LINE["year"], "year", "expected a whole number, found text"),
    (("year: 2020", "year: 2020.5"), LINE["year"], "year", "expected a whole number, found a number"),
    (("year: 2020", "year: true"), LINE["year"], "year", "expected a whole number, found true/false"),
    (("authors:\n- Doe JA\n- Roe R\n", "authors: Doe JA\n"), LINE["authors"], "authors", "expected a list, found text"),
    (("- Doe JA\n", "- {name: Doe}\n"), LINE["authors[0]"], "authors[0]", "expected non-empty text, found a mapping"),
    (("- Doe JA\n", "- ''\n"), LINE["authors[0]"], "authors[0]", "expected non-empty text, found text"),
    (("journal: Demo J", "journal: [Demo J]"), LINE["journal"], "journal", "expected text, found a list"),
    (("    derived: true", "    derived: 'yes'"), LINE["derived0"], f"{STAT0}.derived",
     "expected true or false, found text"),
    (("    count: 10", "    count: '10'"), LINE["count0"], f"{STAT0}.count", "expected a whole number, found text"),
    (("    value: 71%", "    value: [71%]"), LINE["value0"], f"{STAT0}.value",
     "expected a figure such as '71%', found a list"),
    (("conclusion: More research is needed.", "conclusion:\n  text: More"), LINE["conclusion"], "conclusion",
     "expected text, found a mapping"),
])
def test_wrong_types(tmp_path: Path, change: tuple[str, str], line: int, field: str, message: str) -> None:
    check(write_source(tmp_path, change), line, field, message)


def test_source_that_is_a_list(tmp_path: Path) -> None:
    path = tmp_path / "demo-2020.yaml"
    path.write_text("- id: demo-2020\n- kind: study\n", encoding="utf-8")
    check(path, 1, "(top level)", "expected a mapping of fields, found a list")


def test_finding_that_is_not_a_mapping(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("limitations:\n", "- just a sentence\nlimitations:\n"))
    check(path, LINE["limitations"], "findings[1]", "expected a mapping of fields, found text")


def test_stats_that_are_not_a_list(tmp_path: Path) -> None:
    text_stats = "  stats: Blogs 71%\n  old_stats:\n"
    path = write_source(tmp_path, ("  stats:\n", text_stats))
    found = problems(path)
    assert find_problem(found, "findings[0].stats", "expected a list, found text").line == LINE["stats"]


@pytest.mark.parametrize(("change", "field", "message"), [
    (("id: demo-2020", "id: Demo 2020"), "id", "'Demo 2020' is not a valid id (lowercase letters, digits and hyphens)"),
    (("- id: tools", "- id: Tools_Used"), "findings[0].id",
     "'Tools_Used' is not a valid id (lowercase letters, digits and hyphens)"),
    (("kind: study", "kind: article"), "kind", "'article' is not a kind of source (use one of: study, post)"),
])
def test_ids_and_kinds(tmp_path: Path, change: tuple[str, str], field: str, message: str) -> None:
    path = write_source(tmp_path, change)
    found = problems(path)
    assert find_problem(found, field, message).line == {"id": 1, "findings[0].id": 13, "kind": 2}[field]


def test_doi_must_be_bare_and_is_reported_once(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("pages: 10-20\n", "pages: 10-20\ndoi: https://doi.org/10.1/x\n"))
    check(path, LINE["pages"] + 1, "doi", "a DOI starts with '10.' (write it without https://doi.org/)")


def test_doi_of_the_wrong_type_is_reported_once(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("pages: 10-20\n", "pages: 10-20\ndoi: [10.1/x]\n"))
    check(path, LINE["pages"] + 1, "doi", "expected text, found a list")


def test_pmid_must_be_a_number(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("pages: 10-20\n", "pages: 10-20\npmid: PMID23423992\n"))
    check(path, LINE["pages"] + 1, "pmid", "'PMID23423992' is not a PMID (a PubMed id is a number such as 23423992)")


def test_pmid_written_as_a_number_is_kept_as_text(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("pages: 10-20\n", "pages: 10-20\npmid: 23423992\n"))
    assert load_ok(path).sources[0].pmid == "23423992"


# --- ranges ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("change", "line", "field", "message"), [
    (("    value: 21%", "    value: 150%"), LINE["value1"], "findings[0].stats[1].value",
     "150% is not a percentage between 0 and 100"),
    (("    value: 21%", "    value: 100.1%"), LINE["value1"], "findings[0].stats[1].value",
     "100.1% is not a percentage between 0 and 100"),
    (("year: 2020", "year: 1700"), LINE["year"], "year", "1700 is out of range (1800 to 2200)"),
    (("    count: 10", "    count: -1"), LINE["count0"], f"{STAT0}.count", "-1 is out of range (0 to 1000000000)"),
    (("    value: 21%", "    value: -5%"), LINE["value1"], "findings[0].stats[1].value",
     "'-5%' is not a figure this bot can keep exactly; write it like 71%, 41.5%, <1%, >400, 4,500 or >61 million "
     "(a qualifier may be <, >, <=, >= or ~)"),
])
def test_out_of_range(tmp_path: Path, change: tuple[str, str], line: int, field: str, message: str) -> None:
    path = write_source(tmp_path, change)
    assert find_problem(problems(path), field, message).line == line


@pytest.mark.parametrize("value", ["0%", "100%", "0.0%", "100.0%"])
def test_percentage_bounds_are_inclusive(tmp_path: Path, value: str) -> None:
    path = write_source(tmp_path, ("    value: 21%", f"    value: '{value}'"))
    assert load_ok(path).sources[0].findings[0].stats[1].value.text == value


def test_design_sample_must_be_positive(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("findings:\n", "design:\n  description: A review\n  n: 0\nfindings:\n"))
    check(path, LINE["findings"] + 2, "design.n", "0 is out of range (1 to 1000000000)")


# --- qualifiers and figures -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["'<1%'", "'>400'", "'<=5'", "'>=2'", "'~3'", "<1%", "4,500", "'41.5%'",
                                   "'>61 million'", "2.5 billion"])
def test_qualified_and_formatted_figures_are_kept_as_written(tmp_path: Path, value: str) -> None:
    path = write_source(tmp_path, ("    value: 21%", f"    value: {value}"))
    assert load_ok(path).sources[0].findings[0].stats[1].value.text == value.strip("'")


def test_unquoted_decimal_must_be_quoted_so_it_is_never_rounded(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("    value: 21%", "    value: 41.5"))
    check(path, LINE["value1"], "findings[0].stats[1].value",
          "write this figure in quotes exactly as the source states it (e.g. '41.5%'), so it is never rounded")


@pytest.mark.parametrize("value", ["'≤1%'", "'< 1%'", "'about 5'", "'71 %'", "'61 millions'", "'5 million%'"])
def test_unknown_qualifier_or_spacing(tmp_path: Path, value: str) -> None:
    path = write_source(tmp_path, ("    value: 21%", f"    value: {value}"))
    problem = only_problem(path)
    assert (problem.line, problem.field) == (LINE["value1"], "findings[0].stats[1].value")
    assert problem.message.startswith(f"'{value.strip(chr(39))}' is not a figure this bot can keep exactly")


def test_no_exact_count_from_a_qualified_percentage(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("    value: 71%", "    value: <71%"))
    check(path, LINE["count0"], f"{STAT0}.count", "no exact count can be derived from <71%")


def test_denominator_cannot_be_a_percentage(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("    n: 14", "    n: 14%"))
    found = problems(path)
    assert find_problem(found, "findings[0].denominator.n", "a count cannot be a percentage").line == LINE["n"]


# --- derived counts -------------------------------------------------------------------------------------------------

def test_count_that_disagrees_with_its_percentage(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("    count: 10", "    count: 9"))
    check(path, LINE["count0"], f"{STAT0}.count", "9 of 14 studies is 64.3%, which does not agree with 71%")


def test_count_checked_against_a_decimal_percentage(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("    n: 14", "    n: 212"), ("    unit: studies", "    unit: speakers"),
                        ("    value: 71%", "    value: 41.5%"), ("    count: 10", "    count: 87"))
    check(path, LINE["count0"], f"{STAT0}.count", "87 of 212 speakers is 41.04%, which does not agree with 41.5%")


@pytest.mark.parametrize(("n", "value", "count"), [
    ("14", "71%", 10), ("212", "41.5%", 88), ("212", "15.6%", 33), ("212", "9.4%", 20), ("14", "36%", 5),
    ("14", "0%", 0), ("14", "100%", 14),
])
def test_counts_that_agree(tmp_path: Path, n: str, value: str, count: int) -> None:
    path = write_source(tmp_path, ("    n: 14", f"    n: {n}"), ("    value: 71%", f"    value: '{value}'"),
                        ("    count: 10", f"    count: {count}"))
    stat = load_ok(path).sources[0].findings[0].stats[0]
    assert (stat.value.text, stat.count, stat.derived) == (value, count, True)


@pytest.mark.parametrize("value", ["12%", "13%"])
def test_a_tie_may_be_rounded_either_way(tmp_path: Path, value: str) -> None:
    # 1 of 8 is exactly 12.5%: a paper may print 12% or 13%, and both agree with the count.
    path = write_source(tmp_path, ("    n: 14", "    n: 8"), ("    value: 71%", f"    value: {value}"),
                        ("    count: 10", "    count: 1"))
    assert load_ok(path).sources[0].findings[0].stats[0].count == 1


def count_problems(n: int, value: str, count: int) -> list[str]:
    """Validate the template in memory with ``count`` of ``n`` written as ``value``."""
    text = mutate(MINIMAL_SOURCE, ("    n: 14", f"    n: {n}"), ("    value: 71%", f"    value: '{value}'"),
                  ("    count: 10", f"    count: {count}"))
    return [p.message for p in source_from_yaml(parse_yaml_text(text, "x.yaml"))[1]]


@settings(deadline=None)
@given(st.integers(1, 5000), st.data(), st.sampled_from([0, 1, 2]))
def test_any_correctly_rounded_percentage_agrees_with_its_count(n: int, data: st.DataObject, decimals: int) -> None:
    count = data.draw(st.integers(0, n))
    share = (Decimal(count) * 100 / n).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    assert count_problems(n, f"{share}%", count) == []


@settings(deadline=None)
@given(st.integers(2, 100), st.data())
def test_a_count_one_off_never_agrees(n: int, data: st.DataObject) -> None:
    # With at most 100 in the denominator, one more or one fewer moves the share by at least 1 point.
    count = data.draw(st.integers(0, n - 1))
    share = (Decimal(count) * 100 / n).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    [message] = count_problems(n, f"{share}%", count + 1)
    assert message.startswith(f"{count + 1} of {n} studies is ") and message.endswith(f"does not agree with {share}%")


def test_a_count_the_source_states_needs_no_derived_flag() -> None:
    # "Thirteen (44.8%) of 29 studies": the count is stated, not derived, and is still checked against the share.
    stated = mutate(MINIMAL_SOURCE, ("    derived: true\n", ""), ("    n: 14", "    n: 29"),
                    ("    value: 71%", "    value: 44.8%"), ("    count: 10", "    count: 13"))
    assert source_from_yaml(parse_yaml_text(stated, "x.yaml"))[1] == []
    disagreeing = mutate(stated, ("    count: 13", "    count: 14"))
    [problem] = source_from_yaml(parse_yaml_text(disagreeing, "x.yaml"))[1]
    assert problem.message == "14 of 29 studies is 48.28%, which does not agree with 44.8%"


def test_a_stated_count_beside_a_bound_must_keep_within_it() -> None:
    # "3 (<5%) never answered": the count is stated and its share, 3 of 64, is below the bound the source gives.
    stated = mutate(MINIMAL_SOURCE, ("    derived: true\n", ""), ("    n: 14", "    n: 64"),
                    ("    value: 71%", "    value: <5%"), ("    count: 10", "    count: 3"))
    assert source_from_yaml(parse_yaml_text(stated, "x.yaml"))[1] == []
    [problem] = source_from_yaml(parse_yaml_text(mutate(stated, ("    count: 3", "    count: 4")), "x.yaml"))[1]
    assert problem.message == "4 of 64 studies is 6.3%, which is not <5%"


def test_derived_needs_a_count(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("    count: 10\n", ""))
    check(path, LINE["derived0"] - 1, f"{STAT0}.derived", "derived: true needs a count to go with it")


def test_count_goes_only_with_a_percentage(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("    value: 71%", "    value: 4,500"))
    check(path, LINE["count0"], f"{STAT0}.count", "a count goes only with a percentage")


def test_count_larger_than_its_denominator(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("    count: 10", "    count: 15"))
    check(path, LINE["count0"], f"{STAT0}.count", "15 is more than the denominator 14 studies")


@pytest.mark.parametrize("n", ["'>400'", "'4.5'"])
def test_count_needs_an_exact_whole_denominator(tmp_path: Path, n: str) -> None:
    path = write_source(tmp_path, ("    n: 14", f"    n: {n}"))
    check(path, LINE["count0"], f"{STAT0}.count", "a count can be derived only from an exact whole-number denominator")


def test_broken_own_denominator_is_not_checked_against_the_group(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("    derived: true\n", "    derived: true\n    denominator:\n      n: many\n"
                                                          "      unit: residents\n"))
    found = problems(path)
    assert [(p.line, p.field) for p in found] == [(LINE["derived0"] + 2, f"{STAT0}.denominator.n")]
    assert found[0].message.startswith("'many' is not a figure this bot can keep exactly")


def test_count_without_any_denominator(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("  denominator:\n    n: 14\n    unit: studies\n", ""))
    check(path, LINE["count0"] - 3, f"{STAT0}.count",
          "a count can be derived only from an exact whole-number denominator")


def test_a_stat_may_have_its_own_denominator(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("    derived: true\n", "    derived: true\n    denominator:\n      n: 7\n"
                                                          "      unit: residents\n"),
                        ("    count: 10", "    count: 5"))
    finding = load_ok(path).sources[0].findings[0]
    assert str(finding.denominator_of(finding.stats[0])) == "7 residents"
    assert str(finding.denominator_of(finding.stats[1])) == "14 studies"


# --- duplicates and many errors at once -----------------------------------------------------------------------------

def test_duplicate_finding_id(tmp_path: Path) -> None:
    second = "- id: tools\n  topic: Again\n  stats:\n  - label: X\n    value: 5%\nlimitations:\n"
    path = write_source(tmp_path, ("limitations:\n", second))
    check(path, LINE["limitations"], "findings[1].id", "duplicate finding id 'tools' (also findings[0])")


def test_duplicate_finding_id_is_located_after_a_broken_finding(tmp_path: Path) -> None:
    extra = "- broken\n- id: tools\n  topic: Again\n  stats:\n  - label: X\n    value: 5%\nlimitations:\n"
    path = write_source(tmp_path, ("limitations:\n", extra))
    found = problems(path)
    assert find_problem(found, "findings[1]", "expected a mapping").line == LINE["limitations"]
    duplicate = find_problem(found, "findings[2].id", "duplicate finding id 'tools' (also findings[0])")
    assert duplicate.line == LINE["limitations"] + 1
    assert len(found) == 2


def test_duplicate_yaml_key_and_schema_errors_are_all_reported(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("journal: Demo J\n", "journal: Demo J\njournal: Other J\n"),
                        ("    value: 21%", "    value: 150%"))
    found = problems(path)
    assert [(p.line, p.field, p.message) for p in found] == [
        (LINE["journal"] + 1, "journal", "this field is written twice (first on line 7)"),
        (LINE["value1"] + 1, "findings[0].stats[1].value", "150% is not a percentage between 0 and 100"),
    ]


def test_every_problem_of_a_file_is_reported_in_one_run(tmp_path: Path) -> None:
    path = write_source(
        tmp_path,
        ("kind: study", "kind: paper"),
        ("year: 2020", "year: 20x0"),
        ("    value: 71%", "    vaule: 71%"),
        ("    value: 21%", "    value: 121%"),
        ("conclusion:", "conclusoin:"),
    )
    found = problems(path)
    assert {(p.line, p.field) for p in found} == {
        (LINE["kind"], "kind"),
        (LINE["year"], "year"),
        (LINE["value0"], f"{STAT0}.vaule"),
        (LINE["stats[0]"], f"{STAT0}.value"),
        (LINE["value1"], "findings[0].stats[1].value"),
        (LINE["conclusion"], "conclusoin"),
    }
    assert all(p.file == str(path) for p in found)


# --- the vocabulary file --------------------------------------------------------------------------------------------

VOCABULARY = """\
kind: vocabulary
synonyms:
  facebook: [fb]
  twitter: [tweets, x]
stopwords: [the, a, 'on']
"""


def test_vocabulary_loads_lowercased(tmp_path: Path) -> None:
    (tmp_path / "vocabulary.yaml").write_text(VOCABULARY.replace("[fb]", "[FB]"), encoding="utf-8")
    write_source(tmp_path)
    kb = load_ok(tmp_path)
    assert kb.vocabulary.synonyms["facebook"] == ("fb",)
    assert kb.vocabulary.stopwords == ("the", "a", "on")
    assert kb.vocabulary.file == str(tmp_path / "vocabulary.yaml")


def test_vocabulary_word_that_yaml_reads_as_true_false(tmp_path: Path) -> None:
    path = tmp_path / "vocabulary.yaml"
    path.write_text(VOCABULARY.replace("'on'", "on"), encoding="utf-8")
    check(path, 5, "stopwords[2]", "expected non-empty text, found true/false")


def test_vocabulary_unknown_field(tmp_path: Path) -> None:
    path = tmp_path / "vocabulary.yaml"
    path.write_text(VOCABULARY.replace("stopwords:", "stopword:"), encoding="utf-8")
    check(path, 5, "stopword", "unknown field 'stopword' (did you mean 'stopwords'?)")


def test_a_figure_in_millions_means_its_number_and_keeps_its_words() -> None:
    value = parse_value(">61 million")
    assert value is not None and (value.text, value.qualifier, value.number, value.is_percent) == (
        ">61 million", ">", Decimal(61_000_000), False)
