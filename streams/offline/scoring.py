"""The scorer ``gainsay backtest`` uses: claim and alert precision/recall against gold labels.

A packaged port of the project's reference scorer (``../shared/tools/score.py``), so an
installed ``gainsay`` scores without the repository beside it. The reference stays the
authority: ``tests/offline/test_scoring_parity.py`` checks both give the same numbers on
every gold set. Matching rules (unchanged from the reference):

* a claim's span is its ``span`` [start, end) when valid, else the first occurrence of its
  ``text`` in the body; a predicted claim overlaps a gold claim when their spans share at
  least 40 % of the shorter one's characters;
* speakers match when, after normalisation (case, punctuation, titles), a name or alias is
  shared, or both end in the same surname token of 3+ letters;
* alerts match on type (``reversal`` counts as ``self_contradiction``), on actor set and on
  evidence (the predicted alert names at least one of the gold alert's articles).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

TITLES = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "sir", "gen", "general", "major", "maj",
    "col", "colonel", "lt", "lieutenant", "capt", "captain", "sen", "senator",
    "rep", "gov", "governor", "president", "minister", "spokesman",
    "spokeswoman", "spokesperson", "the", "mayor", "judge", "king", "queen",
    "prince", "pope", "rev", "st", "sgt", "adm", "admiral",
})
OVERLAP = 0.4

Span = tuple[int, int]
Record = Mapping[str, Any]


def norm(name: str | None) -> str:
    """Lower-case words without a possessive 's and without leading titles."""
    words = [w.removesuffix("'s") for w in re.findall(r"[\w']+", (name or "").lower())]
    while words and words[0] in TITLES:
        words = words[1:]
    return " ".join(words)


def names_of(speaker: Record | str | None) -> list[str]:
    """All normalised names a predicted or gold speaker goes by."""
    if speaker is None:
        return []
    if isinstance(speaker, str):
        raw = [speaker]
    else:
        raw = [speaker.get("name") or "", speaker.get("id") or "", *(speaker.get("aliases") or [])]
    return [n for n in (norm(r) for r in raw) if n]


def _last(name: str) -> str:
    return name.split()[-1]


def same_speaker(pred_names: Iterable[str], gold_names: Iterable[str]) -> bool:
    pset, gset = set(pred_names), set(gold_names)
    if pset & gset:
        return True
    plast = {_last(n) for n in pset if len(_last(n)) >= 3}
    glast = {_last(n) for n in gset if len(_last(n)) >= 3}
    return bool(plast & glast)


def gold_names(claim: Record) -> list[str]:
    return names_of({"name": claim["speaker"], "aliases": claim.get("aliases", [])})


def locate(body: str, text: str, span: Any = None) -> Span | None:
    """The claim's span: a valid ``span`` as given, else the first occurrence of ``text``."""
    if span and len(span) == 2 and 0 <= span[0] < span[1] <= len(body):
        return span[0], span[1]
    if not text:
        return None
    at = body.find(text)
    if at < 0:
        text = text.strip(" \"'“”‘’")
        at = body.find(text)
    return (at, at + len(text)) if at >= 0 else None


def overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def overlaps(a: Span, b: Span) -> bool:
    return overlap(a, b) >= OVERLAP * min(a[1] - a[0], b[1] - b[0])


def prf(tp_p: int, n_p: int, tp_r: int, n_r: int) -> dict[str, Any]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_r / n_r if n_r else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "predicted": n_p, "gold": n_r}


def _ratio(num: int, den: int) -> float:
    return round(num / den, 4) if den else 0.0


def _claim_spans(body: str, claims: Iterable[Record], *, gold: bool) -> list[tuple[Span, Record, list[str]]]:
    out = []
    for c in claims:
        sp = locate(body, c.get("text", ""), c.get("span"))
        if sp is not None:
            out.append((sp, c, gold_names(c) if gold else names_of(c.get("speaker"))))
    return out


