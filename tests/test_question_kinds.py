"""Kinds of question beyond one figure: comparisons, ranks, yes/no claims, long messages, what is asked, a new study."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bot.answers import StatLine
from bot.asked import what_is_asked
from bot.claims import read_claim
from bot.cli import main
from bot.evidence import Evidence
from bot.knowledge import KnowledgeBase, load_knowledge
from bot.lexicon import Lexicon, normalise
from bot.message import contrasted, read_message
from bot.render_text import to_plain
from bot.schema import Vocabulary
from bot.wordstats import english_rarity

TESTS = Path(__file__).resolve().parent
KNOWLEDGE = TESTS.parent / "knowledge"
KINDS = TESTS / "regression_kinds.yaml"
THIRD_STUDY = TESTS / "fixtures" / "okafor-2019.yaml"
THIRD_STUDY_QUESTIONS = TESTS / "fixtures" / "okafor-2019_questions.yaml"
MAX_CHARS = 1200


def knowledge_with(tmp_path_factory: pytest.TempPathFactory, name: str, text: str) -> Evidence:
    """The shipped knowledge base plus a study of our own making (``text``, saved as ``name``), dropped in with no
    code change."""
    folder = tmp_path_factory.mktemp("kb") / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    (folder / name).write_text(text, encoding="utf-8")
    return Evidence(load_knowledge(folder))


@pytest.fixture(scope="module")
def with_third_study(tmp_path_factory: pytest.TempPathFactory) -> Evidence:
    return knowledge_with(tmp_path_factory, THIRD_STUDY.name, THIRD_STUDY.read_text(encoding="utf-8"))


def scores(evidence: Evidence, path: Path) -> tuple[float, float, list[str]]:
    """(overall, wrong-when-answered, failures) on a question file, as the scorer counts them."""
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    right = answered = wrong = 0
    failures = []
    for item in items:
        expect = None if item["expect"] in (None, "none") else item["expect"]
        answer = evidence.ask(item["q"])
        text = to_plain(answer)
        good = (not answer.answered) if expect is None else (
            answer.answered and len(text) <= MAX_CHARS and all(e.casefold() in text.casefold() for e in expect))
        right += good
        answered += answer.answered
        wrong += answer.answered and not good
        if not good:
            failures.append(item["q"])
    return right / len(items), wrong / max(answered, 1), failures


def test_each_kind_of_question_meets_the_bar(evidence: Evidence) -> None:
    overall, wrong, failures = scores(evidence, KINDS)
    assert overall >= 0.90 and wrong <= 0.03, failures


def test_a_new_study_is_answered_with_no_code_change(with_third_study: Evidence) -> None:
    overall, wrong, failures = scores(with_third_study, THIRD_STUDY_QUESTIONS)
    assert overall >= 0.90 and wrong <= 0.03, failures


def test_a_yes_no_claim_is_answered_with_the_figure_and_whether_it_holds(evidence: Evidence) -> None:
    answer = evidence.ask("Did more than half the studies mention getting more feedback?")
    assert answer.answered and answer.note.startswith("Yes: More feedback 57% is more than half.")
    answer = evidence.ask("was google plus used by over 1% of speakers")
    assert answer.note.startswith("No: Google Plus <1% is not over 1%.")


def test_a_rank_names_the_figure_at_that_place(evidence: Evidence) -> None:
    answer = evidence.ask("Which platform came second after blogs in the systematic review?")
    assert [(line.label, line.value) for line in answer.stats if line.focus] == [("Wikis", "21%")]
    assert answer.note.startswith("Second: Wikis 21%.")
    assert evidence.ask("least used platform among ICEM speakers").note.startswith("Last: Google Plus <1%.")
    smallest = evidence.ask("Which social platform had the smallest uptake among speakers?")
    assert smallest.note.startswith("Last: Google Plus <1%.")


def test_a_comparison_across_studies_gives_each_figure_with_its_denominator(evidence: Evidence) -> None:
    answer = evidence.ask("Was twitter more common among the ICEM speakers than in the Cheston studies?")
    focus = {(line.value, line.denominator) for line in answer.stats if line.focus}
    assert focus == {("14%", "14 studies"), ("15.6%", "212 speakers")}


def test_a_long_message_is_answered_by_its_question() -> None:
    message = read_message("Hey all, chief resident here. We're debating whether to launch a residency blog or a "
                           "wiki. Can someone remind me how often blogs showed up in the review et al. studies?")
    assert message.questions == ("Can someone remind me how often blogs showed up in the review et al. studies?",)
    assert message.context == ("Hey all, chief resident here.",
                               "We're debating whether to launch a residency blog or a wiki.")


@pytest.mark.parametrize(("text", "questions"), [
    ("In what year did Rezaie found R.E.B.E.L. EM?", ("In what year did Rezaie found R.E.B.E.L. EM?",)),
    ("Was the study done in the U.S. or the U.K.?", ("Was the study done in the U.S. or the U.K.?",)),
    ("I work in the U.S. What did the review find?", ("What did the review find?",)),
])
def test_a_dotted_acronym_ends_a_sentence_only_when_another_begins(text: str, questions: tuple[str, ...]) -> None:
    assert read_message(text).questions == questions


def test_two_questions_naming_their_own_studies_get_their_own_answers(evidence: Evidence) -> None:
    answer = evidence.ask("Who wrote the ICEM paper? Also, what journal was the review in?")
    assert {ref.id for ref in answer.sources} == {"cheston-2013", "neill-2014"}
    text = to_plain(answer)
    assert "Neill A, Cronin JJ" in text and "Acad Med" in text


def test_context_sentences_lend_the_study_a_question_leaves_unnamed(evidence: Evidence) -> None:
    answer = evidence.ask("I'm critiquing the Cheston review for our session. What limitations does the post list?")
    assert answer.answered and "Only one randomized controlled trial reviewed" in to_plain(answer)


def test_context_and_greetings_do_not_sink_the_question(evidence: Evidence) -> None:
    answer = evidence.ask("Hi bot! So I'm on the organising committee for our state EM meeting and the chair thinks "
                          "nobody outside the room cares about conference tweets. In the ICEM 2012 study, what share "
                          "of the people tweeting were physically there?")
    assert answer.answered and "34%" in to_plain(answer)



@pytest.mark.parametrize("question", ["hey @MedBot, which tool was used the most in the review?",
                                      "<@1234> which tool was used the most in the review?"])
def test_a_mention_typed_or_sent_by_discord_is_not_read_as_a_word(evidence: Evidence, question: str) -> None:
    answer = evidence.ask(question)
    assert answer.answered and "71%" in to_plain(answer)
    assert normalise("write to a@b.org") == ("write", "to", "a", "b", "org")  # an address keeps its words


@pytest.mark.parametrize(("question", "said"), [
    ("What is a wiki, exactly?", "does not define wiki"),
    ("How was presence on a platform defined for the speakers?", "does not define presence on platform"),
    ("PMID for the Cheston review", "records no PMID for Cheston et al. 2013"),
    ("How many days did the ICEM 2012 conference run?", "records no duration"),
    ("How old is Salim Rezaie?", "records no age"),
    ("What specific technical issues did the reviewed studies run into?",
     "reports Technical issues as one figure; it names no specific issues"),
    ("What were the specific technical issues the studies ran into?",
     "reports Technical issues as one figure; it names no specific issues"),
    ("The review lists 'variable learner participation' as a challenge. How do the authors explain what that means?",
     "does not define that"),
    ("How many of the 212 speakers had no social media presence at all?", "cannot be combined"),
    ("what is the impact factor of Emerg Med J", "does not record the impact factor"),
    ("how many retweets were there", "Retweets was not among what the studies measured"),
    ("how many linkedin connections did speakers have", "Nothing in the knowledge base counts connections"),
    ("are you a real person or a bot", "MedEd Evidence Bot"),
    ("What's the best way to deal with technical issues when launching a curriculum?", "it gives no advice"),
    ("How many tweets were sent before or after the conference?", "gives no figure for before or after"),
])
def test_what_the_source_does_not_hold_is_declined_in_a_sentence(evidence: Evidence, question: str,
                                                                  said: str) -> None:
    answer = evidence.ask(question)
    assert not answer.answered
    assert said in to_plain(answer)


def test_a_declined_identifier_still_gives_the_citation(evidence: Evidence) -> None:
    answer = evidence.ask("PMID for the Cheston review")
    assert not answer.answered and "Acad Med. 2013;88(6):893-901" in to_plain(answer)


def test_an_acronym_the_source_spells_out_is_answered(evidence: Evidence) -> None:
    answer = evidence.ask("What does ICEM stand for?")
    assert answer.answered and "ICEM is short for International Conference on Emergency Medicine." in answer.note
    assert not evidence.ask("What does ALiEM stand for?").answered


def test_a_topic_nobody_measured_says_what_was_measured(evidence: Evidence) -> None:
    answer = evidence.ask("what % used Instagram")
    assert not answer.answered
    assert "Instagram was not among what the studies measured" in answer.note
    assert "Blogs, Wikis, Twitter, Facebook" in answer.note and "LinkedIn" in answer.note


def test_a_miss_in_a_large_knowledge_base_names_a_few_sources_and_counts_the_rest(kb: KnowledgeBase) -> None:
    copies = tuple(replace(source, id=f"{source.id}-{n}") for n in range(40) for source in kb.sources)
    large = Evidence(replace(kb, sources=kb.sources + copies))
    answer = large.ask("what is the adult dose of amiodarone?")
    assert not answer.answered
    assert "and 118 more sources" in answer.intro and len(to_plain(answer)) < 1200


def test_a_plain_word_weighs_less_than_a_rare_one() -> None:
    assert english_rarity("relied") < english_rarity("retweets") <= english_rarity("mersqi") == 1.0
    assert english_rarity("crowd") < 0.5


def test_explain_shows_terms_candidates_and_the_decision() -> None:
    result = CliRunner().invoke(main, ["ask", "--explain", "what % of ICEM speakers were on LinkedIn?"])
    assert result.exit_code == 0, result.output
    assert "Terms (weight: why)" in result.output and "'linkedin' -> linkedin" in result.output
    assert "Top candidates" in result.output and "Decision: answer LinkedIn" in result.output
    data = json.loads(CliRunner().invoke(main, ["ask", "--json", "--explain", "what % used Instagram"]).output)
    assert data["answered"] is False and data["confidence"] == 0.0
    assert data["explanation"]["terms"][0]["why"].startswith("a topic of the field")
    assert data["reason"] == data["explanation"]["reason"]


def test_json_carries_confidence_and_reason() -> None:
    data = json.loads(CliRunner().invoke(main, ["ask", "--json", "which tools were used most"]).output)
    assert data["answered"] and data["confidence"] == 1.0 and data["reason"].startswith("best score")


def test_sizes_compared_across_studies_come_from_each_design(evidence: Evidence) -> None:
    answer = evidence.ask("how many studies were in the review vs how many speakers did the icem paper look at")
    assert answer.answered and {"14", "212"} <= set(to_plain(answer).replace(",", " ").split())


def test_a_verb_after_what_is_counted_is_not_what_is_counted(evidence: Evidence) -> None:
    answer = evidence.ask("What share of the reviewed studies pointed to professional development?")
    assert answer.answered and "36%" in to_plain(answer)


def test_at_least_is_a_threshold_not_the_last_place(with_third_study: Evidence) -> None:
    answer = with_third_study.ask("what % of the surveyed residents used podcasts at least weekly?")
    assert answer.answered and "Podcasts" in to_plain(answer) and not answer.note.startswith("Last:")


def test_an_inflected_vocabulary_word_keeps_its_meaning_beside_a_knowledge_word_of_its_stem() -> None:
    lexicon = Lexicon.build(Vocabulary(synonyms={"career advancement": ("promotion",)},
                                       parts={"limitations": ("limitation",)}),
                            (), ("The 280-character limit was too short", "Promote empathy"))
    assert lexicon.analyse("limitations").terms[0].parts == {"limitations"}
    assert lexicon.analyse("limit").terms[0].terms == {"limit"}
    assert lexicon.analyse("promoting").terms[0].terms == {"promot"}


def test_initials_of_a_study_name_of_several_words_name_it() -> None:
    lexicon = Lexicon.build(Vocabulary(), (("journal club", "journal club trial"), ("national survey", "new study")), ())
    assert lexicon.analyse("jc").terms[0].terms == {"journal club"}
    assert lexicon.analyse("jct").terms[0].terms == {"journal club trial"}
    assert lexicon.analyse("new").terms[0].terms == {"new"}  # a word, not initials


def test_a_study_named_x_study_is_also_the_x_paper_and_the_x_one() -> None:
    lexicon = Lexicon.build(Vocabulary(), (("reddit study", "reddit analysis"), ("podcast survey",),
                                           ("twitter trial",), ("twitter review",)), ())
    assert lexicon.analyse("reddit paper").terms[0].terms == {"reddit studi"}
    assert lexicon.analyse("podcast one").terms[0].terms == {"podcast survey"}
    assert lexicon.analyse("twitter paper").terms[0].terms == {"twitter"}  # two studies are named so


def test_which_person_is_not_named_by_a_figure_of_a_group(evidence: Evidence) -> None:
    answer = evidence.ask("Which speaker sent the most tweets during ICEM?")
    assert not answer.answered and "does not say which speaker" in answer.note


def test_which_things_a_plain_count_counts_are_not_named(tmp_path: Path) -> None:
    study = yaml.safe_load(THIRD_STUDY.read_text(encoding="utf-8"))
    habits = next(finding for finding in study["findings"] if finding["id"] == "podcast-habits")
    habits["stats"].append({"label": "Countries the podcasts listened to came from", "value": "11", "unit": "countries"})
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    (folder / THIRD_STUDY.name).write_text(yaml.safe_dump(study, sort_keys=False), encoding="utf-8")
    evidence = Evidence(load_knowledge(folder))
    assert "11" in to_plain(evidence.ask("how many countries did the podcasts come from?"))
    answer = evidence.ask("which countries did the podcasts come from?")
    assert not answer.answered and answer.note.endswith("counts the countries but does not name them.")
    assert evidence.ask("which residents used podcasts at least weekly?").answered


def test_a_claimed_share_is_settled_by_a_figure_not_by_an_objective(with_third_study: Evidence) -> None:
    answer = with_third_study.ask("Did more than half of the surveyed residents use podcasts at least weekly?")
    assert answer.answered and answer.note.startswith("Yes:") and answer.kind != "objective"


@pytest.mark.parametrize(("question", "verdict"), [
    ("Someone told me over 40% of the ICEM speakers were on LinkedIn. Is that right?", "Yes: LinkedIn 41.5% is over 40%."),
    ("would it be fair to say 20% or more of the review's studies used wikis?", "Yes: Wikis 21% is 20% or more."),
    ("could I claim 15% or more of the reviewed studies used Facebook?", "No: Facebook 14% is not 15% or more."),
    ("I read that over 40% of the ICEM speakers had LinkedIn. Does that match the paper?",
     "Yes: LinkedIn 41.5% is over 40%."),
])
def test_a_claim_is_read_however_the_question_is_put(evidence: Evidence, question: str, verdict: str) -> None:
    answer = evidence.ask(question)
    assert answer.answered and answer.note.startswith(verdict)


def test_an_inflected_word_weighs_as_its_word_does_in_english() -> None:
    assert english_rarity("swears") == english_rarity("swear") < 0.5
    assert english_rarity("retweets") == 1.0


def test_the_opposite_of_a_figure_in_one_word_is_declined(evidence: Evidence) -> None:
    answer = evidence.ask("what % of ICEM tweets were irrelevant to the clinical and research material?")
    assert not answer.answered and "does not state that figure" in answer.note
    assert evidence.ask("what % of ICEM tweets were relevant to the clinical and research material?").answered
    assert "does not state that figure" in evidence.ask("How many tweets were about non-clinical material?").note
    assert not evidence.ask("How many tweets were about non-clinical topics?").answered
    assert evidence.ask("how many non-attendees tweeted?").answered  # a group the knowledge base names


def test_a_percentage_is_not_answered_with_a_sample_size(evidence: Evidence) -> None:
    answer = evidence.ask("Twitter presence among the 212 speakers, as a percentage?")
    assert answer.answered and "15.6%" in to_plain(answer) and answer.kind != "design"


def test_a_question_that_names_no_study_reads_the_study_its_message_names(evidence: Evidence) -> None:
    answer = evidence.ask("I'm presenting the ICEM paper at journal club. What's the full reference?")
    assert answer.answered and [ref.id for ref in answer.sources] == ["neill-2014"]
    answer = evidence.ask("I keep hearing about the Neill paper. Who wrote it?")
    assert answer.answered and [ref.id for ref in answer.sources] == ["neill-2014"]


def test_two_things_no_one_figure_holds_are_answered_together(evidence: Evidence) -> None:
    answer = evidence.ask("In the review, how often was more feedback cited versus technical issues?")
    text = to_plain(answer)
    assert answer.answered and "57%" in text and "43%" in text and "together" in answer.reason


def test_a_pair_is_never_made_across_studies_the_question_does_not_name(evidence: Evidence) -> None:
    answer = evidence.ask("how many speakers used linkedin and how many tweets were sent")
    assert {ref.id for ref in answer.sources} <= {"neill-2014"}


def test_a_part_asked_of_both_studies_is_answered_for_each(evidence: Evidence) -> None:
    answer = evidence.ask("The two papers came out in different journals, which were they?")
    assert answer.answered and [ref.id for ref in answer.sources] == ["cheston-2013", "neill-2014"]
    assert "Acad Med" in to_plain(answer) and "Emerg Med J" in to_plain(answer)


def test_who_led_a_study_asks_for_its_authors(evidence: Evidence) -> None:
    answer = evidence.ask("Who led the study of social media at the emergency medicine conference?")
    assert answer.answered and "Neill" in to_plain(answer) and answer.kind == "authors"


def test_a_claim_of_two_thirds_is_read_as_a_share() -> None:
    claim = read_claim(normalise("Did more than two thirds of the reviewed interventions involve blogs?", 60))
    assert claim is not None and claim.percent and claim.share == Decimal("66.7")
    assert claim.wrote == "more than two thirds"


def test_what_the_authors_concluded_asks_for_the_conclusion(with_third_study: Evidence) -> None:
    answer = with_third_study.ask("What did the Okafor authors conclude?")
    assert answer.answered and answer.kind == "conclusion"


def test_a_part_word_inside_a_phrase_is_a_plain_word() -> None:
    lexicon = Lexicon.build(Vocabulary(parts={"citation": ("year",)}), (), ("Uptake across the first-year class",))
    assert "year" in lexicon.index_terms("Uptake across the first-year class").terms
    assert lexicon.analyse("year").terms[0].parts == {"citation"}


def test_only_a_thing_can_be_what_nothing_counts(evidence: Evidence) -> None:
    answer = evidence.ask("how many linkedin connections did the ICEM speakers have?")
    assert not answer.answered and "Nothing in the knowledge base counts connections" in answer.note
    answer = evidence.ask("Of the challenges in the review, technical issues or privacy concerns: which was most frequent?")
    assert answer.answered and "43%" in to_plain(answer)


def test_a_count_reads_with_its_unit() -> None:
    line = StatLine("Faculty anatomist time spent on the server", "2", unit="hours per week")
    assert line.as_text() == "Faculty anatomist time spent on the server: 2 hours per week"
    assert StatLine("Blogs", "71%", "14 studies", 10).as_text() == "Blogs: 71% (10 of 14 studies)"


def test_first_in_a_compound_word_is_no_rank(evidence: Evidence) -> None:
    answer = evidence.ask("What share of first-year tweets were about clinical and research material?")
    assert not answer.note.startswith("First:")


@pytest.mark.parametrize(("question", "values"), [
    # two questions in one sentence
    ("How many studies did the systematic review include, and which platform did they use most?", ("14", "Blogs")),
    # a comparison within one finding gets the whole finding
    ("How did LinkedIn compare with Twitter among the ICEM speakers?", ("41.5%", "15.6%")),
    # a comparison across studies drops what only the other study holds
    ("Wikis in the systematic review compared with LinkedIn among the ICEM speakers", ("21%", "41.5%")),
])
def test_a_question_about_two_figures_gets_both(evidence: Evidence, question: str, values: tuple[str, ...]) -> None:
    answer = evidence.ask(question)
    assert answer.answered and all(value in to_plain(answer) for value in values)


@pytest.fixture(scope="module")
def with_all_studies(tmp_path_factory: pytest.TempPathFactory) -> Evidence:
    """The shipped knowledge base with the invented studies beside it (bench/questions/studies)."""
    folder = tmp_path_factory.mktemp("kb") / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    for study in (THIRD_STUDY, *sorted((TESTS.parent / "bench" / "questions" / "studies").glob("*.yaml"))):
        shutil.copy(study, folder / study.name)
    return Evidence(load_knowledge(folder))


def test_a_journal_is_named_whole_not_by_its_words(with_all_studies: Evidence) -> None:
    answer = with_all_studies.ask("What % of the studies in the review ran into technical problems?")
    assert answer.answered and "43%" in to_plain(answer)
    assert [ref.id for ref in with_all_studies.ask("Who wrote the Acad Med paper?").sources] == ["cheston-2013"]


def test_a_word_only_other_studies_hold_does_not_sink_a_question_about_a_named_study(
        evidence: Evidence, with_all_studies: Evidence) -> None:
    question = "Among the ICEM faculty, how prevalent was LinkedIn?"
    assert "41.5%" in to_plain(evidence.ask(question)) and "41.5%" in to_plain(with_all_studies.ask(question))


def test_the_two_papers_are_the_ones_the_post_cites_when_other_studies_sit_beside_them(
        with_all_studies: Evidence) -> None:
    answer = with_all_studies.ask("What journals were the two studies published in?")
    assert [ref.id for ref in answer.sources] == ["cheston-2013", "neill-2014"]
    assert [ref.id for ref in with_all_studies.ask("what did the second paper find").sources] == ["neill-2014"]
    assert not with_all_studies.ask("What did the third paper the post mentions find?").answered


def test_a_source_with_no_title_of_its_own_says_so(evidence: Evidence) -> None:
    answer = evidence.ask("What's the title of the ALiEM post?")
    assert not answer.answered and "has no title of its own" in to_plain(answer)
    answer = evidence.ask("what is the title of the Cheston review")
    assert answer.answered and "Social media use in medical education: a systematic review" in to_plain(answer)


def test_the_author_who_says_something_is_not_what_is_asked(evidence: Evidence) -> None:
    answer = evidence.ask("What were the investigators trying to determine about the conference speakers?")
    assert answer.answered and "presence and activity of speakers" in to_plain(answer)
    assert evidence.ask("According to the author, how has Twitter's popularity changed?").kind == "bottom_line"
    assert evidence.ask("Who wrote the post?").kind == "authors"


def test_a_platform_only_another_study_measured_is_not_answered_for_the_study_named(evidence: Evidence) -> None:
    answer = evidence.ask("What share of the ICEM speakers were on Facebook?")
    assert not answer.answered
    assert evidence.ask("Which website is Salim Rezaie an editor for?").answered


def test_a_short_form_is_read_as_the_one_known_word_it_begins() -> None:
    lexicon = Lexicon.build(Vocabulary(), (), ("Most commonly cited opportunities", "Professional development",
                                              "Standard deviation"))
    assert lexicon.correct("opp") == lexicon.correct("opps") == "opportunities"
    assert lexicon.correct("dev") is None  # "development" or "deviation": left as written


def test_a_kind_of_study_the_study_never_mentions_is_answered_by_its_design(with_all_studies: Evidence) -> None:
    answer = with_all_studies.ask("Was the Discord anatomy study a randomised controlled trial?")
    assert answer.answered and answer.kind == "design" and "cohort" in to_plain(answer)
    assert with_all_studies.ask("Was the Cheston review a meta-analysis?").kind == "limitations"  # it says why not


def test_a_journal_or_citation_is_not_answered_when_no_part_of_a_source_is_asked(with_all_studies: Evidence) -> None:
    answer = with_all_studies.ask("What moderation software did the Discord anatomy server run?")
    assert not answer.answered


def test_which_came_out_first_compares_when_each_study_was_published(with_all_studies: Evidence) -> None:
    text = to_plain(with_all_studies.ask("Which came out earlier, the Neill paper or the Cheston review?"))
    assert "2013" in text and "2014" in text


def test_the_author_with_no_study_named_is_the_one_source_a_single_author_wrote(evidence: Evidence) -> None:
    assert [ref.id for ref in evidence.ask("Who is the author?").sources] == ["aliem-rezaie"]
    answer = evidence.ask("What does the author say about where research should go next?")
    assert answer.kind == "bottom_line"
    assert {ref.id for ref in evidence.ask("Who are the authors of the review?").sources} == {"cheston-2013"}


def test_a_word_spelled_the_other_side_of_the_atlantic_is_the_knowledge_base_word() -> None:
    lexicon = Lexicon.build(Vocabulary(), (), ("Randomized trial of a paediatric journal club",))
    assert lexicon.analyse("randomised").terms[0].terms == lexicon.analyse("randomized").terms[0].terms
    assert lexicon.analyse("pediatric").terms[0].terms == lexicon.analyse("paediatric").terms[0].terms
    assert english_rarity("characterise") == english_rarity("characterize")


def test_a_noun_ending_a_question_is_not_read_as_its_verb() -> None:
    assert what_is_asked(normalise("What does the post say about Twitter in its wrap-up?", 60)).verb == ""
    assert what_is_asked(normalise("In which journal did the paper appear in?", 60)).verb == "appear"
    assert what_is_asked(normalise("Where did Rezaie go to medical school?", 60)).verb == ""  # a preposition's noun
    assert what_is_asked(normalise("What did the researchers set out to do?", 60)).verb == "do"


def test_who_one_study_counts_does_not_rule_out_the_other_studys_figure(evidence: Evidence) -> None:
    text = to_plain(evidence.ask("Share of the reviewed studies on Twitter versus the share of ICEM speakers on it?"))
    assert "14%" in text and "15.6%" in text


def test_a_modifier_is_not_what_a_which_question_asks_to_name() -> None:
    assert what_is_asked(normalise("What was the single main aim of the review?", 60)).head == "aim"
    assert what_is_asked(normalise("Which main platform did speakers use?", 60)).head == "platform"


def test_an_option_offered_with_or_that_no_unit_holds_does_not_sink_the_question(evidence: Evidence) -> None:
    answer = evidence.ask("Did learners take part evenly in these interventions, or was it sporadic?")
    assert answer.answered and "43%" in to_plain(answer)
    assert not evidence.ask("Did the ICEM speakers prefer Instagram or Snapchat?").answered


def test_in_person_is_no_question_about_the_bot(evidence: Evidence) -> None:
    assert what_is_asked(normalise("is sm better than in person teaching bc u can search it", 60)).asks.value != \
        "about the bot"
    assert what_is_asked(normalise("are u a person", 60)).asks.value == "about the bot"


def test_a_study_beyond_those_the_post_cites_is_declined_in_a_sentence(evidence: Evidence) -> None:
    answer = evidence.ask("Which is the third publication the post's bottom line refers to?")
    assert not answer.answered and "no third publication" in answer.note and "Neill 2014" in answer.note
    assert evidence.ask("Which platform was the third one among the speakers?").answered


def test_two_things_the_knowledge_base_does_not_tell_apart_are_not_compared(evidence: Evidence) -> None:
    answer = evidence.ask("How many of the reviewed studies involved residents compared with medical students?")
    assert not answer.answered and "residents and medical students apart" in answer.note
    assert "43%" in to_plain(evidence.ask("Were tech glitches reported more often than privacy worries in the review?"))


def test_what_the_member_will_do_with_the_answer_is_context() -> None:
    message = read_message("Send me the Neill citation because I need it for a grant")
    assert message.questions == ("Send me the Neill citation",)
    assert read_message("Is it true, as I heard, that blogs led?").questions == ("Is it true, as I heard, that blogs led?",)


def test_a_heading_of_the_post_is_asked_by_what_it_heads(evidence: Evidence) -> None:
    answer = evidence.ask("Which heading does the post give the ICEM study's objective?")
    assert answer.answered and "Primary objective" in to_plain(answer)


def test_a_first_name_before_an_author_listed_by_initial_is_part_of_the_name(evidence: Evidence) -> None:
    question = "Was Mike Cadogan an author on the conference paper, and which journal was it in?"
    assert "mike" not in [term.wrote for term in evidence.matcher.explain(question).terms]
    assert "Emerg Med J" in to_plain(evidence.ask(question))


def test_a_short_form_prefers_the_knowledge_texts_word_to_a_vocabulary_word(evidence: Evidence) -> None:
    assert "36%" in to_plain(evidence.ask("prof dev opp %"))
    assert "88(6)" in to_plain(evidence.ask("vol/issue of the acad med review"))


def test_irl_is_in_person(evidence: Evidence) -> None:
    assert "34%" in to_plain(evidence.ask("what % of icem tweeters were there irl"))


def test_a_verb_form_of_a_study_name_names_no_study(evidence: Evidence) -> None:
    question = "What is the author's overall verdict on social media after reviewing the two papers?"
    assert "reviewing" not in [term.wrote for term in evidence.matcher.explain(question).terms]
    assert "reviewed studies" in [term.wrote for term in evidence.matcher.explain(
        "How many reviewed studies used blogs?").terms]


def test_a_derived_word_is_not_a_phrase_its_stem_shares(evidence: Evidence) -> None:
    terms = evidence.matcher.explain("Were the majority of presenters on LinkedIn?").terms
    assert [term.wrote for term in terms] == ["presenters", "linkedin"]
    assert "41.5%" in to_plain(evidence.ask("Were the majority of presenters on LinkedIn?"))


def test_on_a_tie_the_studies_the_post_cites_come_first(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    study = yaml.safe_load(THIRD_STUDY.read_text(encoding="utf-8"))
    study["id"], study["aliases"] = "abbott-2019", ["abbott"]
    study["findings"] = [{"id": "opportunities", "topic": "Most commonly cited opportunities",
                          "denominator": {"n": 10, "unit": "studies"},
                          "stats": [{"label": "Supportive learning communities", "value": "50%", "count": 5}]}]
    (folder / "abbott-2019.yaml").write_text(yaml.safe_dump(study, sort_keys=False), encoding="utf-8")
    found = Evidence(load_knowledge(folder)).matcher.match("How often were supportive learning communities cited?")
    assert found.targets[0].source_id == "cheston-2013"


def test_a_preface_about_the_member_before_a_colon_is_context() -> None:
    message = read_message("As a program director: which tools were used most?")
    assert message.questions == ("which tools were used most?",) and message.context == ("As a program director:",)


def test_a_word_derived_from_a_vocabulary_word_is_not_that_word() -> None:
    lexicon = Lexicon.build(Vocabulary(synonyms={"interest": ("recruit",)}), (), ("Increase interest in a field",))
    assert lexicon.analyse("recruit").terms[0].terms == {"interest"}
    assert lexicon.analyse("recruits").terms[0].terms == {"interest"}
    assert lexicon.analyse("recruiter").terms[0].terms != {"interest"}


def test_whether_social_media_sticks_around_asks_for_the_posts_bottom_line(evidence: Evidence) -> None:
    answer = evidence.ask("Does Rezaie think social media is going to stick around in medicine?")
    assert answer.answered and "here to stay" in to_plain(answer)


def test_more_before_an_adjective_asks_for_no_number() -> None:
    lexicon = Lexicon.build(Vocabulary(figure_words=("more",)), (), ("Interactivity",))
    assert not lexicon.analyse("does it make learning more interactive").figure
    assert lexicon.analyse("were more speakers on twitter").figure


def test_not_at_the_conference_is_a_non_attendee(evidence: Evidence) -> None:
    answer = evidence.ask("Did people not at the conference tweet much, per Neill?")
    assert answer.answered and "non-attendees" in to_plain(answer).casefold()


def test_the_plural_of_a_one_word_name_names_no_study(evidence: Evidence) -> None:
    answer = evidence.ask("rebel reviews")
    assert answer.answered and "REBEL Reviews" in to_plain(answer)


def test_a_figure_of_a_group_no_population_word_names_is_not_ruled_out(with_all_studies: Evidence) -> None:
    answer = with_all_studies.ask("How many residents in the Twitter journal club had log-in or notification trouble?")
    assert answer.answered and "13.6%" in to_plain(answer)  # counts "Twitter arm completers", who are residents


@pytest.mark.parametrize(("question", "kind"), [
    pytest.param("Which pages does the Acad Med article occupy?", "citation", id="the verb ending a question"),
    pytest.param("What limitation did the conference study concede?", "limitations", id="the verb ending it, again"),
    pytest.param("Why could the review authors not pool the studies into a meta-analysis?", "limitations",
                 id="what the authors did"),
    pytest.param("Does the blog say social media helps with scheduling problems?", "advantages",
                 id="the blog that speaks is the post"),
    pytest.param("Why is social media better than a lecture, according to the post?", "advantages",
                 id="a lecture is in-person teaching"),
    pytest.param("Which upsides over print does the post list?", "advantages", id="upsides are advantages"),
    pytest.param("What type of study was the ICEM paper: a trial, a survey or a cohort?", "design",
                 id="kinds of study to choose from"),
    pytest.param("what does research need next acc to the post", "bottom_line", id="acc to"),
    pytest.param("Who is listed last on the Cheston review?", "authors", id="listed last"),
    pytest.param("How does Rezaie wrap things up?", "bottom_line", id="wrap up"),
    pytest.param("What is Rezaie's academic appointment?", "authors", id="an author's appointment"),
    pytest.param("Should I take the Neill findings with a grain of salt?", "limitations", id="a grain of salt"),
    pytest.param("What is the gist of the Cheston review?", "conclusion", id="the gist"),
    pytest.param("Whose paper is the systematic review?", "authors", id="whose paper"),
    pytest.param("neill paper journal name?", "citation", id="the journal's name"),
    pytest.param("What is the post author's job title?", "authors", id="a person's title is a role"),
    pytest.param("What is the title of the Neill paper?", "citation", id="a paper's title"),
    pytest.param("What was the aim of the Neill study?", "objective", id="a study's name splits 'aim of the study'"),
    pytest.param("What academic rank does Rezaie hold?", "authors", id="an author's academic rank"),
    pytest.param("What did the ICEM paper find hard to pin down?", "limitations", id="hard to pin down"),
    pytest.param("Rezaie founded which projects?", "authors", id="founded"),
    pytest.param("What was the second question of the Cheston review?", "questions", id="the second question"),
    pytest.param("What was the aim of the study by Neill?", "objective", id="the aim of the study is its objective"),
    pytest.param("cheston limitaitons?", "limitations", id="a misspelt plural"),
    pytest.param("What did the systematic review want to find out?", "questions", id="want to find out"),
    pytest.param("How does the review sum up?", "conclusion", id="sum up"),
])
def test_a_question_put_in_its_own_words_finds_the_part_it_asks_for(evidence: Evidence, question: str,
                                                                    kind: str) -> None:
    answer = evidence.ask(question)
    assert answer.answered and answer.kind == kind


def test_explain_shows_the_words_set_aside() -> None:
    result = CliRunner().invoke(main, ["ask", "--explain", "Which pages does the Acad Med article occupy?"])
    assert result.exit_code == 0 and "Set aside (how the question is put, not what it asks): 'occupy'" in result.output
    data = json.loads(CliRunner().invoke(main, ["ask", "--json", "--explain", "Which pages does it occupy?"]).output)
    assert data["explanation"]["set_aside"] == ["occupy"]


def test_a_response_rate_is_what_a_survey_says_responded(with_third_study: Evidence) -> None:
    answer = with_third_study.ask("Was the Okafor response rate above 80%?")
    assert answer.answered and "75.7%" in to_plain(answer)  # "312 responded (75.7%)": response is respond


def test_a_share_of_studies_that_set_out_to_do_something_counts_their_aims(evidence: Evidence) -> None:
    answer = evidence.ask("What share of the reviewed studies set out to boost clinical knowledge?")
    assert answer.answered and "50%" in to_plain(answer)


def test_those_who_used_a_platform_are_its_users(with_third_study: Evidence) -> None:
    answer = with_third_study.ask("What share of the Instagram users saw identifiable patient images?")
    assert answer.answered and "18.1%" in to_plain(answer)  # a share of "residents who used Instagram for learning"


def test_a_word_derived_with_ful_is_not_the_word_it_comes_from() -> None:
    lexicon = Lexicon.build(Vocabulary(synonyms={"aim": ("used for",)}), (), ("Found the server useful for revision",))
    assert "aim" not in lexicon.index_terms("Found the server useful for revision").terms  # useful is no "used"
    assert "aim" in lexicon.index_terms("The server was used for revision").terms


def test_how_long_is_answered_by_a_figure_in_units_of_time(with_all_studies: Evidence) -> None:
    answer = with_all_studies.ask("How long did the faculty anatomist spend on the Discord server each week?")
    assert answer.answered and "2" in to_plain(answer) and "hours" in to_plain(answer)
    assert not with_all_studies.ask("How long did the ICEM conference last?").answered


def test_answering_a_survey_or_a_quiz_is_responding(evidence: Evidence) -> None:
    terms = evidence.matcher.lexicon.analyse("How many residents answered every quiz?").terms
    assert any("respond" in term.terms for term in terms)  # "answered" was a stopword: a quiz study lost its verb
    assert not any("respond" in term.terms for term in evidence.matcher.lexicon.analyse("incorrect answers").terms)


def test_an_unknown_compound_is_read_by_the_known_word_it_ends_with() -> None:
    lexicon = Lexicon.build(Vocabulary(), (), ("Images rejected at the de-identification check", "Posted at night"))
    assert "identif" in lexicon.analyse("deidentification").terms[0].terms
    assert "night" in lexicon.analyse("overnight").terms[0].terms
    assert lexicon.analyse("knight").terms[0].terms == {"knight"}  # two letters at least come before the known word


@pytest.mark.parametrize("question", ["How many residents were in the Okafor survey?",
                                      "How many residents were surveyed by Okafor?",
                                      "How many people took part in the Okafor survey?",
                                      "How many participants did the Okafor survey have?"])
def test_how_many_of_those_a_named_study_counts_is_its_sample(with_third_study: Evidence, question: str) -> None:
    answer = with_third_study.ask(question)
    assert answer.answered and answer.kind == "design" and "312" in to_plain(answer)


@pytest.mark.parametrize("question", ["How many studies did the systematic review include?",
                                      "The post cites a systematic review. How many studies did it include?"])
def test_how_many_studies_a_review_included_is_its_sample(evidence: Evidence, question: str) -> None:
    answer = evidence.ask(question)
    assert answer.answered and answer.kind == "design" and "14 studies" in to_plain(answer)


def test_a_figure_named_outright_outranks_a_group_that_mentions_it(with_third_study: Evidence) -> None:
    answer = with_third_study.ask("what % of EM residents use podcasts?")
    assert answer.answered and "81.4%" in to_plain(answer)


def test_how_a_study_was_carried_out_is_its_design(with_third_study: Evidence) -> None:
    answer = with_third_study.ask("How was the Okafor survey conducted?")
    assert answer.answered and answer.kind == "design"
    assert "4,500" in to_plain(with_third_study.ask("How many tweets were sent at ICEM?"))  # a count, not the design


def test_clips_are_videos_and_what_they_racked_up_is_a_total() -> None:
    vocabulary = load_knowledge(KNOWLEDGE).vocabulary
    lexicon = Lexicon.build(vocabulary, (), ("Total views across the 240 videos",))
    assert lexicon.analyse("how many views did the clips rack up").figure
    assert {"video"} in [term.terms for term in lexicon.analyse("the clips").terms]


def test_what_a_study_examined_is_counted_by_aims_only_where_figures_count_studies(evidence: Evidence) -> None:
    answer = evidence.ask("Whose Twitter use did the ICEM paper examine?")
    assert answer.answered and answer.kind == "design"  # its speakers' figures count no studies' aims
    assert "50%" in to_plain(evidence.ask("What share of the reviewed studies set out to boost clinical knowledge?"))


def test_a_topic_that_also_names_a_study_is_the_topic_beside_another_study(with_all_studies: Evidence) -> None:
    answer = with_all_studies.ask("What share of the reviewed studies used TikTok?")
    assert "vukovic-2022" not in [ref.id for ref in answer.sources]  # TikTok is what is asked of the review
    assert [ref.id for ref in with_all_studies.ask("Who wrote the TikTok study?").sources] == ["vukovic-2022"]


def test_which_things_are_not_named_by_a_figure_that_speaks_of_such_things_in_general(evidence: Evidence) -> None:
    answer = evidence.ask("Which medical specialties did the 14 reviewed studies come from?")
    assert not answer.answered  # "increase interest in a field: 14%" names no specialty
    assert what_is_asked(normalise("Which medical specialties were represented?", 60)).head == "specialties"
    assert evidence.ask("Which platform was used most in the review?").answered


def test_patients_are_a_topic_of_the_field_that_the_seed_never_measured(evidence: Evidence,
                                                                       with_third_study: Evidence) -> None:
    assert not evidence.ask("Did social media use improve patient outcomes in the studies?").answered
    answer = with_third_study.ask("What share of Instagram users saw identifiable patient images?")
    assert answer.answered and "18.1%" in to_plain(answer)  # a study that speaks of patients still answers


def test_people_who_attended_are_attendees_whom_no_figure_counts(evidence: Evidence) -> None:
    answer = evidence.ask("How many people attended the ICEM 2012 conference?")
    assert not answer.answered and "Nothing in the knowledge base counts" in answer.note  # 34% of tweeters were there
    assert "34%" in to_plain(evidence.ask("What share of the ICEM tweeters were physically present?"))


def test_more_study_is_needed_is_further_investigation(evidence: Evidence) -> None:
    terms = evidence.matcher.lexicon.analyse("does the review say more study is needed").terms
    assert any(evidence.matcher.lexicon.analyse("further investigation").terms[0].terms == term.terms for term in terms)


def test_the_most_common_aim_of_the_studies_is_a_figure_not_each_studys_objective(evidence: Evidence) -> None:
    answer = evidence.ask("What was the most common aim of the studies?")
    assert answer.answered and "50%" in to_plain(answer)  # the aims the review counts
    assert evidence.ask("What was the aim of the Neill study?").kind == "objective"


def test_us_in_capitals_is_a_country_that_a_study_may_name(evidence: Evidence, with_third_study: Evidence) -> None:
    assert normalise("Tell us: were the studies done in the US or the U.S.A.?") == (
        "tell", "us", "were", "the", "studies", "done", "in", "the", "usa", "or", "the", "usa")
    assert not evidence.ask("How many of the 14 studies were done in the US?").answered  # no study says where
    answer = with_third_study.ask("Were the Okafor programs in the US?")
    assert answer.answered and "9 US programs" in to_plain(answer)


@pytest.mark.parametrize(("question", "kind"), [
    pytest.param("What did the review ask?", "questions", id="what a study asked"),
    pytest.param("Did the review ask about challenges?", "questions", id="whether a study asked about something"),
    pytest.param("What did the Neill paper do?", "design", id="what a study did"),
    pytest.param("What did the researchers behind the ICEM paper actually do?", "design",
                 id="what the researchers behind a study did"),
])
def test_a_study_named_as_the_subject_of_a_parts_verb_asks_for_that_part(evidence: Evidence, question: str,
                                                                         kind: str) -> None:
    answer = evidence.ask(question)
    assert answer.answered and answer.kind == kind


def test_what_a_study_found_is_its_findings_not_one_part(evidence: Evidence) -> None:
    answer = evidence.ask("Did the Cheston review find that most studies used blogs?")
    assert answer.answered and answer.kind != "conclusion" and "Blogs" in to_plain(answer)


def test_two_questions_in_one_sentence_each_keep_an_answer_when_the_first_spans_both_studies(
        evidence: Evidence) -> None:
    answer = evidence.ask("What kind of study is each one, and what advantages over print tools does the post list?")
    text = to_plain(answer)
    assert "Systematic literature review" in text and "ICEM" in text and "searchable" in text


def test_a_word_written_with_its_letters_out_of_order_is_the_known_word(evidence: Evidence) -> None:
    assert evidence.matcher.lexicon.correct("analisys") == "analysis"
    answer = evidence.ask("why no meta analisys")
    assert answer.answered and answer.kind == "limitations"


def test_gender_is_a_topic_of_the_field_that_the_seed_never_measured(evidence: Evidence) -> None:
    answer = evidence.ask("Did female speakers use LinkedIn more than male speakers?")
    assert not answer.answered and answer.note.startswith("Female and Male were not among what the studies measured")


def test_a_share_asked_of_prose_with_no_figure_is_declined(evidence: Evidence) -> None:
    assert what_is_asked(normalise("What satisfaction rate did learners report?", 60)).share
    assert not evidence.ask("What satisfaction rate did learners report in the reviewed studies?").answered
    assert "41.5%" in to_plain(evidence.ask("What percentage of speakers had LinkedIn?"))


@pytest.mark.parametrize(("question", "subject"), [
    ("Does the post explain what a wiki is?", "wiki"),
    ("can you tell me what MERSQI is", "mersqi"),
    ("does it say what the limitations are", ""),
])
def test_a_definition_asked_within_a_sentence_is_a_definition(question: str, subject: str) -> None:
    assert what_is_asked(normalise(question, 60)).subject == subject


def test_what_a_post_says_of_a_study_it_cites_is_that_studys_finding(evidence: Evidence) -> None:
    answer = evidence.ask("According to the post, how many speakers had LinkedIn?")
    assert answer.answered and "41.5%" in to_plain(answer)
    assert "71%" in to_plain(evidence.ask("Does the post say what share of studies used blogs?"))


@pytest.mark.parametrize("question", ["What sites or projects did the author found?",
                                      "What sites did the author of the post found?", "did rezaie found any websites"])
def test_found_after_did_with_a_person_its_subject_is_founding(evidence: Evidence, question: str) -> None:
    answer = evidence.ask(question)
    assert answer.answered and "REBEL Reviews" in to_plain(answer)
    assert not evidence.matcher.reader.founds("Did the authors say what they found?")
    assert not evidence.matcher.reader.founds("what did the neill study found")


def test_a_figure_word_that_a_finding_holds_as_its_topic_asks_for_no_number(evidence: Evidence) -> None:
    analysis = evidence.matcher.lexicon.analyse("which platform is singled out for its popularity")
    assert analysis.figure and analysis.figure_only_as_topic
    answer = evidence.ask("Which platform does the post single out as having grown especially in popularity?")
    assert answer.answered and "Twitter especially has grown in popularity" in to_plain(answer)


def test_an_average_is_a_mean_and_a_statistic_no_seed_finding_gives(evidence: Evidence,
                                                                    with_all_studies: Evidence) -> None:
    assert not evidence.ask("How many tweets did the average speaker send during the conference?").answered
    answer = with_all_studies.ask("What was the average score gain in the Twitter arm of the Haddad trial?")
    assert answer.answered and "Mean score gain, Twitter arm" in to_plain(answer)
    answer = with_all_studies.ask("What was the mean end-of-year anatomy exam score among the Discord server members?")
    assert answer.answered and "68.4%" in to_plain(answer)  # a group holds what its figures' labels say
    assert "Mean" not in evidence.ask("what does MERSQI mean").note


def test_what_a_figure_counts_is_held_by_each_figure_of_that_denominator(with_all_studies: Evidence) -> None:
    analysis = with_all_studies.matcher.lexicon.analyse("How many of the videos were posted by doctors?")
    assert analysis.asked_count_word == "videos"
    match = with_all_studies.matcher.explain("How many of the videos were posted by doctors?")
    physicians = next(c for c in match.candidates if c.target.finding == "creators" and c.target.stat == 0)
    assert physicians.score == match.candidates[0].score  # "Physicians: 38.3%" of 240 videos holds "videos" too


def test_a_rate_per_unit_of_time_needs_a_figure_per_that_unit(evidence: Evidence, with_third_study: Evidence) -> None:
    assert what_is_asked(normalise("How many tweets per hour were sent?", 60)).per == "hour"
    answer = evidence.ask("How many tweets per hour were sent during ICEM?")
    assert not answer.answered and "records no figure per hour" in answer.note
    answer = with_third_study.ask("How many residents in the national survey still used print textbooks each week?")
    assert answer.answered and "61" in to_plain(answer)  # a group "used at least weekly" holds the week


def test_which_one_thing_is_not_named_by_a_figure_about_any_such_thing(evidence: Evidence) -> None:
    answer = evidence.ask("Which specialty had the most studies in the review?")
    assert not answer.answered and "does not say which specialty" in answer.note  # "interest in a field: 14%"
    assert evidence.ask("Which platform was used most in the review?").answered


def test_when_is_answered_only_by_a_date_or_a_year(evidence: Evidence) -> None:
    answer = evidence.ask("When did Rezaie found ALiEM?")
    assert not answer.answered and "records no date" in answer.note
    assert not evidence.ask("When did ALiEM start?").answered  # the post alone: no date in it
    assert evidence.ask("When was the Neill paper published?").kind == "citation"
    assert not evidence.ask("When was the ALiEM post published?").answered  # undated: its title's years are others'
    assert not evidence.ask("On what date was this blog post published?").answered
    assert "records no date" in evidence.ask("In what year did Rezaie found R.E.B.E.L. EM?").note


def test_the_year_something_was_held_is_when_it_was_done_not_published(evidence: Evidence) -> None:
    answer = evidence.ask("What year was ICEM held?")
    assert answer.answered and answer.kind == "design" and "2012" in to_plain(answer)
    assert evidence.ask("What year was the Neill paper published?").kind == "citation"


def test_a_compound_is_read_by_its_last_word_only_after_a_word_or_a_prefix() -> None:
    lexicon = Lexicon.build(Vocabulary(), (), ("Gained knowledge", "Posted at night"))
    assert lexicon.analyse("acknowledged").terms[0].terms == {"acknowledg"}  # "ac" is neither a word nor a prefix
    assert "night" in lexicon.analyse("overnight").terms[0].terms


def test_what_a_study_acknowledged_is_what_it_says(evidence: Evidence) -> None:
    answer = evidence.ask("Name the limitations the review itself acknowledged.")
    assert answer.answered and answer.kind == "limitations"


def test_likes_and_photos_are_topics_of_the_field_and_like_stays_how_a_question_is_put(evidence: Evidence) -> None:
    assert not evidence.ask("How many likes did ICEM tweets get?").answered
    assert not evidence.ask("What percent of ICEM tweets had photos?").answered
    assert "41.5%" in to_plain(evidence.ask("I'd like to know the share of speakers on LinkedIn"))


def test_a_journals_abbreviation_is_spelled_out_like_an_acronym(evidence: Evidence) -> None:
    answer = evidence.ask("What journal is Acad Med short for?")
    assert answer.answered and "Acad Med is short for Academic Medicine." in to_plain(answer)
    assert "ICEM is short for" in to_plain(evidence.ask("What does ICEM stand for?"))


@pytest.mark.parametrize("question", ["Where does Rezaie work?", "rezaie where does he work",
                                      "What does Rezaie do at ALiEM?"])
def test_who_or_where_of_a_person_named_alone_is_answered_by_the_authors(evidence: Evidence, question: str) -> None:
    answer = evidence.ask(question)
    assert answer.answered and "San Antonio" in to_plain(answer)
    assert evidence.ask("Who are Neill et al?").kind == "authors"
    assert evidence.ask("Where was the Neill study done?").kind != "authors"  # no person asked about


@pytest.mark.parametrize(("question", "held"), [
    pytest.param("Who authored the systematic review on social media use in medical education?", "Cheston CC",
                 id="who authored: its authors"),
    pytest.param("Did the review call for more research?", "merits further investigation",
                 id="what a study calls for: its conclusion"),
    pytest.param("How many tweets were analysed in the ICEM study?", "4,500",
                 id="how a study handled what it counts: no topic"),
])
def test_a_question_in_its_own_words_is_answered(evidence: Evidence, question: str, held: str) -> None:
    answer = evidence.ask(question)
    assert answer.answered and held in to_plain(answer)


def test_studies_that_cite_something_mention_it_and_ask_for_no_citation(evidence: Evidence) -> None:
    answer = evidence.ask("Did fewer than half of the studies cite technical issues?")
    assert answer.answered and "43%" in to_plain(answer)
    assert evidence.ask("cite the systematic review").kind == "citation"


def test_a_group_a_study_counts_in_other_figures_is_not_held_by_these(evidence: Evidence) -> None:
    assert not evidence.ask("What percentage of the conference tweets came from the speakers themselves?").answered
    answer = evidence.ask("How many individual people tweeted about the conference?")
    assert answer.answered and ">400" in to_plain(answer)


@pytest.mark.parametrize("question", ["Which of the 14 studies was the randomized trial?",
                                      "Which study in the review used Facebook, and what did it find?",
                                      "What was the sample size of the single randomized controlled trial reviewed?"])
def test_one_study_among_those_a_review_counts_is_declined(evidence: Evidence, question: str) -> None:
    answer = evidence.ask(question)
    assert not answer.answered
    assert "does not name or describe them one by one" in to_plain(answer)


def test_which_study_of_the_knowledge_base_is_still_answered(evidence: Evidence) -> None:
    answer = evidence.ask("Which study reported active learning as an opportunity?")
    assert answer.answered and "Cheston et al. 2013" in to_plain(answer)
    assert evidence.ask("Which of the two papers was published first?").answered
    assert evidence.ask("How many RCTs were in the review?").kind == "limitations"  # "Only one randomized ..."


def test_who_or_where_from_asks_for_people_not_a_figure_that_names_none(evidence: Evidence) -> None:
    answer = evidence.ask("Where did a very large portion of the clinical tweets at the conference come from?")
    assert answer.answered and "non-attendees" in to_plain(answer)
    assert what_is_asked(normalise("Share of studies whose goal was to increase interest?")).who is False  # relative
    assert "14%" in to_plain(evidence.ask("Share of studies whose goal was to increase interest in a field?"))


@pytest.mark.parametrize("question", ["What percentage of speakers were on both Twitter and LinkedIn?",
                                      "Of the speakers with a blog, what percentage also used Twitter?",
                                      "How many of the 212 speakers were on LinkedIn, Twitter and a blog at once?"])
def test_those_in_two_groups_at_once_are_not_given_by_each_groups_figure(evidence: Evidence, question: str) -> None:
    answer = evidence.ask(question)
    assert not answer.answered and "gives each figure on its own" in answer.note


def test_both_studies_or_a_claimed_figure_join_no_groups(evidence: Evidence) -> None:
    assert "14%" in to_plain(evidence.ask("Were both Twitter and Facebook used in 14% of studies?"))
    assert evidence.ask("how common were twitter and facebook in both studies").answered


def test_what_was_shown_is_not_answered_by_a_count_of_what_was_aimed_at(evidence: Evidence) -> None:
    assert not evidence.ask("What percentage of the studies showed an improvement in knowledge?").answered
    assert "50%" in to_plain(evidence.ask("How many studies aimed to show improved knowledge?"))


def test_a_figure_asked_of_one_named_person_is_declined(evidence: Evidence) -> None:
    answer = evidence.ask("How many tweets did Mike Cadogan post during the conference?")
    assert not answer.answered and "no one person's numbers" in answer.note
    assert evidence.ask("Was Mike Cadogan an author of the ICEM paper?").kind == "authors"


def test_what_were_the_xs_of_a_figure_naming_one_of_them_is_its_group(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    study = yaml.safe_load(THIRD_STUDY.read_text(encoding="utf-8"))
    concerns = next(finding for finding in study["findings"] if finding["id"] == "concerns")
    concerns["stats"][2]["label"] = "Had technical problems"  # a figure that names the group's own word
    (folder / THIRD_STUDY.name).write_text(yaml.safe_dump(study, sort_keys=False), encoding="utf-8")
    answer = Evidence.load(folder).ask("What were the main problems in the Okafor survey?")
    assert answer.answered and answer.kind == "finding"
    assert "Unsure whether the content was accurate: 58.7%" in to_plain(answer)


def test_a_numbered_reference_is_that_study_as_the_post_cites_them(evidence: Evidence) -> None:
    answer = evidence.ask("Which paper is reference 2 in the post, and where was it published?")
    assert answer.answered and "Emerg Med J" in to_plain(answer)
    assert "no 3rd reference" in evidence.ask("What does reference 3 say?").note


def test_what_a_source_recommends_or_how_to_cite_it_is_no_advice(evidence: Evidence) -> None:
    assert evidence.ask("what does the post say we should study next?").kind == "bottom_line"
    assert evidence.ask("how do I cite the review?").kind == "citation"


def test_people_in_general_are_not_counted_by_a_figure_of_some_people(evidence: Evidence) -> None:
    assert not evidence.ask("How many people physically attended ICEM 2012 in total?").answered  # 34% of tweeters
    assert "34%" in to_plain(evidence.ask("what share of people tweeting were there in person?"))


def test_a_count_is_of_what_its_label_names(evidence: Evidence) -> None:
    answer = evidence.ask("How many people tweeted about ICEM?")  # ">400 people who produced tweets", not 34% of them
    assert answer.answered and ">400" in to_plain(answer) and not answer.title.startswith("Tweeters physically")


def test_percent_signs_written_as_a_plural_ask_for_percentages(evidence: Evidence) -> None:
    assert normalise("the challenges + %s?")[-1] == "percentages"
    answer = evidence.ask("biggest challenges listed for SM in med ed + %s? pls quick")
    assert answer.answered and "Technical issues: 43%" in to_plain(answer)


def test_a_label_before_a_colon_is_context_only_when_it_holds_nothing_asked(evidence: Evidence) -> None:
    message = read_message("Two-parter for my grand rounds: how many tweets were there?", aside=lambda words: True)
    assert message.questions == ("how many tweets were there?",)
    assert read_message("Technical problems: how common were they?").questions == (
        "Technical problems: how common were they?",)
    answer = evidence.ask("Two-parter for my grand rounds: how many tweets were there at ICEM 2012, and how many "
                          "people produced them?")
    assert answer.answered and "4,500" in to_plain(answer) and ">400" in to_plain(answer)
    assert "43%" in to_plain(evidence.ask("Technical problems: how common were they in the review?"))


def test_the_kind_asked_without_specific_ones_is_still_answered(evidence: Evidence) -> None:
    assert "Technical issues: 43%" in to_plain(evidence.ask("what technical issues did studies report?"))


VIDEO_STUDY = """\
id: lind-2023
kind: study
title: Who makes short teaching videos on heart sounds, and how accurate are they
authors:
- Lind KA
journal: J Demo Media
year: 2023
methods:
- Two cardiologists rated each video as accurate or inaccurate
- Educational quality scored with a modified DISCERN tool
findings:
- id: makers
  topic: Who made the videos
  denominator:
    n: 120
    unit: videos
  stats:
  - label: Physicians
    value: 40.0%
    count: 48
  - label: Nurses
    value: 60.0%
    count: 72
