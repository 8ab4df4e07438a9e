"""Deterministic synthetic knowledge bases and member questions, for benchmarking the matcher at scale.

A "finding" in the benchmark's sizes is one statistic (a :class:`~bot.schema.Stat`). Statistics come 4-6 to a finding
group and groups 3-6 to a source, so 100,000 findings are about 20,000 groups in 5,000 sources. Texts are combined
from word pools (platforms, specialties, learners, outcomes, settings, countries, events, ...) picked with a Zipf-like
skew, so a few words are everywhere and most are rare, as in real abstracts. Records are built directly, without a
YAML round trip, but keep the schema's rules (a derived count agrees with its percentage of an exact denominator).
The same seed always gives the same records and questions, and a larger base begins with the sources of a smaller
one (all but its last, trimmed source).
"""

from __future__ import annotations

import math
import random
import re
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate
from typing import TypeVar

from bot.knowledge import KnowledgeBase
from bot.schema import Denominator, Design, Finding, Source, Stat, Value, parse_value

T = TypeVar("T")

PLATFORMS = (
    "Twitter", "Facebook", "YouTube", "blogs", "podcasts", "wikis", "Instagram", "LinkedIn", "WhatsApp", "Reddit",
    "Slack", "Google Plus", "Wikipedia", "TikTok", "Doximity", "ResearchGate", "Figure1", "Pinterest", "Snapchat",
    "Tumblr", "Flickr", "Telegram", "WeChat", "Discord", "Microsoft Teams", "Vimeo", "SoundCloud", "Sermo", "Yammer",
    "Edmodo", "Moodle forums", "Second Life", "Periscope", "Twitch", "Mastodon", "Bluesky", "Threads",
)
SPECIALTIES = (
    "emergency medicine", "internal medicine", "general surgery", "pediatrics", "psychiatry", "radiology",
    "dermatology", "anesthesiology", "obstetrics and gynecology", "family medicine", "cardiology", "nephrology",
    "neurology", "oncology", "urology", "orthopaedics", "ophthalmology", "otolaryngology", "pathology",
    "plastic surgery", "critical care", "geriatrics", "infectious diseases", "gastroenterology", "endocrinology",
    "rheumatology", "pulmonology", "hematology", "palliative care", "sports medicine", "toxicology", "neonatology",
    "nuclear medicine", "vascular surgery", "neurosurgery", "public health", "global health", "pharmacy", "nursing",
    "dentistry", "physiotherapy", "anatomy", "medical genetics", "allergy and immunology",
)
LEARNERS = (
    "medical students", "residents", "faculty", "interns", "fellows", "nurses", "attending physicians",
    "first-year medical students", "clinical clerks", "senior residents", "junior doctors", "chief residents",
    "program directors", "nursing students", "pharmacy students", "physician assistants", "paramedics",
    "dental students", "clerkship directors", "early-career physicians", "international medical graduates",
    "medical educators", "department chairs", "medical librarians", "simulation educators", "registrars",
)
SETTINGS = (
    "journal club", "morning report", "grand rounds", "simulation lab", "bedside teaching", "flipped classroom",
    "online course", "clerkship", "residency program", "workshop", "anatomy lab", "problem-based learning tutorial",
    "case conference", "tumor board", "virtual rounds", "MOOC", "board review course", "orientation week",
    "continuing medical education course", "away rotation", "night float", "skills lab",
)
COUNTRIES = (
    "the United States", "Canada", "the United Kingdom", "Ireland", "Australia", "New Zealand", "India", "Pakistan",
    "Saudi Arabia", "Egypt", "Nigeria", "Kenya", "South Africa", "Brazil", "Mexico", "Chile", "Germany", "France",
    "the Netherlands", "Spain", "Italy", "Sweden", "Norway", "Denmark", "Switzerland", "Turkey", "Iran", "China",
    "Japan", "South Korea", "Singapore", "Malaysia", "Indonesia", "the Philippines", "Thailand", "Lebanon", "Jordan",
)
EVENTS = (
    "ICEM", "SMACC", "the ACEP Scientific Assembly", "the SAEM Annual Meeting", "AMEE", "the Ottawa Conference",
    "ICRE", "CCME", "DFTB", "EuSEM", "ASCO", "RSNA", "ACC", "DDW", "SGIM", "the AAMC Learn Serve Lead meeting",
    "CAEP", "ACEM", "the RCEM Annual Conference", "the APA Annual Meeting", "AAD", "the ATS Conference",
)
RESOURCES = tuple(f"{head}{tail}" for head in (
    "EM", "Pulm", "Rad", "Peds", "Derm", "Neuro", "Tox", "Crit", "Sono", "Onc", "Nephro", "Cardio", "Surg", "Path",
    "Anes", "Ortho", "Psych", "Gastro", "Heme", "Geri",
) for tail in (
    "Cast", "Crit", "Docs", "Pearls", "Rounds", "Bytes", "Club", "Notes", "Talk", "Hub", "Scope", "Wire", "Minute",
    "Lab", "Cards", "Quest", "Bits", "Files", "Base", "Watch",
))
CITIES = (
    "Boston", "Toronto", "Dublin", "Cork", "London", "Leeds", "Sydney", "Melbourne", "Auckland", "Mumbai", "Lahore",
    "Riyadh", "Cairo", "Lagos", "Nairobi", "Cape Town", "Sao Paulo", "Mexico City", "Santiago", "Berlin", "Munich",
    "Paris", "Lyon", "Amsterdam", "Madrid", "Milan", "Stockholm", "Oslo", "Copenhagen", "Zurich", "Istanbul", "Tehran",
    "Beijing", "Shanghai", "Tokyo", "Osaka", "Seoul", "Singapore", "Kuala Lumpur", "Jakarta", "Manila", "Bangkok",
    "Beirut", "Amman", "Chicago", "Denver", "Seattle", "Atlanta", "Houston", "Vancouver", "Calgary", "Montreal",
)
INSTITUTIONS = tuple(f"{city} {kind}" for city in CITIES for kind in (
    "University Hospital", "Medical School", "Children's Hospital", "General Hospital", "School of Nursing",
))
HASHTAGS = ("#FOAMed", "#MedEd", "#MedTwitter", "#MedStudentTwitter", "#SoMe", "#TweetChat", "#RadEd", "#SurgEd")
ACTIVITIES = (
    "sharing clinical cases", "live-tweeting lectures", "following journal accounts", "posting educational videos",
    "reading medical blogs", "listening to podcasts", "discussing articles online", "asking peers for advice",
    "searching for guidelines", "watching procedure videos", "networking with mentors", "promoting their research",
    "crowdsourcing diagnoses", "reviewing board questions", "joining Twitter chats", "curating reading lists",
    "writing blog posts", "recording podcasts", "commenting on preprints", "joining online journal clubs",
    "sharing infographics", "posting visual abstracts", "moderating discussion groups", "recruiting study participants",
    "advertising residency programs", "tracking conference hashtags", "studying for exams", "finding job openings",
)
OUTCOMES = (
    "knowledge scores", "exam performance", "learner satisfaction", "self-reported confidence", "knowledge retention",
    "clinical reasoning", "engagement", "attendance", "sense of belonging", "burnout", "empathy", "reflective writing",
    "procedural skills", "teamwork", "communication skills", "professional identity", "article downloads",
    "citation counts", "Altmetric scores", "match rates", "time on task", "information overload",
    "perceived usefulness", "perceived ease of use", "quality of peer feedback", "wellbeing", "career interest",
)
BENEFITS = (
    "active learning", "more feedback", "enhanced collaboration", "professional development", "networking",
    "career advancement", "supportive learning communities", "rapid dissemination", "access to experts",
    "flexible timing", "asynchronous learning", "low cost", "searchable content", "interactivity",
    "exposure to new evidence", "mentorship", "patient advocacy", "public engagement", "global reach", "peer support",
)
BARRIERS = (
    "technical issues", "variable learner participation", "privacy concerns", "security concerns", "lack of time",
    "information overload", "unprofessional content", "blurred boundaries", "institutional restrictions",
    "poor internet access", "fear of judgment", "lack of faculty training", "misinformation", "copyright concerns",
    "distraction", "cyberbullying", "unclear policies", "low credibility", "patient confidentiality risks", "workload",
)
LAPSES = (
    "unprofessional photos", "patient privacy breaches", "profanity", "depictions of intoxication",
    "discriminatory language", "sexually suggestive content", "disparaging colleagues", "identifiable patient images",
    "sharing exam content", "criticism of employers", "unverified medical advice", "undisclosed conflicts of interest",
)
CONTENT = (
    "clinical pearls", "links to articles", "conference logistics", "personal opinions", "promotion of talks",
    "questions to speakers", "photos of slides", "humour", "research results", "critiques of evidence",
    "guideline updates", "case images", "job announcements", "wellness messages", "calls to action",
)
COUNT_LABELS = (
    "tweets", "unique tweeters", "retweets", "impressions", "followers gained", "blog posts", "podcast downloads",
    "video views", "page views", "comments", "likes", "hashtag uses", "participants", "messages", "replies", "mentions",
)
LABEL_MODIFIERS = (
    "at least weekly", "daily", "at baseline", "after six months", "among {learners}", "in {country}",
    "for {specialty} content", "before the course", "(self-reported)", "in the intervention group",
    "in the control group", "on mobile devices", "during the {setting}", "at {institution}", "in {year}",
)
DESIGNS = (  # type, unit, smallest and largest sample
    ("cross-sectional survey", "respondents", 40, 3000), ("systematic review", "studies", 8, 120),
    ("scoping review", "articles", 20, 400), ("randomized controlled trial", "participants", 30, 600),
    ("prospective cohort study", "residents", 20, 500), ("qualitative study", "interviews", 8, 60),
    ("content analysis", "tweets", 500, 50000), ("mixed-methods study", "learners", 20, 800),
    ("retrospective review", "posts", 100, 5000), ("bibliometric analysis", "articles", 50, 2000),
    ("before-and-after study", "students", 30, 400), ("Delphi study", "experts", 10, 60),
    ("focus group study", "participants", 12, 80), ("national audit", "programs", 10, 250),
)
JOURNALS = (
    ("Acad Med", "Academic Medicine"), ("Med Educ", "Medical Education"), ("Med Teach", "Medical Teacher"),
    ("Emerg Med J", "Emergency Medicine Journal"), ("J Grad Med Educ", "Journal of Graduate Medical Education"),
    ("BMC Med Educ", "BMC Medical Education"), ("West J Emerg Med", "Western Journal of Emergency Medicine"),
    ("AEM Educ Train", "AEM Education and Training"), ("Clin Teach", "The Clinical Teacher"),
    ("Perspect Med Educ", "Perspectives on Medical Education"),
    ("J Med Internet Res", "Journal of Medical Internet Research"),
    ("Postgrad Med J", "Postgraduate Medical Journal"), ("Teach Learn Med", "Teaching and Learning in Medicine"),
    ("Adv Health Sci Educ", "Advances in Health Sciences Education"),
    ("CJEM", "Canadian Journal of Emergency Medicine"),
    ("Ann Emerg Med", "Annals of Emergency Medicine"), ("J Surg Educ", "Journal of Surgical Education"),
    ("Anat Sci Educ", "Anatomical Sciences Education"), ("Nurse Educ Today", "Nurse Education Today"),
    ("JMIR Med Educ", "JMIR Medical Education"),
)
SURNAMES = (
    "Smith", "Nguyen", "Patel", "Garcia", "Kim", "Okafor", "Muller", "Rossi", "Tanaka", "Silva", "Cohen", "Haddad",
    "Kowalski", "Andersen", "Murphy", "Walsh", "Chen", "Wang", "Singh", "Khan", "Ahmed", "Lopez", "Martin", "Dubois",
    "Jansen", "Novak", "Ivanova", "Popescu", "Yilmaz", "Sato", "Park", "Lee", "Brown", "Wilson", "Taylor", "Thomas",
    "Roberts", "Campbell", "Stewart", "Morris", "Bhatia", "Kapoor", "Mehta", "Osei", "Mensah", "Abdullah", "Farouk",
    "Mahmoud", "Nakamura", "Suzuki", "Yamamoto", "Hernandez", "Gonzalez", "Ramirez", "Torres", "Flores", "Rivera",
    "Gomez", "Diaz", "Reyes", "Cruz", "Morales", "Ortiz", "Gutierrez", "Chavez", "Ramos", "Ruiz", "Alvarez", "Mendoza",
    "Castillo", "Jimenez", "Moreno", "Romero", "Herrera", "Medina", "Aguilar", "Vargas", "Castro", "Fischer", "Weber",
    "Schneider", "Becker", "Hoffmann", "Schulz", "Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Braun",
)
LIMITATIONS = (
    "Single-centre study in {country}", "Self-reported data, open to recall bias", "Low response rate among {learners}",
    "No comparison group", "Short follow-up", "Only English-language {platform} posts were analysed",
    "Convenience sample of {learners}", "Outcomes limited to {outcome}", "Studies too heterogeneous for meta-analysis",
    "Identities of {platform} users could not be verified", "No long-term outcomes such as change in practice",
    "Volunteer participants may be more enthusiastic about {platform} than their peers",
    "Only {learners} at {institution} were surveyed",
)
CONCLUSIONS = (
    "Use of {platform} is widespread among {learners} in {specialty}, but evidence of an effect on {outcome} is "
    "limited.",
    "{Activity} was associated with better {outcome} among {learners}.",
    "Programs should set clear policies on {platform} use before the {setting}.",
    "Social media can support {specialty} education in {country}; further outcome studies are needed.",
    "{Learners} value {platform} for learning, but {barrier} remains a barrier.",
)
TITLES = (
    "{Platform} use among {learners} in {specialty}: a {design}",
    "The impact of {activity} on {outcome} in {specialty} training",
    "Social media in {specialty} education: a {design} from {country}",
    "Attitudes of {learners} to {platform} during the {setting}",
    "Does {activity} improve {outcome}? A {design}",
    "Tweeting {event}: a {design} of conference social media",
    "{Resource} and other open-access resources at {institution}",
)
STUDY_QUESTIONS = (
    "How do {learners} in {specialty} use social media?",
    "Does {platform} improve {outcome} for {learners}?",
    "What are the benefits and barriers of {platform} in the {setting}?",
)


