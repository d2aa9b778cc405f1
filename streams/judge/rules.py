"""The alert rules: denial, contradiction, self-contradiction, reversal.

``evaluate`` looks at the claims remembered for one key *after* the new claim joined them
and returns the candidate alerts (``Finding``) the new claim completes; ``judge_claim``
drops those whose fingerprint already fired.

Two claims are about one proposition when their content signatures match
(``streams.signatures.similarity`` at the thresholds in ``JudgeSettings``), never merely
because they share a key or a story:

* ``denial``: a speaker denies something; one per (speaker, article, thing denied).
* ``contradiction``: one speaker affirms what another denies, in one article (one alert per
  affirmer, denier and article) or across articles of one story within the window (one
  alert per affirmer and denier while the window lasts).
* ``self_contradiction``: one speaker affirms and denies the same thing in one article.
* ``reversal``: one speaker's stance on the same thing flips between two articles (not the
  same statement quoted twice).

Every rule is a condition on a pair of claims, checked when the second of the pair is
judged; the alert id names the pair's identity, so the alerts do not depend on arrival
order. Within one article the claims of a key arrive in span order (one partition), which
is what "the first denial of the article" relies on.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from streams import signatures
from streams.records import (
    Alert,
    AlertActor,
    AlertProposition,
    Claim,
    Speaker,
    format_time,
    parse_time,
    stable_hash,
)

from . import headline as hl

UNKNOWN_IDS = frozenset({"", "unknown", "none", "null", "?", "-"})
OPPOSITE = {"affirm": "deny", "deny": "affirm"}
AUTO_STORY_PREFIX = "story:about-"
#: two quotes of one statement (two outlets citing it) are not a reversal
SAME_STATEMENT = 0.6
_WORD = re.compile(r"\w+")


def is_known_actor(actor_id: str | None) -> bool:
    return (actor_id or "").strip().lower() not in UNKNOWN_IDS


@dataclass(frozen=True)
class Finding:
    type: str
    fingerprint: str
    evidence: tuple[dict, ...]  # state entries {"t", "claim"}, in headline order
    event_t: int                # latest evidence event time (µs)
    identity: tuple[str, ...] | None = None  # what the alert id hashes instead of claim ids


def fingerprint(*parts: str) -> str:
    return stable_hash(*parts, length=12)


def _finding(kind: str, fp_parts: tuple[str, ...], *evidence: dict, by_identity: bool = False) -> Finding:
    """``by_identity``: the alert id names what the alert is about (``fp_parts``), not the
    evidence, because which evidence is at hand first depends on arrival order."""
    identity = ("|".join(fp_parts),) if by_identity else None
    return Finding(kind, fingerprint(kind, *fp_parts), tuple(evidence),
                   max(e["t"] for e in evidence), identity)


# --------------------------------------------------------------------------- pair tests


def _speaker(entry: dict) -> dict:
    return entry["claim"]["speaker"]


def _article(entry: dict) -> str:
    return entry["claim"]["article_id"]


def _terms(entry: dict) -> dict:
    return entry["claim"]["proposition"].get("terms") or {}


def same_side(a: dict, b: dict) -> bool:
    """A spokesman and the organisation they speak for (or two voices of one organisation)
    do not contradict each other: that is one side restating itself, not a dispute."""
    mine = {a.get("id"), a.get("org")} - {None, ""}
    theirs = {b.get("id"), b.get("org")} - {None, ""}
    return (bool(mine & theirs) or _one_name(a, b) or _speaks_for(a, b) or _speaks_for(b, a)
            or _inside_org(a, b) or _inside_org(b, a) or _one_voice(a, b))


def _inside_org(a: dict, b: dict) -> bool:
    """Is organisation ``b`` named inside the organisation ``a`` speaks for ("Dan Anderson,
    vice president of university communications" and "the university")?"""
    org = set((a.get("org") or "").split("-")) - {""}
    body = set((b.get("id") or "").split("-")) - {""}
    return b.get("type") != "person" and bool(org) and bool(body) and body <= org


def _plain_name(speaker: dict) -> str:
    """The name in lower case without accents or hyphens: "Raven-Symoné" is "raven symone",
    as another outlet writes her ("Raven Symone")."""
    name = unicodedata.normalize("NFKD", (speaker.get("name") or "").lower().replace("-", " "))
    return "".join(ch for ch in name if not unicodedata.combining(ch))


def _one_name(a: dict, b: dict) -> bool:
    """Two spellings of one speaker: "Christine Hamele" / "Chris Hamele" (persons sharing a
    surname), "Josh Paler Lin" / "Josh" (a person and one of their names alone), "Elon
    University" / "university" (one name's words inside the other's), "Raven-Symone" /
    "Raven-Symoné" (accents aside)."""
    wa = _plain_name(a).split()
    wb = _plain_name(b).split()
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    if a.get("type") == b.get("type") == "person" and len(wa) > 1 and len(wb) > 1:
        return wa[-1] == wb[-1]
    if "person" in (a.get("type"), b.get("type")) and min(len(wa), len(wb)) == 1:
        one, full = (wa, wb) if len(wa) == 1 else (wb, wa)
        return len(full) > 1 and _capitalised(a, b) and one[0] in (full[0], full[-1])
    if a.get("type") != "person" and b.get("type") != "person":
        return set(wa) <= set(wb) or set(wb) <= set(wa)
    return False


#: roles whose holder speaks for the body they name ("interior minister" for the Interior
#: Ministry, "spokesperson for the clinic" for the clinic); an "official" may well not
_SPEAKING_ROLES = frozenset({"spokesman", "spokeswoman", "spokesperson", "spokespeople", "minister",
                             "secretary", "representative"})
_NAME_GLUE = frozenset({"for", "the", "of", "a", "an", "at", "s"})


def _name_words(speaker: dict) -> set[str]:
    return _words_of(speaker.get("name") or "")


def _words_of(name: str) -> set[str]:
    """A name's words in lower case, without "for", "the", "of" ..."""
    return set(_WORD.findall(name.lower())) - _NAME_GLUE


def _speaks_for(a: dict, b: dict) -> bool:
    """Does ``a`` hold a speaking role for the body ``b`` names ("interior minister" /
    "Interior Ministry", "spokesperson for the Yorkville Endoscopy clinic" / "clinic")?"""
    words = _name_words(a)
    rest = words - _SPEAKING_ROLES
    if rest == words or not rest:
        return False
    theirs = _name_words(b) - _SPEAKING_ROLES - {"ministry"}
    return bool(theirs) and (rest <= theirs or theirs <= rest)


def _voices(speaker: dict) -> set[frozenset[str]]:
    """The bodies a speaker is a spokesperson (or minister ...) for, by any of its names:
    "Ahmed Rudaini", also called "spokesperson for the Iraqi health ministry", speaks for
    {iraqi, health, ministry}."""
    out = set()
    for name in (speaker.get("name") or "", *(speaker.get("aliases") or ())):
        words = _words_of(name)
        rest = words - _SPEAKING_ROLES
        if rest and rest != words:
            out.add(frozenset(rest))
    return out


def _one_voice(a: dict, b: dict) -> bool:
    """Two names for the voice of one body ("spokesman for the Iraqi health ministry" and
    Ahmed Rudaini, whom another line called "spokesperson for the Iraqi health ministry"):
    one side, whichever of them speaks."""
    return bool(_voices(a) & _voices(b))


def _capitalised(a: dict, b: dict) -> bool:
    """Both names written as names (capitalised), not "spokesman" against "Tom Spokesman"."""
    return all((x.get("name") or " ")[:1].isupper() for x in (a, b))


def about_same(a: dict, b: dict, threshold: float, settings) -> bool:
    """Are two claims about one proposition? A claim that only points at the report ("these
    claims are false") carries the article's context, which any claim of the article
    shares a little: it meets only claims that are squarely about what was reported."""
    if not a["claim"]["proposition"]["key"].startswith("story:"):
        return True  # a relation key (``cooperate:russia+sdf``) is the proposition itself
    if a["claim"]["proposition"].get("refers") or b["claim"]["proposition"].get("refers"):
        threshold = max(threshold, settings.reference_similarity)
    return similar(_terms(a), _terms(b), settings) >= threshold


def similar(a: dict, b: dict, settings) -> float:
    """The judge's content similarity of two signatures (``JudgeSettings`` calibrated)."""
    return signatures.similarity(a, b, min_shared=settings.min_shared,
                                 entity_weight=settings.entity_weight)


_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|cannot|nothing|nobody|none|nowhere|yet to)\b"
                       r"|n[’']t\b", re.I)