def _char_coverage(body: str, gspans: Iterable[Span], pspans: Iterable[Span]) -> tuple[int, int, int]:
    gmask, pmask = bytearray(len(body)), bytearray(len(body))
    for s, e in gspans:
        gmask[s:e] = b"\1" * (e - s)
    for s, e in pspans:
        pmask[s:e] = b"\1" * (e - s)
    return sum(gmask), sum(pmask), sum(1 for x, y in zip(gmask, pmask, strict=True) if x and y)


def _recall_side(c: Counter, gclaims: list, pclaims: list) -> None:
    for gsp, g, gn in gclaims:
        hits = [(overlap(gsp, psp), p, pn) for psp, p, pn in pclaims if overlaps(gsp, psp)]
        if not hits:
            continue
        c["gold_found"] += 1
        good = [h for h in hits if same_speaker(h[2], gn)]
        if good:
            c["gold_attributed"] += 1
            if any(h[1].get("polarity") == g["polarity"] for h in good):
                c["gold_polarity_ok"] += 1
        best = max(hits, key=lambda h: h[0])
        c["found_polarity_ok"] += best[1].get("polarity") == g["polarity"]
        if g["polarity"] == "deny" and any(h[1].get("polarity") == "deny" for h in good):
            c["deny_recalled"] += 1
    c["gold_deny"] += sum(1 for _, g, _ in gclaims if g["polarity"] == "deny")


def _precision_side(c: Counter, gclaims: list, pclaims: list) -> None:
    for psp, p, pn in pclaims:
        hits = [(g, gn) for gsp, g, gn in gclaims if overlaps(gsp, psp)]
        if hits:
            c["pred_found"] += 1
        if any(same_speaker(pn, gn) for _, gn in hits):
            c["pred_attributed"] += 1
        if p.get("polarity") == "deny":
            c["pred_deny"] += 1
            if any(g["polarity"] == "deny" and same_speaker(pn, gn) for g, gn in hits):
                c["deny_precise"] += 1


def score_claims(bodies: Mapping[str, str], gold: Iterable[Record],
                 preds: Mapping[str, list[Record]]) -> dict[str, Any]:
    """Claim-level scores: found, speaker attribution, denials, character coverage."""
    c: Counter = Counter()
    chars = [0, 0, 0]
    missing = []
    for art in gold:
        aid = art["article_id"]
        body = bodies[aid]
        gclaims = []
        for g in art["claims"]:
            sp = locate(body, g["text"], g.get("span"))
            if sp is None:
                missing.append((aid, g["text"][:60]))
            else:
                gclaims.append((sp, g, gold_names(g)))
        pclaims = _claim_spans(body, preds.get(aid, []), gold=False)
        c["gold"] += len(gclaims)
        c["pred"] += len(pclaims)
        coverage = _char_coverage(body, (g[0] for g in gclaims), (p[0] for p in pclaims))
        chars = [a + b for a, b in zip(chars, coverage, strict=True)]
        _recall_side(c, gclaims, pclaims)
        _precision_side(c, gclaims, pclaims)
    char_g, char_p, char_gp = chars
    return {
        "content_chars": prf(char_gp, char_p, char_gp, char_g),
        "claims_found": prf(c["pred_found"], c["pred"], c["gold_found"], c["gold"]),
        "speaker_attribution": prf(c["pred_attributed"], c["pred"], c["gold_attributed"], c["gold"]),
        "attribution_and_polarity_recall": _ratio(c["gold_polarity_ok"], c["gold"]),
        "polarity_accuracy_on_found": _ratio(c["found_polarity_ok"], c["gold_found"]),
        "denials": prf(c["deny_precise"], c["pred_deny"], c["deny_recalled"], c["gold_deny"]),
        "gold_texts_not_in_body": missing,
    }


def _canon(alert_type: str | None) -> str | None:
    return "self_contradiction" if alert_type == "reversal" else alert_type


def alert_articles(alert: Record) -> set[str]:
    ids = set(alert.get("article_ids") or [])
    for cl in alert.get("claims") or alert.get("evidence") or []:
        if isinstance(cl, dict) and cl.get("article_id"):
            ids.add(cl["article_id"])
    return ids