@dataclass(frozen=True)
class GroupKind:
    """One kind of finding group: how its topic reads and where its statistics' labels come from."""

    slug: str
    topics: tuple[str, ...]
    labels: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    counts: bool = False


GROUP_KINDS = (
    GroupKind("platforms", (
        "Social media platforms used by {learners}", "Most common platforms among {learners} in {specialty}",
        "Platforms {learners} in {country} used for learning", "Tools used in the {setting}",
    ), PLATFORMS, ("platforms", "tools")),
    GroupKind("uses", (
        "How {learners} used {platform}", "Most common uses of social media in {specialty} education",
        "Reasons {learners} went online during the {setting}",
    ), ACTIVITIES, ("uses", "activities")),
    GroupKind("benefits", (
        "Perceived benefits of {platform} for {learners}", "Most commonly cited opportunities in {specialty}",
        "Advantages reported by {learners} in {country}",
    ), BENEFITS, ("benefits", "opportunities")),
    GroupKind("barriers", (
        "Barriers to using {platform} in the {setting}", "Most commonly cited challenges for {learners}",
        "Concerns raised by {learners} about social media in {specialty}",
    ), BARRIERS, ("barriers", "challenges")),
    GroupKind("outcomes", (
        "Outcomes after {activity}", "Changes in {learners} after a {platform} curriculum",
        "Effects of the {setting} intervention in {specialty}",
    ), OUTCOMES, ("outcomes", "effects")),
    GroupKind("lapses", (
        "Unprofessional content on {platform} profiles of {learners}",
        "Professionalism lapses among {learners} in {country}",
    ), LAPSES, ("professionalism",)),
    GroupKind("content", (
        "Content of {platform} posts from {event}", "What {learners} shared about {specialty} on {platform}",
    ), CONTENT, ("content", "posts")),
    GroupKind("specialties", (
        "Specialties of {learners} active on {platform}", "Fields represented at {event}",
    ), SPECIALTIES, ("specialties", "fields")),
    GroupKind("resources", (
        "Open-access resources {learners} in {specialty} follow", "Most cited {hashtag} resources in {country}",
        "Podcasts and blogs used at {institution}",
    ), RESOURCES, ("resources", "foamed")),
    GroupKind("activity", (
        "{platform} activity during {event}", "Engagement with {hashtag} during {event}",
    ), COUNT_LABELS, ("activity", "engagement"), counts=True),
)

