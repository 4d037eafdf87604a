"""Direct quotations and who said them, according to the source.

A quotation is text between matching double quotes (“…”, "…", «…», or "…'' as tokenised news text
writes it) inside one paragraph, so a missing closing mark never swallows the rest of the source.
One or two quoted words are a quoted term (scare quotes), not a statement.

The speaker is read, in this order, from:
1. the words right after the quote: `, Wang said`, `said Wang Yi, a minister`, `, according to X`,
   `Jeffs' attorney Walter Bugden told reporters`, `it was stated`;
2. the words right before it: `Lavrov said:`, `X was quoted as saying`, `in a joint statement that`;
3. the sentence it stands in, when that sentence opens with its subject and a reporting verb:
   `Wang sharply criticised the moves, warning they would “…”`, `Lavrov … accused the West of “…”`;
4. the sentence before, for a quotation opening its sentence: the speaker it reports (`Buchan said
   his co-star would be excellent. “It's a sublime bit of casting.”`) or whose attribution ends it;
5. a neighbour: a quotation that continues one (`“…,” Wang said. “…”`, or the first quotation of a
   paragraph after one that ended the paragraph before) keeps its speaker, and a quotation split by
   a clause keeps the speaker the rest of its sentence gives.

`he`/`she` is the last person named as the subject of a sentence or of a reporting verb in this
paragraph or the one before (PRONOUN_REACH characters back at most), unless someone unnamed (`a
doctor said`) spoke since; a name after an article or a preposition is no antecedent. `they` is the
group last named (`Wang Yi and Sergei Lavrov`, `both countries` as the pair of places named before);
`it` and `the statement` are the one statement the source names, after its authors where it says
whose. Anything else stays unattributed: a wrong speaker is worse than none.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import pairwise

from site_builder.analysis.gazetteer import Gazetteer
from site_builder.analysis.mentions import NOT_NAMES, TITLE_WORDS
from site_builder.analysis.text import WORD
from site_builder.model import Mention, Paragraph, Quote, Source, Span

# Tokenised news text (the Penn Treebank's convention) closes a straight quotation with two apostrophes.
QUOTE = re.compile(r"“(?P<curly>[^“”]+)”|\"(?P<straight>[^\"]+?)(?:\"|'')|«(?P<guillemet>[^«»]+)»")
TERM_WORDS = 2

# Verbs that report speech; INVERTIBLE ones also come before their subject (`said Wang Yi`).
INVERTIBLE = (r"said|says|added|adds|wrote|writes|asked|crowed|explained|noted|warned|continued|concluded|"
              r"declared|insisted|stated|replied|recalled|remarked|quipped|predicted|contended|tweeted")
REPORT = (rf"(?:{INVERTIBLE}|say|told|tells|notes|warns|stressed|stresses|argued|argues|urged|urges|states|"
          r"explains|asserted|claimed|claims|contends|indicated|suggested|acknowledged|admitted|announced|commented|"
          r"cautioned|complained|conceded|confirmed|countered|emphasi[sz]ed|testified|reported|read|reads|"
          r"summed\s+up|pointed\s+out)")
# Verbs that open a sentence whose quotation is its subject's words (`accused the West of “…”`).
FRAME = (rf"(?:{REPORT}|accused|criticised|criticized|called|described|denounced|condemned|praised|"
         r"calls|promised|vowed|pledged|demanded|rejected|blamed|expressed|hinted|welcomed)")
ADVERB = r"(?:(?:\w+ly|also|later|then|now|once|again)\s+)?"
HONORIFICS = ("Mr", "Mrs", "Ms", "Dr")  # titles written with or without their full stop
RANKS = ("Sgt", "Gen", "Gov", "Lt", "Col", "Capt", "Rep", "Sen", "Prof")  # titles written with it
ABBREVIATION = rf"(?:U\.S|U\.N|{'|'.join((*HONORIFICS, *RANKS, 'Jr', 'Sr', 'St'))}|[A-Z])\."
CAPITALISED = rf"(?:{ABBREVIATION}|{WORD})"
TOKEN = rf"(?:{ABBREVIATION}|[\w'’-]+)"
# A word describing someone, not a verb of the clause: `Jeffs' attorney`, never `said` or `vetted`.
DESCRIBING = (rf"(?!(?:{REPORT}|is|was|are|were|has|had|have|will|would|who|that|he|she|they|it|we|I|[a-z]\w*ed)\b)"
              rf"{TOKEN}")
NAME_WORDS = rf"{CAPITALISED}(?:\s+{CAPITALISED})*"
NAME = rf"(?P<name>{NAME_WORDS})"
# Words before a name that say who the person is: `national disaster agency spokesman`, `Flynn's father,`.
# After a verb (`said UNHCR spokesman Adrian Edwards, …`) the first name is the speaker's; before one
# (`The head of the agency, John Ging, said`), the one after a comma.
DESCRIPTION_AFTER_VERB = rf"(?:(?:{DESCRIBING}\s+){{0,7}}?{DESCRIBING},?\s+)??"
DESCRIPTION = (rf"(?:(?=[^,]*\b[a-z])(?:{DESCRIBING}\s+){{0,7}}?{DESCRIBING},\s+(?={CAPITALISED})|"
               rf"{DESCRIPTION_AFTER_VERB})")
# A clause after a comma (`, a doctor at a clinic in X`): how an apposition, and an attribution's tail, start.
COMMA_CLAUSE = rf",(?:\s+{TOKEN}){{1,16}}?"
# Words after a name that say who the person is, each form one line: `, a doctor at a clinic in X, Y district,`,
# `, Controller, BBC Drama said`, ` — who heads … —`, ` a local health official,`, ` of the unit said`, `,`.
APPOSITION = "|".join((
    rf"(?:{COMMA_CLAUSE}(?:,(?:\s+{TOKEN}){{1,10}}?)?\s*,",
    rf",(?:\s+{DESCRIBING}){{1,8}}?(?:,(?:\s+{DESCRIBING}){{1,6}}?)?(?=\s+{ADVERB}{REPORT}\b)",
    r"\s+[—–]\s[^—–“”\"]{1,120}?\s[—–]",
    rf"\s+(?:a|an|the)(?:\s+{TOKEN}){{1,8}}?,",
    rf"\s+(?:of|from|at|with)(?:\s+[a-z][\w'’-]*){{1,5}}?(?=\s+{ADVERB}{REPORT}\b)",
    r",)",
))
STATEMENT_NOUN = r"(?:statement|communiqu[ée]|document|declaration)"
STATEMENT_KIND = rf"(?:joint\s+)?{STATEMENT_NOUN}"
STATEMENT = rf"(?P<statement>(?i:the|its|their)\s+{STATEMENT_KIND})"
PRONOUN = r"(?P<pronoun>(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t)\b)"
GROUP = (r"(?P<group>(?i:both|the\s+two)\s+(?P<kind>countries|governments|sides|ministers|leaders|men|women)|"
         r"(?i:the\s+(?:parties|ministers|sides)))")
PAIR = rf"(?P<first>{NAME_WORDS})\s+and\s+(?P<second>{NAME_WORDS})"
SUBJECT = rf"(?:{STATEMENT}|{PRONOUN}|{GROUP}|{PAIR}|{DESCRIPTION}{NAME}{APPOSITION}?)"
# After a name the verb comes before: the end of the phrase, or a word that cannot go on a name.
NAME_END = (r"(?=\s*(?:[,.;:!?)\"“”—]|''|$)|\s+(?:in|at|on|of|from|to|who|during|after|before|when|while|as|"
            r"now|over|quoted|speaking|referring|adding|told)\b)")
PHRASE = r"(?P<phrase>the\s+(?:[\w-]+\s+){0,3}[\w-]+)"
# The rest of an attribution after it (`, a waitress`), so that a quotation right after it continues.
TRAILING = rf"(?:{COMMA_CLAUSE}(?=,))?"
LEAD = r"\s*,?\s*"

# Matched from just after the closing mark.
AFTER = (
    re.compile(rf"{LEAD}(?i:according\s+to)\s+(?:{STATEMENT}|{NAME}{NAME_END}|{PHRASE})"),
    re.compile(rf"{LEAD}(?P<it>it)\s+(?:was|has\s+been)\s+(?:stated|said|written|announced)\b"),
    re.compile(rf"{LEAD}{SUBJECT}\s+{ADVERB}(?:{REPORT}|(?:was|is)\s+quoted|can\s+be\s+heard\s+saying)\b{TRAILING}"),
    re.compile(rf"{LEAD}(?:{INVERTIBLE})\s+(?:{STATEMENT}|{PRONOUN}|{DESCRIPTION_AFTER_VERB}{NAME}{NAME_END})"
               rf"{TRAILING}"),
)
# Searched in the words of the sentence before the opening mark, up to it.
BEFORE = (
    re.compile(rf"{SUBJECT}\s+{ADVERB}{REPORT}(?:\s+(?:later|today|earlier|afterwards|in\s+a\s+statement|"
               rf"on\s+\w+))?(?:\s+that)?\s*[:,]?\s*$"),
    re.compile(rf"{SUBJECT}\s+(?:was|is)\s+(?:quoted|cited)(?:\s+(?:by|in)(?:\s+{TOKEN}){{1,5}}?)?\s+as\s+"
               rf"(?:saying|telling(?:\s+{TOKEN}){{1,4}}?)(?:\s+that)?\s*[:,]?\s*$"),
    re.compile(rf"(?i:according\s+to)\s+(?:{STATEMENT}|{NAME}|{PHRASE})\s*,?\s*$"),
)
# The sentence holding the quotation, from its start: its subject and a reporting verb.
OPENER = r"(?:[A-Z][\w-]*(?:\s+[a-z][\w-]*){0,3},\s+)?"  # `However, `, `Against this backdrop, `
FRAMED = re.compile(rf"{OPENER}(?P<evidence>{SUBJECT}\s+{ADVERB}(?:(?:have|has|had)\s+)?{FRAME})\b")
# A quotation opening a sentence, unattributed, is the words of whoever the sentence before reports
# (`Buchan said his co-star would be excellent. “It's a sublime bit of casting.”`), or whose
# attribution ends it (`…, '' Sturm said. “On the other hand …”`).
PREVIOUS = (
    re.compile(rf"{OPENER}(?P<evidence>{SUBJECT}\s+{ADVERB}(?:(?:have|has|had)\s+)?{REPORT})\b"),
    re.compile(rf".*(?:''|[\"”])\s*,?\s*(?P<evidence>{SUBJECT}\s+{ADVERB}{REPORT})\s*[.]\s*$"),
)
IN_STATEMENT = re.compile(rf".*?(?P<evidence>\b(?i:in)\s+(?:a|an|the|its|their)\s+"
                          rf"(?P<statement>{STATEMENT_KIND}))"
                          rf"(?:\s+{TOKEN}){{0,6}}?(?:\s+that)?\s*[:,]?\s*$")
COLON = re.compile(rf"{NAME}\s*:\s*$")  # `Forstall : “Who is taller?”`, at a sentence start
# A quotation after another one's attribution (and nothing else) continues it.
CONTINUES = re.compile(r"[\s,.;:]*(?:(?:and\s+)?(?:adding|added|continued|went\s+on)(?:\s+that)?[\s,:]*)?")
_REPORTING = re.compile(rf"\b{REPORT}\b")
SENTENCE_WINDOW = 400
PRONOUN_REACH = 600  # characters from a pronoun back to the person it names, at most
REST_OF_SENTENCE = re.compile(r"[^\"“”«».!?]*[.!?]\s*")
_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\b(?:Mr|Ms|Dr|St|Jr|Sr|No|vs))(?<!\b(?:Mrs|Sgt|Gen|Gov|Col|Jan|Feb|Aug|"
                           r"Sep|Oct|Nov|Dec))(?<!\bSept)[.!?](?:\s?(?:[\"”’)]|''))*\s+")

# Who speaks in the text around a quotation, for `he`, `she` and `they`.
PERSON_NOUN = (r"(?:official|spokesman|spokeswoman|spokesperson|resident|customer|doctor|witness|man|woman|"
               r"prosecutor|officer|analyst|source|director|minister|judge|lawyer|attorney|survivor|father|"
               r"mother|wife|husband|son|daughter|teacher|student|worker|farmer|fisherman|villager|neighbou?r|"
               r"expert|diplomat|leader|chief|head|manager|executive|agent|relative|friend|victim)")
VERBISH = (rf"{ADVERB}(?:is|was|has|had|have|are|were|will|would|can|could|may|might|must|did|does|{REPORT}|[a-z]\w*ed|"
           r"made|took|gave|went|came|spoke|broke|met|left|found|saw|got|began|ran|held|kept|led|sent|sat|stood|"
           r"thought|brought|became|won|lost|paid|put|set|knew|heard|felt|fled)\b")
# Patterns that open with optional words are tried only where a word starts: tried mid-word they
# match nothing sensible and cost most of the analysis of a long paragraph.
WORD_START = r"(?<![\w'’-])"
NAMED_SPEAKER = (
    re.compile(rf"{WORD_START}{DESCRIPTION}{NAME}{APPOSITION}?\s+{ADVERB}{REPORT}\b"),
    re.compile(rf"\b(?:{INVERTIBLE})\s+{DESCRIPTION_AFTER_VERB}{NAME}{NAME_END}"),
    re.compile(rf"\b(?i:according\s+to)\s+{NAME}{NAME_END}"),
)
REPORTING_VERB = re.compile(rf"\b{REPORT}\b")
REPORT_REACH = 400  # longer than any description, name and apposition before a verb
SENTENCE_SUBJECT = re.compile(rf"{WORD_START}{OPENER}{DESCRIPTION}{NAME}{APPOSITION}?\s+{VERBISH}")
UNNAMED_SPEAKER = (
    re.compile(rf"\b(?:{INVERTIBLE})\s+(?:a|an|the|one)\s+(?:{TOKEN}\s+){{0,3}}?{PERSON_NOUN}(?:e?s)?\b"),
    re.compile(rf"\b(?i:a|an|the|one)\s+(?:{TOKEN}\s+){{0,3}}?(?:{PERSON_NOUN}(?:e?s)?|wives|men|women|people)"
               rf"(?:\s+{TOKEN}){{0,8}}?\s+{VERBISH}"),
)
GROUP_SPEAKER = re.compile(rf"(?:{PAIR}|{GROUP})\s+{ADVERB}(?:{REPORT}|\w+ed)\b")
PLURAL_SPEAKER = re.compile(rf"(?<!\b[Bb]oth )(?<!\btwo )\b[a-z]+s\s+{ADVERB}(?:said|say|told|added|noted|warned)\b")
STATEMENT_AUTHORS = (
    re.compile(rf"(?P<authors>{PAIR}|{NAME})['’]s?\s+(?P<kind>{STATEMENT_KIND})"),
    re.compile(rf"(?P<kind>{STATEMENT_KIND})\s+(?:of|by|from|issued\s+by)\s+(?P<authors>{PAIR}|{NAME})"),
)
PAIRS = re.compile(PAIR)
STATEMENT_WORDS = re.compile(rf"\b(?i:(?P<kind>{STATEMENT_KIND}))\b")
PLACE_GROUPS = {"countries", "governments"}
PERSON_GROUPS = {"ministers", "leaders", "men", "women"}
TITLES = TITLE_WORDS | {"CEO", "Judge", "Doctor", "Founder", "Co-Founder", "Attorney", "Officer", "Agent", "Special",
                        "Analyst", "Executive", "Manager", "Leader", *HONORIFICS,
                        *(f"{title}." for title in (*HONORIFICS, *RANKS))}


@dataclass(frozen=True)
class Speaker:
    """Who speaks: an entity id when the gazetteer knows them, and the words shown to readers."""

    entity: str | None
    label: str


@dataclass(frozen=True)
class Act:
    """Someone speaking or acting as a subject at `position` (paragraph index, offset) of the text;
    `speaker` is None when they are not named (`a doctor said`)."""

    position: tuple[int, int]
    kind: str  # "one" (a person) or "group"
    speaker: Speaker | None


@dataclass(frozen=True)
class Attribution:
    speaker: Speaker
    evidence: str
    end: int  # where the attribution's words end in the paragraph (the quotation's end when before it)


def before_reporting_verbs(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """The matches of a pattern ending in a reporting verb, sought only in the REPORT_REACH characters
    before each such verb: the same matches as a search of the whole paragraph, at a fraction of
    its cost in a long one (the pattern's optional words are otherwise tried at every word)."""
    windows: list[list[int]] = []
    for verb in REPORTING_VERB.finditer(text):
        start = max(0, verb.start() - REPORT_REACH)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = verb.end()
        else:
            windows.append([start, verb.end()])
    return [match for start, end in windows for match in pattern.finditer(text, start, end)]


def sentence_start(text: str, position: int) -> int:
    """Where the sentence holding `position` starts; a sentence is read back SENTENCE_WINDOW characters
    at most, so that each look costs the same however long the paragraph."""
    window = max(0, position - SENTENCE_WINDOW)
    return max((m.end() for m in _SENTENCE_END.finditer(text, window, position)), default=window)


def opens_sentence(text: str, position: int) -> bool:
    return sentence_start(text, position) == position


def is_title(word: str) -> bool:
    """`Minister`, `Sgt.`, `Secretary-General`; a leading acronym (`BBC Capaldi`, `RCMP`) too."""
    return word in TITLES or word.rstrip(".") in TITLES or all(part in TITLES for part in word.split("-")) \
        or (len(word.rstrip(".")) > 1 and word.isupper())


@lru_cache(maxsize=4096)
def whole_word(word: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(word)}\b")


def clean_name(name: str) -> str:
    """A name without the titles, function words and demonyms before it: `Apple CEO Steve Jobs` ->
    `Steve Jobs`; empty when nothing but titles is left (`the Chinese Foreign Minister`)."""
    words = name.strip(" .").split()
    last_title = max((i for i, w in enumerate(words[:-1]) if is_title(w)), default=-1)
    words = [] if words and words[-1] in TITLES else words[last_title + 1:]
    while words and words[0] in NOT_NAMES:
        words = words[1:]
    if len(words) == 1 and _PEOPLE.search(words[0]):
        return ""  # `Palestinians`: a people, not a speaker
    return " ".join(words).strip(" .")


class Reader:
    """The quotations of one source and the text around them."""

    def __init__(self, source: Source, gazetteer: Gazetteer) -> None:
        self.source = source
        self.gazetteer = gazetteer
        self.quoted = {p.id: list(QUOTE.finditer(p.text)) for p in source.paragraphs}
        self.mentions: dict[str, list[Mention]] = defaultdict(list)  # by paragraph id, in source order
        for mention in source.mentions:
            self.mentions[mention.span.paragraph].append(mention)
        self.capitalised: dict[str, bool] = {}  # by word: capitalised somewhere other than a sentence start

    def inside_quote(self, paragraph: Paragraph, offset: int) -> bool:
        return any(match.start() <= offset < match.end() for match in self.quoted[paragraph.id])

    def named(self, paragraph: Paragraph, start: int, end: int) -> Speaker | None:
        """The speaker a name at [start, end) stands for: the entity mentioned there, else the name."""
        raw = paragraph.text[start:end]
        # `a spokesman in South Sudan said`: the name is where, not who (but `Secretary of State X` is a title)
        if _PREPOSITION_BEFORE.search(paragraph.text, max(0, start - 10), start) and clean_name(raw) == raw.strip(" ."):
            return None
        mentions = [m for m in self.mentions[paragraph.id] if start <= m.span.start and m.span.end <= end]
        if mentions:
            entity = mentions[-1].entity
            return Speaker(entity, self.gazetteer.by_id[entity].name)
        name = clean_name(raw)
        return Speaker(None, name) if name and self.proper(paragraph, start, name) else None

    def proper(self, paragraph: Paragraph, start: int, name: str) -> bool:
        """False for one capitalised word opening a sentence (`Prosecutors said`) that the source never
        capitalises elsewhere: a common noun, not a name."""
        if " " in name or not opens_sentence(paragraph.text, start):
            return True
        if name not in self.capitalised:
            first = _WORD_RUN.match(name)
            places = self.capitalised_words.get(first.group(), []) if first else []
            self.capitalised[name] = any(whole_word(name).match(self.source.paragraphs[index].text, at)
                                         and not opens_sentence(self.source.paragraphs[index].text, at)
                                         for index, at in places)
        return self.capitalised[name]

    @cached_property
    def capitalised_words(self) -> dict[str, list[tuple[int, int]]]:
        """Where each capitalised word starts (paragraph index, offset), the source read once: a name
        is looked up here rather than sought through the whole source, which made a long source
        quadratic (each new name a full scan: 42 s for 3 MB of text)."""
        found: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for index, paragraph in enumerate(self.source.paragraphs):
            for match in _CAPITALISED_RUN.finditer(paragraph.text):
                found[match.group()].append((index, match.start()))
        return found

    @cached_property
    def statement(self) -> str:
        """The one statement the source quotes, named after its authors where it says whose."""
        text = "\n".join(p.text for p in self.source.paragraphs)
        for pattern in STATEMENT_AUTHORS:
            match = pattern.search(text)
            if match:
                return f"the {match.group('kind').lower()} of {match.group('authors')}"
        kinds = [m.group("kind").lower() for m in STATEMENT_WORDS.finditer(text)]
        joint = next((kind for kind in kinds if kind.startswith("joint")), None)
        return f"the {joint or (kinds[0] if kinds else 'statement')}"

    @cached_property
    def acts(self) -> list[Act]:
        """Everyone named or unnamed as a speaker or a sentence's subject, in text order."""
        found: dict[tuple[tuple[int, int], str], Act] = {}
        for index, paragraph in enumerate(self.source.paragraphs):
            for act in self._acts_in(index, paragraph):
                if not self.inside_quote(paragraph, act.position[1]):
                    found.setdefault((act.position, act.kind), act)
        return [found[key] for key in sorted(found)]

    def _acts_in(self, index: int, paragraph: Paragraph) -> list[Act]:
        text, acts = paragraph.text, []
        for mention in self.mentions[paragraph.id]:
            if self.gazetteer.by_id[mention.entity].type == "person" \
                    and not _OBJECT_CUE.search(text, max(0, mention.span.start - 120), mention.span.start):
                speaker = self.named(paragraph, mention.span.start, mention.span.end)
                acts.append(Act((index, mention.span.start), "one", speaker))
        named = [*before_reporting_verbs(NAMED_SPEAKER[0], text), *NAMED_SPEAKER[1].finditer(text), *NAMED_SPEAKER[2].finditer(text)]
        starts = [0, *(m.end() for m in _SENTENCE_END.finditer(text))]
        named += [m for at in starts if (m := SENTENCE_SUBJECT.match(text, at)) and opens_sentence(text, at)]
        acts += [Act((index, m.start("name")), "one", self.named(paragraph, *m.span("name"))) for m in named
                   if not set(m.group("name").split()) <= NOT_NAMES  # `She said`: no one named, no one new
                   and not any(_OBJECT_BEFORE.search(text, max(0, at - 12), at) for at in (m.start(), m.start("name")))]
        for pattern in UNNAMED_SPEAKER:
            acts += [Act((index, m.start()), "one", None) for m in pattern.finditer(text)]
        for match in GROUP_SPEAKER.finditer(text):
            acts.append(Act((index, match.start()), "group", self.group(index, paragraph, match)))
        acts += [Act((index, m.start()), "group", None) for m in PLURAL_SPEAKER.finditer(text)]
        return acts

    def group(self, index: int, paragraph: Paragraph, match: re.Match[str]) -> Speaker | None:
        """The members of a group that speaks: `A and B`, or the pair `both countries` stands for."""
        if match.groupdict().get("first"):
            return self.pair(paragraph, match)
        kind = (match.groupdict().get("kind") or "").lower()
        types = {"place", "organisation"} if kind in PLACE_GROUPS else {"person"} if kind in PERSON_GROUPS else None
        for earlier_index in range(index, -1, -1):
            earlier = self.source.paragraphs[earlier_index]
            limit = match.start() if earlier_index == index else len(earlier.text)
            pairs = [self.pair(earlier, m, types) for m in PAIRS.finditer(earlier.text, 0, limit)]
            pairs = [p for p in pairs if p]
            if pairs:
                return pairs[-1]
        return None

    def pair(self, paragraph: Paragraph, match: re.Match[str], types: set[str] | None = None) -> Speaker | None:
        """`A and B` as one group speaker, when both are names (of `types`, if the gazetteer knows them)."""
        members = [self.named(paragraph, *match.span(part)) for part in ("first", "second")]
        if not all(members) or (types and not all(m and m.entity and self.gazetteer.by_id[m.entity].type in types
                                                  for m in members)):
            return None
        return Speaker(None, " and ".join(m.label for m in members if m))

    def latest(self, index: int, before: int, kind: str) -> Speaker | None:
        """The speaker of the last act of `kind` before `before` in paragraph `index`, in it or the one
        before, and at most PRONOUN_REACH characters back."""
        reach = (index, before - PRONOUN_REACH) if before >= PRONOUN_REACH or index == 0 else \
            (index - 1, len(self.source.paragraphs[index - 1].text) - (PRONOUN_REACH - before))
        acts = [e for e in self.acts if e.kind == kind and reach <= e.position < (index, before)]
        return acts[-1].speaker if acts else None

    def speaker(self, match: re.Match[str], found: Found) -> Speaker | None:
        """Who one attribution match of `found` names, resolving pronouns and groups; None when no one clearly."""
        groups, quote_start = match.groupdict(), found.match.start()
        pronoun = (groups.get("pronoun") or "").lower()
        if groups.get("it") or pronoun == "it":
            return self.it(found)
        if groups.get("statement"):
            return Speaker(None, self.statement)
        if pronoun in {"he", "she"}:
            return self.latest(found.index, quote_start, "one")
        if pronoun == "they":
            return self.latest(found.index, quote_start, "group")
        if groups.get("group") or groups.get("first"):
            return self.group(found.index, found.paragraph, match)
        if groups.get("phrase"):
            return Speaker(None, match.group("phrase"))
        return self.named(found.paragraph, *match.span("name")) if groups.get("name") else None

    def it(self, found: Found) -> Speaker | None:
        """`it` is the statement when one is named in this paragraph or the one before."""
        index = found.index
        nearby = found.paragraph.text[:found.match.start()] + (self.source.paragraphs[index - 1].text if index else "")
        return Speaker(None, self.statement) if STATEMENT_WORDS.search(nearby) else None

    def attribute(self, found: Found) -> Attribution | None:
        """The attribution a quotation's own words give: after it (unless it ends its sentence, when
        what follows is the next sentence's), before it, or in its sentence's opening words."""
        text, quote = found.paragraph.text, found.match
        if not found.text.endswith((".", "!", "?")) or _LOWER_NEXT.match(text, quote.end()):
            for pattern in AFTER:
                match = pattern.match(text, quote.end())
                if match:
                    return self._attribution(match, found, match.end())
        start = sentence_start(text, quote.start())
        if start == quote.start():
            return self.previous_sentence(found)
        for pattern in BEFORE:
            match = pattern.search(text, start, quote.start())
            if match:
                return self._attribution(match, found, quote.end())
        for pattern in (FRAMED, IN_STATEMENT, COLON):
            match = pattern.match(text, start, quote.start())
            if match:
                return self._attribution(match, found, quote.end())
        return None

    def previous_sentence(self, found: Found) -> Attribution | None:
        """The speaker the sentence before a quotation that opens a sentence reports, if any."""
        text, quote = found.paragraph.text, found.match
        start = sentence_start(text, quote.start() - 1) if quote.start() else quote.start()
        for pattern in PREVIOUS:
            match = pattern.match(text, start, quote.start())
            if match and start < quote.start():
                return self._attribution(match, found, quote.end())
        return None

    def _attribution(self, match: re.Match[str], found: Found, end: int) -> Attribution | None:
        speaker = self.speaker(match, found)
        evidence = match.group("evidence") if "evidence" in match.re.groupindex else match.group()
        return Attribution(speaker, evidence.strip(" ,.:"), end) if speaker else None


# `the Radio Times`, `leader of X`: a name after an article or a preposition is no one who speaks.
_OBJECT_BEFORE = re.compile(r"\b(?:[Tt]he|of|for|to|with|by|from|at|in|on|about|against)\s+$")
_LOWER_NEXT = re.compile(r"\s*,?\s*[a-z]")  # `“Why?” asked Wang`: the sentence goes on
_PREPOSITION_BEFORE = re.compile(r"\b(?:of|for|with|by|from|at|in|on|about|against)\s+$")
_PEOPLE = re.compile(r"(?:ians|eans|ese)$")
_WORD_RUN = re.compile(r"\w+")
_CAPITALISED_RUN = re.compile(r"\b[A-Z]\w*")  # where a name (which opens with A-Z) can start
_OBJECT_CUE = re.compile(r"\b(?:with|to|by|from|against|and|for|on|of|met|meet|meeting|told)\s+(?:[A-Z][\w-]*\s+)*$")


@dataclass
class Found:
    """A quotation while it is read: its match, paragraph (and that paragraph's index) and attribution so far."""

    match: re.Match[str]
    paragraph: Paragraph
    index: int
    text: str
    attribution: Attribution | None = None

    @property
    def is_statement(self) -> bool:
        return len(self.text.strip(" .").split()) > TERM_WORDS


def only_attribution(gap: str, after_quote: bool) -> bool:
    """True when `gap` holds nothing but a continuation cue, or, for an attribution after its quote,
    the rest of that attribution's sentence (`in an email last June.`) with no one else reported."""
    return CONTINUES.fullmatch(gap) is not None or (
        after_quote and REST_OF_SENTENCE.fullmatch(gap) is not None and not _REPORTING.search(gap))


def continues(previous: Found, found: Found) -> bool:
    """True when nothing but `previous`'s attribution stands between it and `found`, in one paragraph
    or at the end of one and the start of the next."""
    if previous.attribution is None:
        return False
    end = max(previous.attribution.end, previous.match.end())
    after_quote = previous.attribution.end > previous.match.end()
    if previous.paragraph is found.paragraph:
        return only_attribution(found.paragraph.text[end:found.match.start()], after_quote)
    return found.index == previous.index + 1 \
        and only_attribution(previous.paragraph.text[end:], after_quote) \
        and not found.paragraph.text[:found.match.start()].strip()


def same_sentence(found: Found, following: Found) -> bool:
    """True when `following` stands in `found`'s sentence (a quotation split by a clause)."""
    text = found.paragraph.text
    return following.paragraph is found.paragraph and \
        sentence_start(text, following.match.start()) <= found.match.start()


def with_neighbours(quotes: list[Found]) -> None:
    """Give unattributed quotations the speaker of the one they continue, else of their sentence."""
    statements = [q for q in quotes if q.is_statement]
    for previous, found in pairwise(statements):
        if found.attribution is None and continues(previous, found):
            assert previous.attribution is not None
            found.attribution = dataclasses.replace(previous.attribution, end=found.match.end())
    for found, following in reversed(list(pairwise(statements))):
        if found.attribution is None and following.attribution and same_sentence(found, following):
            found.attribution = dataclasses.replace(following.attribution, end=found.match.end())


def find_quotes(source: Source, gazetteer: Gazetteer) -> Source:
    reader = Reader(source, gazetteer)
    found: list[Found] = []
    for index, paragraph in enumerate(source.paragraphs):
        for match in reader.quoted[paragraph.id]:
            inner = next(group for group in match.groups() if group is not None).strip().rstrip(",;:").strip()
            if inner.strip(" ."):
                found.append(Found(match, paragraph, index, inner))
    for quote in found:
        if quote.is_statement:
            quote.attribution = reader.attribute(quote)
    with_neighbours(found)
    return dataclasses.replace(source, quotes=tuple(as_quote(q) for q in found))


def as_quote(found: Found) -> Quote:
    span = Span(found.paragraph.id, found.match.start(), found.match.end())
    if not found.is_statement:
        return Quote(found.text, span, "term")
    if found.attribution is None:
        return Quote(found.text, span, "statement")
    speaker = found.attribution.speaker
    return Quote(found.text, span, "statement", speaker.entity, speaker.label, found.attribution.evidence)
