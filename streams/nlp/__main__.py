"""``python -m streams.nlp FILE|-`` : article JSONL in -> claim JSONL out (stdout).

A developer tool until ``gainsay extract`` exists; same Extractor, same output format.
"""

from __future__ import annotations

import argparse
import json
import sys

from streams.records import Article


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m streams.nlp", description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", default="-", help="article JSONL file, or - for stdin")
    ap.add_argument("--batch-size", type=int, default=16)
    args = ap.parse_args(argv)

    from streams.nlp.extract import Extractor

    src = sys.stdin if args.file == "-" else open(args.file, encoding="utf-8")  # noqa: SIM115
    with src:
        articles = (Article.from_dict(json.loads(line)) for line in src if line.strip())
        ex = Extractor()
        for _article, claims in ex.extract_many(articles, batch_size=args.batch_size):
            for c in claims:
                sys.stdout.write(c.to_json() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