PARAPHRASES = {
    "residents": "registrars", "medical students": "med students", "percentage": "proportion", "twitter": "tweeting",
    "facebook": "fb", "youtube": "yt", "emergency medicine": "EM", "internal medicine": "IM", "physicians": "doctors",
    "systematic review": "SR", "randomized controlled trial": "RCT", "concerns": "worries", "common": "frequent",
    "faculty": "teachers", "learners": "trainees", "privacy": "confidentiality", "podcasts": "pods", "blogs": "blog",
    "conference": "meeting", "networking": "making contacts", "burnout": "burn-out", "used": "relied on",
}
STAT_QUESTIONS = (
    "how common was {label}?", "what % reported {label}", "{label} in {topic}", "{label}: how often?",
    "what was the figure for {label} ({topic})?", "how many {unit} mentioned {label}?", "what share had {label}",
    "percentage for {label} among {learners}", "{label} - is there data?", "tell me the {label} number",
)
TOPIC_QUESTIONS = ("what were the {topic}?", "tell me about {topic}", "{topic}", "any data on {topic}?")
STUDY_SCOPED = (
    "{label} in {author} {year}", "what did {author} et al find about {topic}", "limitations of the {author} {design}",
    "cite {author} {year}", "who wrote the {year} {design} on {topic}", "{author} {year} conclusion",
)
CHAT_SUFFIXES = ("%", "??", "pct", "stats", "numbers?", "", "plz")
OUT_OF_SCOPE = (
    "what is the adult dose of {drug} for {condition}?", "sensitivity of {test} for {condition}", "{greeting}",
    "how do I treat {condition} in the ED", "best {gadget} for residents?", "when is {event} held next?",
    "how many people attended {event} {year}?", "what's the weather in {city}", "is {drug} safe in pregnancy",
    "who won the poster prize at {event}", "what time does {setting} start tomorrow", "recommend a {gadget}",
)
OUT_OF_SCOPE_SLOTS = {
    "drug": ("epinephrine", "adenosine", "ketamine", "amiodarone", "ceftriaxone", "heparin", "naloxone", "propofol"),
    "condition": ("anaphylaxis", "SVT", "sepsis", "pulmonary embolism", "DKA", "status epilepticus", "stroke"),
    "test": ("D-dimer", "troponin", "lactate", "procalcitonin", "CT angiography", "point-of-care ultrasound"),
    "greeting": ("hello", "hi there", "thanks!", "tell me a joke", "good morning bot", "what can you do", "ok"),
    "gadget": ("stethoscope", "laptop", "note-taking app", "reference manager", "board review book"),
    "city": CITIES,
    "event": EVENTS, "setting": SETTINGS, "year": tuple(str(year) for year in range(2010, 2025)),
}
WORD = re.compile(r"[A-Za-z]{4,}")
KEYBOARD_NEIGHBOURS = {row[i]: row[i + 1] if i + 1 < len(row) else row[i - 1]
                       for row in ("qwertyuiop", "asdfghjkl", "zxcvbnm") for i in range(len(row))}