#: hedging words anywhere in an affirmation make it no plain assertion ("It is unlikely that
#: this case can be a confirmed Ebola case")
_HEDGED = re.compile(r"\b(?:[Uu]nlikely|[Pp]robably|[Pp]ossibly|[Pp]erhaps|[Mm]aybe|[Aa]llegedly|"
                     r"[Rr]eportedly|[Uu]nconfirmed|[Uu]nclear|might|may)\b")  # "may", not "May"
#: an affirmation that speaks of reports or allegations points at them ("they were looking
#: into reports that ...", "we take all allegations seriously"): it asserts nothing itself
_POINTER = re.compile(r"\b(?:reports?|rumou?rs?|allegations?|claims|speculation)\b", re.I)
#: words that reject or doubt what they are about: an "affirmation" holding one is on the
#: rejecting side ("they are unrelated", "it is hard to relate his absence to his health",
#: "she tested negative for Ebola")
_DOUBTING = re.compile(r"\b(?:unrelated|untrue|wrong|false|hoax|fake|baseless|unfounded|rubbish|negative|"
                       r"nonsense|hard to|impossible|doubt(?:s|ful)?|skeptical|sceptical|"
                       r"rul(?:e|ed|es|ing) out|surprised if)\b", re.I)
#: an affirmation whose main clause reports a denial ("the doctor denies performing an
#: unauthorised procedure") stands on the denying side; a denial in a later clause ("he is
#: suspended -- a claim the Tour denied") leaves the assertion standing
_REPORTS_DENIAL = re.compile(r"\b(?:den(?:y|ies|ied|ying)|rejects?|rejected|refut(?:es?|ed)|"
                             r"dismiss(?:es|ed)?|debunk(?:s|ed)?|negat(?:es?|ed))\b", re.I)