- id: accuracy
  topic: Accuracy of the videos
  stats:
  - label: Rated inaccurate
    value: 15.0%
    count: 18
    denominator:
      n: 120
      unit: videos
  - label: Rated accurate
    value: 85.0%
    count: 102
    denominator:
      n: 120
      unit: videos
  - label: Inaccurate among videos by physicians
    value: 4.2%
    count: 2
    denominator:
      n: 48
      unit: videos by physicians
- id: topics
  topic: Heart sound topics covered
  denominator:
    n: 120
    unit: videos
  stats:
  - label: Murmurs
    value: 55.0%
    count: 66
  - label: Gallops
    value: 45.0%
    count: 54
- id: by-platform
  topic: Differences between r/anatomy and r/surgery
  stats:
  - label: Murmur videos on r/anatomy
    value: 70.0%
    count: 42
    denominator:
      n: 60
      unit: r/anatomy videos
  - label: Murmur videos on r/surgery
    value: 40.0%
    count: 24
    denominator:
      n: 60
      unit: r/surgery videos
limitations:
- One platform only
conclusion: Most videos were made by nurses.
"""


@pytest.fixture(scope="module")
def with_video_study(tmp_path_factory: pytest.TempPathFactory) -> Evidence:
    return knowledge_with(tmp_path_factory, "lind-2023.yaml", VIDEO_STUDY)


def test_a_figure_whose_whole_label_is_asked_outranks_a_figure_that_holds_its_word(with_video_study: Evidence) -> None:
    answer = with_video_study.ask("How many of the videos were posted by doctors?")
    assert answer.answered and "40.0%" in to_plain(answer)


def test_a_topic_is_the_word_a_study_names_its_findings_by(with_video_study: Evidence) -> None:
    answer = with_video_study.ask("What was the most common topic in the heart sound videos?")
    assert answer.answered and "Murmurs: 55.0%" in to_plain(answer)


@pytest.mark.parametrize("question", ["What tool did they use to score educational quality in the Lind study?",
                                      "How did Lind decide whether a video was accurate?"])
def test_how_something_was_measured_is_in_the_methods(with_video_study: Evidence, question: str) -> None:
    answer = with_video_study.ask(question)
    assert answer.answered and answer.kind == "design" and "DISCERN" in to_plain(answer)


def test_an_instrument_the_methods_do_not_name_is_declined(evidence: Evidence) -> None:
    assert not evidence.ask("Which tool did the systematic review use to assess study quality?").answered


def test_accurate_is_a_topic_and_is_it_accurate_asks_whether_a_claim_holds(with_video_study: Evidence,
                                                                          with_third_study: Evidence) -> None:
    assert "85.0%" in to_plain(with_video_study.ask("What share of the Lind videos were accurate?"))
    assert "Blogs: 71%" in to_plain(with_video_study.ask("Is it accurate that 71% of studies used blogs?"))
    assert "58.7%" in to_plain(with_third_study.ask("Did more than half of the respondents worry about accuracy?"))


def test_a_share_the_design_states_answers_a_figure_question(with_third_study: Evidence) -> None:
    answer = with_third_study.ask("What was the response rate for the Okafor survey?")
    assert answer.answered and answer.kind == "design" and "75.7%" in to_plain(answer)


def test_filling_in_a_survey_is_responding_to_it(with_third_study: Evidence) -> None:
    answer = with_third_study.ask("How many residents filled in the survey?")
    assert answer.answered and "312" in to_plain(answer)


def test_a_role_asked_for_must_be_one_the_source_records(evidence: Evidence) -> None:
    assert not evidence.ask("Who is the editor-in-chief of ALiEM?").answered  # he is its associate editor
    assert not evidence.ask("What's the ALiEM editor-in-chief's name?").answered
    assert not evidence.ask("What is the name of the editor in chief of ALiEM?").answered
    assert "Salim Rezaie" in to_plain(evidence.ask("Who is the associate editor at ALiEM?"))
    assert "Cadogan" in to_plain(evidence.ask("Who was the senior (last) author of the conference social media study?"))


@pytest.mark.parametrize(("question", "figure"), [("What share of the Lind videos were wrong?", "15.0%"),
                                                  ("How many of the Lind videos were incorrect?", "15.0%")])
def test_the_words_of_the_field_for_a_figure_find_it(with_video_study: Evidence, question: str, figure: str) -> None:
    answer = with_video_study.ask(question)
    assert answer.answered and figure in to_plain(answer)


REDDIT_STUDY = TESTS / "fixtures" / "haddad-2022.yaml"


@pytest.fixture(scope="module")
def with_reddit_study(tmp_path_factory: pytest.TempPathFactory) -> Evidence:
    return knowledge_with(tmp_path_factory, REDDIT_STUDY.name, REDDIT_STUDY.read_text(encoding="utf-8"))


def test_a_subgroup_given_other_figures_is_not_answered_with_everyone(with_reddit_study: Evidence) -> None:
    answer = with_reddit_study.ask("what share of r/medicalschool threads were questions about a specific medical concept?")
    assert not answer.answered  # 17.8% is of all threads; the r/medicalschool figures are of other things
    answer = with_reddit_study.ask("what share of r/medicalschool threads were requests for study resources?")
    assert answer.answered and "29.2%" in to_plain(answer)


def test_whether_something_improved_an_outcome_is_not_what_was_aimed_at(evidence: Evidence) -> None:
    assert not evidence.ask("Did social media actually improve knowledge test scores in the review?").answered
    answer = evidence.ask("What % of studies aimed to enhance clinical skills or knowledge?")
    assert answer.answered and "50%" in to_plain(answer)


def test_a_figure_counted_during_an_event_still_answers_during_it(evidence: Evidence) -> None:
    assert "4,500" in to_plain(evidence.ask("How many tweets were sent during the conference?"))


def test_what_a_limitation_says_was_never_measured_is_declined_with_it(with_reddit_study: Evidence) -> None:
    answer = with_reddit_study.ask("did using reddit actually improve exam scores in the haddad study?")
    assert not answer.answered
    assert "states this as a limitation: did not measure whether using Reddit affected" in to_plain(answer)
    answer = with_reddit_study.ask("Did the Haddad study measure whether Reddit affected exam scores?")
    assert answer.answered and answer.kind == "limitations"


def test_a_word_and_its_number_match_the_knowledge_base_written_together(with_reddit_study: Evidence) -> None:
    answer = with_reddit_study.ask("in the step 1 subreddit, how many of the threads were about wellbeing?")
    assert answer.answered and "4.7%" in to_plain(answer)


def test_a_short_form_is_the_knowledge_base_word_it_starts_before_one_it_is_scattered_in() -> None:
    lexicon = Lexicon.build(Vocabulary(), (), ("More feedback", "The majority of studies", "Motor skills"))
    assert lexicon.correct("mor") == "more"


def test_who_was_not_able_to_do_something_is_who_did_it_not_what_is_asked(evidence: Evidence) -> None:
    answer = evidence.ask("Why weren't the review authors able to pool the data in a meta-analysis?")
    assert answer.answered and answer.kind == "limitations" and "heterogeneous" in to_plain(answer)


def test_which_platform_is_answered_by_the_one_platform_a_passage_names(evidence: Evidence) -> None:
    answer = evidence.ask("According to the post, which platform especially has grown in popularity?")
    assert answer.answered and "Twitter especially has grown in popularity" in to_plain(answer)
    assert not evidence.ask("Which platform does the author use for his blog?").answered  # the summary names three


def test_the_population_a_study_targeted_is_in_its_questions(evidence: Evidence) -> None:
    answer = evidence.ask("Who was the target population of the interventions in the systematic review?")
    assert answer.answered and "physicians-in-training" in to_plain(answer)


def test_what_a_post_says_at_the_start_is_its_introduction(evidence: Evidence) -> None:
    answer = evidence.ask("Which examples of social media does the post give at the very start?")
    assert answer.answered and "Facebook, twitter, and blogs" in to_plain(answer)


def test_a_summary_asked_in_a_long_message_gets_the_study_overview_with_its_figures(evidence: Evidence) -> None:
    answer = evidence.ask("I'm a program director thinking about launching a blog and a Twitter feed for our residents. "
                          "Before I pitch it to faculty, can you summarise what the systematic review found in terms of "
                          "which tools people used, what the benefits were, and what went wrong, with the numbers?")
    assert answer.answered and "Blogs 71%" in to_plain(answer) and "Technical issues 43%" in to_plain(answer)
    assert "Technical issues: 43%" in to_plain(evidence.ask("summarise the challenges the review found"))


def test_what_the_authors_themselves_admitted_is_what_they_say(with_video_study: Evidence) -> None:
    answer = with_video_study.ask("Could you summarise the weaknesses the Lind authors themselves admitted?")
    assert answer.answered and answer.kind == "limitations"


@pytest.mark.parametrize(("question", "said"), [
    ("Were most of the people tweeting about ICEM actually in attendance?", "34%"),
    ("For the conference speakers, what did the Neill group try to measure?", "presence and"),
])
def test_the_ways_members_ask_what_a_study_set_out_to_do_and_who_was_there(evidence: Evidence, question: str,
                                                                            said: str) -> None:
    answer = evidence.ask(question)
    assert answer.answered and said in to_plain(answer)


def test_a_field_not_yet_settled_is_an_emerging_one(evidence: Evidence) -> None:
    answer = evidence.ask("Does the systematic review treat social media in med ed as settled, or as something that "
                          "still needs more study?")
    assert answer.answered and "emerging" in to_plain(answer)


def test_a_question_with_no_words_of_its_own_is_read_with_the_statement_before_it(evidence: Evidence) -> None:
    answer = evidence.ask("I'm a medical librarian helping a resident with a search. She needs the page numbers for "
                          "the Neill paper. Can you give them?")
    assert answer.answered and "401" in to_plain(answer) and answer.kind == "citation"


def test_a_clause_about_the_member_before_the_question_is_context() -> None:
    message = read_message("Before I pitch it to faculty, can you tell me how many tweets were sent at ICEM?")
    assert message.questions == ("can you tell me how many tweets were sent at ICEM?",)
    assert message.context == ("Before I pitch it to faculty",)


def test_who_wrote_a_study_is_not_a_limitation_that_mentions_its_authors(with_reddit_study: Evidence) -> None:
    answer = with_reddit_study.ask("who are the authors of the Reddit content analysis?")  # "the authors could not ..."
    assert answer.answered and answer.kind == "authors" and "Nakashima" in to_plain(answer)


@pytest.mark.parametrize("question", [
    pytest.param("Did LinkedIn use among the speakers differ between junior and senior speakers?", id="between"),
    pytest.param("How many speakers used LinkedIn daily rather than at all?", id="rather than"),
])
def test_a_distinction_the_base_lacks_is_not_filler(evidence: Evidence, question: str) -> None:
    assert not evidence.ask(question).answered  # "junior", "daily": common English, but what is asked
    assert "41.5%" in to_plain(evidence.ask("Did LinkedIn use differ among the speakers?"))


def test_words_set_apart_are_those_asked_rather_than_another() -> None:
    assert contrasted("daily rather than weekly, between junior and senior") == {"daily", "junior", "senior"}
    assert contrasted("clinical content vs noise") == set()  # both sides asked: the one held answers


def test_a_share_claimed_roughly_is_shown_as_stated_without_a_verdict(with_reddit_study: Evidence) -> None:
    claim = read_claim(normalise("I read that about 70% of the claims were accurate, is that right?", 60))
    assert claim is not None and claim.op == "~" and claim.token == "70"  # the claim's number is no figure to match
    answer = with_reddit_study.ask("I read that about 70% of the medical claims on reddit were accurate in the Haddad "
                                   "paper, is that right?")
    text = to_plain(answer)
    assert answer.answered and "71.5%" in text and "Yes:" not in text and "No:" not in text


def test_the_authors_named_by_their_study_before_a_reporting_verb_speak() -> None:
    request = what_is_asked(normalise("What did the authors of the Reddit content analysis conclude?", 60))
    assert "authors" in request.speakers  # what they concluded is asked, not who they are


def test_what_the_authors_of_a_named_study_say_is_not_their_names(evidence: Evidence) -> None:
    answer = evidence.ask("what did the authors of the ICEM conference study recommend?")
    assert answer.answered and answer.kind != "authors"


def test_a_misspelt_part_word_is_held_as_the_plain_word_it_was_read_as(with_reddit_study: Evidence) -> None:
    answer = with_reddit_study.ask("how many reddit claims cited sourses in the haddad study?")  # "sources": a citation?
    assert answer.answered and "<5%" in to_plain(answer)


@pytest.mark.parametrize("question", [
    "What did the post say was the most common reason people used social media for teaching?",
    "Does the review say blogs were the most frequently used tool?",
])
def test_the_most_common_is_a_rank_not_a_claim_about_a_majority(question: str) -> None:
    assert read_claim(normalise(question, 60)) is None
    assert read_claim(normalise("Does the review say most studies used blogs?", 60)) is not None


@pytest.mark.parametrize(("question", "kind"), [
    pytest.param("the reddit content analysis authors?", "authors", id="authors"),  # "the authors could not confirm"
    pytest.param("what year is the reddit content analysis from", "citation", id="year"),  # "their year of study"
])
def test_a_citation_word_in_a_sections_prose_asks_for_no_part_of_it(with_reddit_study: Evidence, question: str,
                                                                     kind: str) -> None:
    answer = with_reddit_study.ask(question)
    assert answer.answered and answer.kind == kind


TRIAL_STUDY = """\
id: berg-2024
kind: study
title: A video primer before suturing class, a randomized trial
authors:
- Berg LM
journal: J Demo Trials
year: 2024
findings:
- id: skills
  topic: Suturing skill at the end of the course
  stats:
  - label: Adjusted difference in suturing score, primer minus no primer (p=0.03)
    value: '2.4'
    unit: points