class Picker:
    """Seeded random choices, skewed so the first entries of a pool are picked far more often (Zipf, s=1)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self._weights: dict[int, list[float]] = {}

    def one(self, pool: Sequence[T]) -> T:
        """One entry, skewed towards the head of ``pool``."""
        weights = self._weights.get(len(pool))
        if weights is None:
            weights = self._weights[len(pool)] = list(accumulate(1 / rank for rank in range(1, len(pool) + 1)))
        return pool[bisect(weights, self.rng.random() * weights[-1])]

    def distinct(self, pool: Sequence[T], count: int) -> list[T]:
        """``count`` different entries (at most the whole pool), skewed like :meth:`one`."""
        chosen: dict[T, None] = {}
        while len(chosen) < min(count, len(pool)):
            chosen[self.one(pool)] = None
        return list(chosen)

    def chance(self, probability: float) -> bool:
        """True with the given probability."""
        return self.rng.random() < probability


def _value(text: str) -> Value:
    """The Value of a figure the generator wrote; a figure the schema would reject is a bug here."""
    value = parse_value(text)
    if value is None:
        raise ValueError(f"the generator wrote an invalid figure: {text!r}")
    return value


def _capital(text: str) -> str:
    """``text`` with a capital first letter (str.capitalize would lower the rest: 'YouTube')."""
    return text[:1].upper() + text[1:]


class Slots(dict[str, str]):
    """The words a template is filled with; ``{Name}`` gives the value of ``name`` with a capital first letter."""

    def __missing__(self, key: str) -> str:
        return _capital(self[key.lower()])


def _slots(pick: Picker) -> Slots:
    """The words one source (or one of its groups) is about."""
    return Slots({
        "learners": pick.one(LEARNERS), "specialty": pick.one(SPECIALTIES), "platform": pick.one(PLATFORMS),
        "setting": pick.one(SETTINGS), "country": pick.one(COUNTRIES), "activity": pick.one(ACTIVITIES),
        "outcome": pick.one(OUTCOMES), "barrier": pick.one(BARRIERS), "hashtag": pick.one(HASHTAGS),
        "event": f"{pick.one(EVENTS)} {pick.rng.randint(2010, 2024)}",
        "resource": pick.one(RESOURCES), "institution": pick.one(INSTITUTIONS),
        "year": str(pick.rng.randint(2008, 2024)),
    })


def _with_thousands(number: int) -> str:
    """212, 4,500: numbers as papers write them."""
    return f"{number:,}" if number >= 1000 else str(number)


def _percent_stat(pick: Picker, label: str, denominator: Denominator | None) -> Stat:
    """A percentage as written ('43%', '41.5%', '<1%'); half the time a count derived from an exact denominator."""
    if denominator is not None and pick.chance(0.5):
        n = int(denominator.n.number)
        count = pick.rng.randint(0, n)
        places = pick.rng.choice((0, 1))
        share = (Decimal(count) * 100 / n).quantize(Decimal(1).scaleb(-places))
        return Stat(label=label, value=_value(f"{share}%"), count=count, derived=True)
    roll = pick.rng.random()
    if roll < 0.05:
        text = "<1%"
    elif roll < 0.08:
        text = f">{pick.rng.randint(50, 95)}%"
    elif roll < 0.35:
        text = f"{pick.rng.randint(1, 99)}.{pick.rng.randint(0, 9)}%"
    else:
        text = f"{pick.rng.randint(1, 100)}%"
    return Stat(label=label, value=_value(text))


def _count_stat(pick: Picker, label: str) -> Stat:
    """A count as written: '4,500', '>400', '~2,000' or '212'."""
    number = int(10 ** pick.rng.uniform(1, 5.5))
    qualifier = pick.rng.choice(("", "", "", ">", "~"))
    if qualifier:
        number = round(number, -(len(str(number)) - 2)) or number
    return Stat(label=label, value=_value(f"{qualifier}{_with_thousands(number)}"), unit=label.lower())


def _label(pick: Picker, entry: str, slots: Slots) -> str:
    """A statistic's label: a pool entry, sometimes with a modifier ('Twitter at least weekly')."""
    label = _capital(entry)
    return f"{label} {pick.one(LABEL_MODIFIERS).format_map(slots)}" if pick.chance(0.3) else label


