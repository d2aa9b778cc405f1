"""Draw a seeded random sample of alerts for an editor's review.

    .venv/bin/python scripts/sample_alerts.py ALERTS.jsonl [--n 40] [--seed 2026]

Prints each alert with both sides' speakers, cues and texts (and what a reference points
at), numbered, so a reviewer can mark each one right or wrong as a desk editor would:
right = the denial really rejects something / the two sides really hold opposite stances
on one thing, with the right speakers. The seed is fixed before the sample is drawn, so the
sample cannot be picked to look good.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter


def describe(claim: dict) -> str:
    refers = claim["proposition"].get("refers")
    text = " ".join(claim["text"].split())[:220]
    line = f"{claim['speaker']['name']} [{claim['polarity']}, {claim['cue']}]: {text}"
    return line + (f"  (refers to: {' '.join(refers.split())[:120]})" if refers else "")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("alerts")
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    with open(args.alerts, encoding="utf-8") as f:
        alerts = [json.loads(line) for line in f if line.strip()]
    sample = random.Random(args.seed).sample(alerts, min(args.n, len(alerts)))
    print(f"{len(sample)} of {len(alerts)} alerts, seed {args.seed}: "
          + ", ".join(f"{t} {n}" for t, n in Counter(a["type"] for a in sample).most_common()))
    for i, a in enumerate(sample, 1):
        print(f"\n{i}. {a['type'].upper()}  {' / '.join(a['article_ids'])}")
        print(f"   headline: {a['headline']}")
        for c in a["claims"]:
            print(f"   - {describe(c)}")


if __name__ == "__main__":
    main()