_CLAUSE_BREAK = re.compile(r"\s(?:--|—|–)\s|[,;:(]")
#: a plain assertion says something: at least this many words ("[Redacted]" says nothing)
MIN_ASSERTION_WORDS = 3
#: an affirmation that prescribes ("X should never have been there", "the government needs
#: to step up") or wishes states no fact that a denial could reject
_PRESCRIPTIVE = re.compile(r"\b(?:should|must|ought|needs? to|have to|has to)\b", re.I)
#: an affirmation that asks ("officials are checking if there are Ebola patients", "it is
#: unknown whether ...") asserts neither side
_OPEN_QUESTION = re.compile(r"\bwhether\b|\b(?:check|checks|checking|checked|investigat\w*|"
                            r"determin\w*|ask|asks|asking|asked|see|seeing|wonder\w*)\s+if\b", re.I)
#: "has ever been done" outside a question, a superlative, "first", "only", "any..." or a
#: condition needs a negation the claim's text lost ('issued a statement saying "a biopsy"
#: has ever been performed'): it asserts nothing as it stands
_NPI_EVER = re.compile(r"\b(?:has|have|had)\s+ever\b", re.I)
_EVER_LICENSOR = re.compile(r"\b(?:first|only|most|least|any\w*|if|whether|\w+est)\b", re.I)
#: a claim that opens on an auxiliary is a question in reported word order ("did Thomas
#: enter the liquor store") or a fragment without its subject ("was arrested on Monday")
_AUXILIARY_FIRST = re.compile(r"^\s*(?:did|does|do|is|are|was|were|can|could|will|would|has|have|"
                              r"had|should|shall|may|might|must)\b")  # lower case: not "Will Smith"