def _finding(pick: Picker, index: int, stats: int, slots: Slots, sample: tuple[int, str]) -> Finding:
    """Group ``index`` of a source, holding ``stats`` statistics."""
    kind = pick.one(GROUP_KINDS)
    local = Slots({**slots, **{name: value for name, value in _slots(pick).items() if pick.chance(0.3)}})
    labels = [_label(pick, entry, local) for entry in pick.distinct(kind.labels, stats)]
    denominator = None
    if not kind.counts and pick.chance(0.7):
        denominator = Denominator(_value(_with_thousands(sample[0])), sample[1])
    built = tuple(_count_stat(pick, label) if kind.counts else _percent_stat(pick, label, denominator)
                  for label in labels)
    aliases = tuple(kind.aliases[: pick.rng.randint(0, len(kind.aliases))])
    return Finding(id=f"{kind.slug}-{index + 1}", topic=_capital(pick.one(kind.topics).format_map(local)), stats=built,
                   aliases=aliases, denominator=denominator)


def _authors(pick: Picker) -> tuple[str, ...]:
    """One to seven authors in citation form: 'Smith JA'."""
    letters = "ABCDEFGHJKLMNPRSTW"
    return tuple(f"{pick.one(SURNAMES)} {''.join(pick.rng.sample(letters, pick.rng.randint(1, 2)))}"
                 for _ in range(pick.rng.randint(1, 7)))