def _alert_actor_key(alert: Record) -> tuple[str, ...]:
    return tuple(sorted(ns[0] for ns in (names_of(x) for x in alert.get("actors", [])) if ns))


def actors_match(gold_actors: Iterable[str], pred_actors: list[list[str]],
                 aliases: Mapping[str, list[str]]) -> bool:
    """Every gold actor is matched by a distinct predicted actor."""
    used: set[int] = set()
    for ga in gold_actors:
        gn = aliases.get(norm(ga), [norm(ga)])
        for i, pn in enumerate(pred_actors):
            if i not in used and same_speaker(pn, gn):
                used.add(i)
                break
        else:
            return False
    return True


def _gold_aliases(gold: Iterable[Record]) -> dict[str, list[str]]:
    aliases: dict[str, list[str]] = defaultdict(list)
    for art in gold:
        for g in art["claims"]:
            names = gold_names(g)
            for n in names:
                aliases[n] = sorted(set(aliases[n]) | set(names))
    return aliases


def _unique_alerts(preds: Iterable[Record], scope: set[str]) -> list[Record]:
    """One alert per (type, actors, articles), in scope."""
    seen, uniq = set(), []
    for p in preds:
        if not alert_articles(p) & scope:
            continue
        k = (_canon(p.get("type")), _alert_actor_key(p), tuple(sorted(alert_articles(p))))
        if k not in seen:
            seen.add(k)
            uniq.append(p)
    return uniq


def score_alerts(gold: list[Record], stories: Iterable[Record], preds: Iterable[Record],
                 scope: set[str]) -> dict[str, Any]:
    """Alert precision/recall per type and overall."""
    gold = list(gold)
    aliases = _gold_aliases(gold)
    wanted = [(a["type"], a["actors"], {art["article_id"]})
              for art in gold for a in art.get("alerts", [])]
    wanted += [(s["type"], s["actors"], set(s["articles"])) for s in stories]
    uniq = _unique_alerts(preds, scope)
    actors = [[names_of(x) for x in p.get("actors", [])] for p in uniq]

    def hit(w: tuple, i: int) -> bool:
        p = uniq[i]
        return _canon(p.get("type")) == w[0] and bool(alert_articles(p) & w[2]) \
            and actors_match(w[1], actors[i], aliases)

    by_type: dict[str, Any] = {}
    totals: Counter = Counter()
    for t in sorted({w[0] for w in wanted} | {_canon(p.get("type")) for p in uniq}):
        w_t = [w for w in wanted if w[0] == t]
        p_t = [i for i, p in enumerate(uniq) if _canon(p.get("type")) == t]
        rec = sum(1 for w in w_t if any(hit(w, i) for i in p_t))
        prec = sum(1 for i in p_t if any(hit(w, i) for w in w_t))
        by_type[t] = prf(prec, len(p_t), rec, len(w_t))
        totals.update(tp_p=prec, n_p=len(p_t), tp_r=rec, n_r=len(w_t))
    return {"all": prf(totals["tp_p"], totals["n_p"], totals["tp_r"], totals["n_r"]), "by_type": by_type}


def score(articles: Iterable[Record], gold: Iterable[Record], stories: Iterable[Record],
          claims: Iterable[Record] | None, alerts: Iterable[Record] | None) -> dict[str, Any]:
    """The report ``score.py --json`` prints: gold restricted to the given articles."""
    bodies = {a["id"]: a["body"] for a in articles}
    gold = [g for g in gold if g["article_id"] in bodies]
    scope = {g["article_id"] for g in gold}
    report: dict[str, Any] = {"articles": len(gold)}
    if claims is not None:
        preds: dict[str, list[Record]] = defaultdict(list)
        for p in claims:
            if p.get("article_id") in scope:
                preds[p["article_id"]].append(p)
        report["claims"] = score_claims(bodies, gold, preds)
    if alerts is not None:
        report["alerts"] = score_alerts(gold, list(stories), alerts, scope)
    return report