#: an embedded question ("[told him] what sites he was accessing", "how it happened") asks
#: or names something; it asserts nothing a denial could contradict
_WH_FIRST = re.compile(r"^\s*(?:what|which|who|whom|why|how|where)\b")
#: titles and abbreviations whose full stop does not end a sentence ("Dr. Korovin")
_ABBREVIATION = re.compile(r"(?:\b(?:Dr|Mr|Mrs|Ms|Prof|St|Sen|Rep|Gov|Gen|Col|Lt|Capt|Sgt|Jr|Sr|"
                           r"Rev|Mt|No|Inc|Corp|Co|Ltd|vs|Det|Insp|Supt|Cpl|Cmdr|Maj|Brig|Atty)"
                           r"|\b[A-Z])\.$")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s+[A-Z“\"'])")


def first_sentence(text: str) -> str:
    """The claim's first sentence, where the extractor reads its polarity: up to the first
    full stop, question or exclamation mark that is followed by a capital and does not
    close a title or an initial ("Dr. Korovin", "U.S. officials")."""
    for m in _SENTENCE_END.finditer(text):
        if not _ABBREVIATION.search(text[:m.end()]):
            return text[:m.end()]
    return text


def plain_assertion(entry: dict) -> bool:
    """Is an affirmation a plain statement of fact of its own: no question, no negation, no
    hedge or prescription, not a pointer at someone else's statement? The affirming side of
    a contradiction stands for the claim a denial rejects; a negated statement ("he is not
    currently performing procedures") is as likely to be a second denial that reads as
    affirm, and a question, a wish or a pointer asserts nothing."""
    claim = entry["claim"]
    if claim["proposition"].get("refers"):
        return False  # "it was following reports": it points at a statement, it asserts none
    text = claim["text"]
    return (len(_WORD.findall(text)) >= MIN_ASSERTION_WORDS and "?" not in text
            and not _AUXILIARY_FIRST.match(text) and not _WH_FIRST.match(text)
            and not _unlicensed_ever(text)
            and not _NEGATION.search(first_sentence(text))
            and not _REPORTS_DENIAL.search(_main_clause(text))
            and not any(p.search(text) for p in (_HEDGED, _POINTER, _DOUBTING, _PRESCRIPTIVE,
                                                 _OPEN_QUESTION)))


def _unlicensed_ever(text: str) -> bool:
    m = _NPI_EVER.search(text)
    return m is not None and not _EVER_LICENSOR.search(text[:m.start()])


def _main_clause(text: str) -> str:
    """The first clause that says something: a leftover dateline ("CNN) -- ...") or a
    one-word opener is skipped."""
    parts = _CLAUSE_BREAK.split(text)
    return next((p for p in parts if len(_WORD.findall(p)) >= MIN_ASSERTION_WORDS), parts[0])


def firm_denial(entry: dict) -> bool:
    """A denial that does not hedge itself where it denies ("it's a hoax, but maybe not")
    can stand as the other side of a contradiction; a hedge about something else later on
    ("It may, however, modify it over time") leaves the denial standing."""
    return not _HEDGED.search(first_sentence(entry["claim"]["text"]))


def shares_content(a: dict, b: dict, settings, minimum: float | None = None) -> bool:
    """Do two claims share what is said, not only who it is about? Across articles every
    claim of a story names its actors; at least one distinctive word must be shared too
    ("suspended", "biopsy", "wife")."""
    def words(e: dict) -> dict:
        return {t: w for t, w in _terms(e).items() if not signatures.is_entity(t) and t[:1] != "#"}
    least = settings.min_shared_content if minimum is None else minimum
    return signatures.shared_mass(words(a), words(b)) >= least