def _source(pick: Picker, source_id: str, authors: tuple[str, ...], year: int, sizes: list[int]) -> Source:
    """One study whose finding groups hold ``sizes`` statistics each."""
    slots = _slots(pick)
    design_type, unit, low, high = pick.one(DESIGNS)
    slots["design"] = design_type
    n = round(math.exp(pick.rng.uniform(math.log(low), math.log(high))))
    journal, journal_full = pick.one(JOURNALS)
    first_page = pick.rng.randint(1, 1200)
    return Source(
        id=source_id, kind="study", title=_capital(pick.one(TITLES).format_map(slots)), authors=authors,
        journal=journal, journal_full=journal_full, year=year, volume=str(pick.rng.randint(1, 99)),
        issue=str(pick.rng.randint(1, 12)),
        pages=f"{first_page}-{first_page + pick.rng.randint(3, 12)}", doi=f"10.5555/{source_id}",
        question=pick.one(STUDY_QUESTIONS).format_map(slots),
        design=Design(description=f"{_capital(design_type)} of {_with_thousands(n)} {unit}",
                      type=design_type, n=n, unit=unit),
        findings=tuple(_finding(pick, index, size, slots, (n, unit)) for index, size in enumerate(sizes)),
        limitations=tuple(text.format_map(slots) for text in pick.distinct(LIMITATIONS, pick.rng.randint(1, 3))),
        conclusion=pick.one(CONCLUSIONS).format_map(slots),
    )