limitations:
- One course only
"""


@pytest.fixture(scope="module")
def with_trial_study(tmp_path_factory: pytest.TempPathFactory) -> Evidence:
    return knowledge_with(tmp_path_factory, "berg-2024.yaml", TRIAL_STUDY)


def test_a_p_value_written_as_p_equals_is_a_p_value(with_trial_study: Evidence) -> None:
    assert normalise("(p=0.27), p < 0.05") == ("p", "value", "0.27", "p", "value", "0.05")
    answer = with_trial_study.ask("What p value did the Berg trial report for the suturing score?")
    assert answer.answered and "p=0.03" in to_plain(answer)


def test_where_a_study_was_carried_out_is_its_design(evidence: Evidence) -> None:
    answer = evidence.ask("Where was the ICEM study carried out?")
    assert answer.answered and answer.kind == "design"
    assert not evidence.ask("Where was ICEM 2012 held?").answered  # a place no knowledge file records


def test_a_word_and_number_written_together_are_read_apart_when_the_base_writes_them_so() -> None:
    lexicon = Lexicon.build(Vocabulary(), (), ("Junior residents (PGY-1 and PGY-2)", "Step1 threads"))
    written = [term.wrote for term in lexicon.analyse("pgy1 residents").terms]
    assert "pgy" in written and "pgy1" not in written
    assert "step1" in [term.wrote for term in lexicon.analyse("step1 threads").terms]  # written together there


def test_which_things_a_design_only_counts_are_not_named(with_third_study: Evidence) -> None:
    answer = with_third_study.ask("Which 9 residency programs were in the survey?")
    assert not answer.answered
    assert "gives the number of programs but does not name them" in to_plain(answer)
    assert with_third_study.ask("How many residency programs were in the Okafor survey?").answered


def test_a_typo_is_read_as_the_closest_spelling_not_the_first_anagram() -> None:
    lexicon = Lexicon.build(Vocabulary(), (), ("Exam scores", "Claims that cited one of the sources", "Content analysis"))
    assert lexicon.correct("sorces") == "sources"  # "scores" has the same letters, but is further from it
    assert lexicon.correct("analisys") == "analysis"
    lexicon = Lexicon.build(Vocabulary(), (), ("Videos showing at least one unsafe step", "Hospital sites"))
    assert lexicon.correct("stpes") == "step"  # two letters swapped: one edit, where "sites" is two


@pytest.mark.parametrize("question", [
    "what's the full reference for the Twitter conference study?",
    "what journal is the conference tweeting study from",
    "which journal published the study about tweeting at an emergency medicine conference?",
])
def test_the_words_describing_a_paper_name_it_when_its_citation_is_asked(evidence: Evidence, question: str) -> None:
    answer = evidence.ask(question)  # "twitter" says which paper: its citation need not hold it
    assert answer.answered and answer.kind in ("citation", "journal") and "Emerg Med J" in to_plain(answer)


def test_the_words_describing_a_paper_name_it_when_another_part_is_asked(evidence: Evidence) -> None:
    answer = evidence.ask("what did the study about tweeting at ICEM conclude?")
    assert answer.answered and answer.kind == "conclusion" and "non-attendees" in to_plain(answer)