def rejects_across(aff: dict, den: dict, settings) -> bool:
    """Does a denial in one article reject an affirmation in another? An explicit denial
    (a denial cue, "false", "no evidence", a retraction) does when the two share what is
    said; a bare negated statement ("X is not doing Y") only when it negates the
    affirmation nearly word for word ("she is not al-Baghdadi's wife" / "they hold
    al-Baghdadi's wife")."""
    if explicit_denial(den):
        return shares_content(aff, den, settings)
    return (similar(_terms(aff), _terms(den), settings) >= settings.weak_cross_similarity
            and shares_content(aff, den, settings, settings.weak_min_shared_content))


def explicit_denial(entry: dict) -> bool:
    """Across articles only an explicit denial (a denial cue, "false", "no evidence", a
    retraction...) meets the report it rejects; a negated statement that reads as a denial
    in its own article ("X is not doing Y") is too weak to stand against another article."""
    return entry["claim"].get("basis") != "weak_negation"


def central(entry: dict, settings) -> bool:
    """Is a claim about what its article is about (its terms echo the article's context)?
    Across articles only such an affirmation stands for "the report", and only such a
    denial rejects it; a side remark quoted in a long story does neither."""
    if not entry["claim"]["proposition"]["key"].startswith("story:"):
        return True  # a relation key is the proposition itself
    context = entry["claim"].get("context")
    if not context:
        return True  # a producer that sends no article context: nothing to judge it by
    return similar(_terms(entry), context, settings) >= settings.central_similarity


def same_story(a: dict, b: dict, key: str, settings) -> bool:
    """Claims under a feed story or a relation key meet by construction; a story Gainsay
    filed by anchor actor also needs the two articles to be about the same thing."""
    if not key.startswith(AUTO_STORY_PREFIX) or _article(a) == _article(b):
        return True
    ca, cb = a["claim"].get("context") or {}, b["claim"].get("context") or {}
    return signatures.similarity(ca, cb, min_shared=settings.min_shared) >= settings.story_similarity


def same_statement(a: dict, b: dict) -> bool:
    wa = set(_WORD.findall(a["claim"]["text"].lower()))
    wb = set(_WORD.findall(b["claim"]["text"].lower()))
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= SAME_STATEMENT


def _spans_overlap(a: dict, b: dict) -> bool:
    (s1, e1), (s2, e2) = a["claim"]["span"], b["claim"]["span"]
    return s1 < e2 and s2 < e1


def _order(entry: dict) -> tuple:
    c = entry["claim"]
    return entry["t"], c["article_id"], c["span"][0], c["claim_id"]


# --------------------------------------------------------------------------- rules


def evaluate(state: dict, entry: dict, settings, *, known: bool) -> list[Finding]:
    """Candidate alerts completed by ``entry`` (an affirm/deny claim already in ``state``)."""
    claim = entry["claim"]
    pol, opp = claim["polarity"], OPPOSITE[claim["polarity"]]
    me, article = claim["speaker"], claim["article_id"]
    key = claim["proposition"]["key"]
    if not known:
        if pol == "deny" and settings.unknown_denials:
            return [_finding("denial", (me["id"], article, claim["claim_id"]), entry)]
        return []
    others = sorted((e for cid, e in state["claims"].items() if cid != claim["claim_id"]), key=_order)
    out: list[Finding] = []
    if pol == "deny" and not any(
        _speaker(o)["id"] == me["id"] and _article(o) == article and o["claim"]["polarity"] == "deny"
        and _order(o) < _order(entry) and about_same(o, entry, settings.same_article_similarity, settings)
        for o in others
    ):
        out.append(_finding("denial", (me["id"], article, claim["claim_id"]), entry))
    for o in others:
        if o["claim"]["polarity"] != opp:
            continue
        them = _speaker(o)
        aff, den = (entry, o) if pol == "affirm" else (o, entry)
        here = _article(o) == article
        if them["id"] == me["id"]:
            out.extend(_own_flip(entry, o, aff, den, here, key, settings))
            continue
        if same_side(me, them):
            continue
        pair = (_speaker(aff)["id"], _speaker(den)["id"])
        if not plain_assertion(aff) or not firm_denial(den):
            continue
        if here:
            if about_same(entry, o, settings.same_article_similarity, settings):
                out.append(_finding("contradiction", (*pair, article, article), aff, den))
        elif (abs(entry["t"] - o["t"]) <= settings.window_us
              and central(aff, settings) and central(den, settings)
              and rejects_across(aff, den, settings)
              and same_story(entry, o, key, settings)
              and about_same(entry, o, settings.cross_article_similarity, settings)):
            out.append(_finding("contradiction", ("across", *pair), aff, den, by_identity=True))
    return out