def _group_sizes(pick: Picker, left: int) -> list[int]:
    """The sizes of one source's 3-6 groups of 4-6 statistics, taking no more than ``left`` statistics in all."""
    sizes: list[int] = []
    for _ in range(pick.rng.randint(3, 6)):
        if sum(sizes) < left:
            sizes.append(min(pick.rng.randint(4, 6), left - sum(sizes)))
    return sizes


def _unique_id(stem: str, taken: set[str]) -> str:
    """``stem`` ('smith-2019'), or 'smith-2019-2', '-3', ... when taken; the id returned is added to ``taken``."""
    source_id, number = stem, 1
    while source_id in taken:
        number += 1
        source_id = f"{stem}-{number}"
    taken.add(source_id)
    return source_id


def synthetic_knowledge(base: KnowledgeBase, findings: int, seed: int = 0) -> KnowledgeBase:
    """``base`` (the seed knowledge base, so real questions keep real answers) plus ``findings`` generated stats."""
    pick = Picker(seed)
    taken = {source.id for source in base.sources}
    sources = list(base.sources)
    left = findings
    while left > 0:
        sizes = _group_sizes(pick, left)
        left -= sum(sizes)
        authors = _authors(pick)
        year = pick.rng.randint(2006, 2024)
        source_id = _unique_id(f"{re.sub('[^a-z]', '', authors[0].split()[0].lower())}-{year}", taken)
        sources.append(_source(pick, source_id, authors, year, sizes))
    return KnowledgeBase(tuple(sources), base.vocabulary, f"{base.version}+synthetic-{findings}-{seed}")


