"""Pure alert logic over ``Claim`` records: no Faust, no spaCy, no I/O.

* :mod:`streams.judge.stance` — ``JudgeSettings`` and ``judge_claim`` (state per proposition key)
* :mod:`streams.judge.rules` — denial, contradiction, self-contradiction, reversal
* :mod:`streams.judge.headline` — headline, summary and score text
* :mod:`streams.judge.actors` — per-actor counter events; :mod:`.activity` — rolling counts
"""

from .stance import JudgeSettings, judge_claim

__all__ = ["JudgeSettings", "judge_claim"]