def _takes_back(aff: dict, den: dict, settings) -> bool:
    """Does one speaker's denial in an article take back their own affirmation? A
    retraction that points at it ("only my opinion" about what they said), a relation key
    affirmed and denied, or two statements so alike that they can only be one thing said
    both ways. A speaker's denial of a report next to their own account of what happened
    ("This is real." — "denied it was staged") is one side, not two."""
    refers = den["claim"]["proposition"].get("refers")
    if refers:
        text = " ".join(aff["claim"]["text"].split())
        return bool(text) and " ".join(refers.split())[:80] in text
    if not aff["claim"]["proposition"]["key"].startswith("story:"):
        return True
    return similar(_terms(aff), _terms(den), settings) >= settings.self_similarity


def _own_flip(entry: dict, o: dict, aff: dict, den: dict, here: bool, key: str, settings) -> list[Finding]:
    """One speaker on both sides: in one article a self-contradiction, across articles a
    reversal (earlier stance -> later stance), but never two quotes of one statement."""
    who = _speaker(entry)["id"]
    if here:
        if not _spans_overlap(entry, o) and plain_assertion(aff) and _takes_back(aff, den, settings):
            return [_finding("self_contradiction", (who, _article(entry)), aff, den)]
        return []
    if (abs(entry["t"] - o["t"]) > settings.window_us or same_statement(entry, o)
            or not plain_assertion(aff) or not explicit_denial(den)
            or not shares_content(aff, den, settings)
            or not same_story(entry, o, key, settings)
            or not about_same(entry, o, settings.reversal_similarity, settings)):
        return []
    old, new = sorted((entry, o), key=_order)
    direction = f"{old['claim']['polarity']}->{new['claim']['polarity']}"
    return [_finding("reversal", (who, direction), old, new, by_identity=True)]


# --------------------------------------------------------------------------- alerts


#: at most this many other names per alert actor (a long story can name one actor often)
MAX_ACTOR_ALIASES = 8


def alert_actors(claims: list[Claim]) -> list[AlertActor]:
    """One actor per speaker id, in evidence order, with the names all its claims used."""
    by_id: dict[str, tuple[Speaker, list[str]]] = {}
    for c in claims:
        speaker, names = by_id.setdefault(c.speaker.id, (c.speaker, []))
        names += [n for n in c.speaker.aliases if n not in names]
    return [AlertActor(id=sid, name=speaker.name or sid,
                       aliases=[n for n in names if n != speaker.name][:MAX_ACTOR_ALIASES],
                       org=speaker.org)
            for sid, (speaker, names) in by_id.items()]


def build_alert(finding: Finding, key: str, now: datetime) -> Alert:
    claims = [Claim.from_dict(e["claim"]) for e in finding.evidence]
    latest = max(finding.evidence, key=lambda e: (e["t"], e["claim"]["claim_id"]))
    article_ids: list[str] = []
    for c in claims:
        if c.article_id not in article_ids:
            article_ids.append(c.article_id)
    return Alert(
        alert_id=Alert.make_id(finding.type, key,
                               list(finding.identity or [c.claim_id for c in claims])),
        type=finding.type,  # type: ignore[arg-type]
        actors=alert_actors(claims),
        proposition=AlertProposition(key=key, summary=hl.summary(finding.type, claims)),
        claims=claims,
        article_ids=article_ids,
        event_time=format_time(parse_time(latest["claim"]["published_at"])),
        detected_at=format_time(now),
        headline=hl.headline(finding.type, claims),
        score=hl.score(claims),
    )