def _typo(pick: Picker, text: str) -> str:
    """One or two slips of the fingers: swapped, dropped, doubled or neighbouring letters in words of 4+ letters."""
    words = list(WORD.finditer(text))
    chosen = pick.rng.sample(words, min(len(words), pick.rng.randint(1, 2)))
    for match in sorted(chosen, key=lambda m: m.start(), reverse=True):
        word, i = match.group(), pick.rng.randrange(1, len(match.group()) - 1)
        slip = pick.rng.choice((
            word[:i] + word[i + 1] + word[i] + word[i + 2:],
            word[:i] + word[i + 1:],
            word[:i] + word[i] + word[i:],
            word[:i] + KEYBOARD_NEIGHBOURS.get(word[i].lower(), word[i]) + word[i + 1:],
        ))
        text = text[: match.start()] + slip + text[match.end():]
    return text


def _paraphrase(text: str) -> str:
    """Member wording for knowledge-base wording ('residents' -> 'registrars', 'facebook' -> 'fb')."""
    for term, variant in PARAPHRASES.items():
        text = re.sub(rf"\b{re.escape(term)}\b", variant, text, flags=re.IGNORECASE)
    return text


def _chat(pick: Picker, text: str) -> str:
    """Chat style: lower case, only the longer words, a terse ending ('twitter speakers pct')."""
    words = [word for word in re.findall(r"[a-z0-9%]+", text.lower()) if len(word) > 3]
    return " ".join(words[:4] + [pick.rng.choice(CHAT_SUFFIXES)]).strip()


def _about_stat(pick: Picker, source: Source, finding: Finding, stat: Stat) -> str:
    """A question about one statistic, its group or its study."""
    denominator = finding.denominator_of(stat)
    slots = {
        "label": stat.label.lower(), "topic": finding.topic.lower(),
        "unit": denominator.unit if denominator else "studies",
        "learners": pick.one(LEARNERS), "author": source.authors[0].split()[0] if source.authors else source.id,
        "year": str(source.year or ""), "design": source.design.type if source.design else "study",
    }
    template = pick.rng.choices((STAT_QUESTIONS, TOPIC_QUESTIONS, STUDY_SCOPED), weights=(6, 2, 1))[0]
    return pick.rng.choice(template).format(**slots)


def _out_of_scope(pick: Picker) -> str:
    """A question no knowledge base about social media in medical education answers."""
    template = pick.rng.choice(OUT_OF_SCOPE)
    return template.format(**{name: pick.rng.choice(pool) for name, pool in OUT_OF_SCOPE_SLOTS.items()})


def member_questions(kb: KnowledgeBase, count: int, seed: int = 0, fixed: Sequence[str] = ()) -> list[str]:
    """``count`` questions in a shuffled order: ``fixed`` ones plus generated ones about ``kb``.

    The generated mix: plain questions about one statistic, its group or its study (45%), paraphrased (20%),
    with typos (15%), chat style (10%), and questions the knowledge base cannot answer (10%).
    """
    pick = Picker(seed + 1)
    stats = [(source, finding, stat) for source in kb.sources for finding in source.findings for stat in finding.stats]
    questions = list(fixed[:count])
    while len(questions) < count:
        roll = pick.rng.random()
        if roll < 0.10 or not stats:
            questions.append(_out_of_scope(pick))
            continue
        question = _about_stat(pick, *pick.rng.choice(stats))
        if roll < 0.30:
            question = _paraphrase(question)
        elif roll < 0.45:
            question = _typo(pick, question)
        elif roll < 0.55:
            question = _chat(pick, question)
        questions.append(question)
    pick.rng.shuffle(questions)
    return questions
