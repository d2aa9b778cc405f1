"""The bench's own parts: shipped articles, replays, memory and CPU reading, targets (no
throughput timing)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from streams.bench.articles import as_live_feed, default_corpus, lead, load_articles, replayed
from streams.bench.pipeline import percentile
from streams.bench.procs import CpuMeter, descendants, tree_rss_bytes
from streams.bench.report import targets
from streams.records import parse_time


def test_default_corpus_ships_with_the_package():
    path = default_corpus()
    assert path.name == "articles.jsonl"
    articles = load_articles(path)
    assert len(articles) >= 40 and all(a.body for a in articles)


def test_replays_get_fresh_ids_and_keep_the_text():
    corpus = load_articles(default_corpus(), 5)
    items = list(replayed(corpus, 12, "x"))
    assert len({a.id for a in items}) == 12
    assert [a.body for a in items] == [corpus[k % 5].body for k in range(12)]
    later = list(replayed(corpus, 3, "x", start=12))
    assert not {a.id for a in later} & {a.id for a in items}


def test_a_live_feed_replay_moves_every_pass_later_in_event_time():
    corpus = load_articles(default_corpus(), 5)
    items = list(as_live_feed(corpus, 12, "x"))
    assert [a.id for a in items] == [a.id for a in replayed(corpus, 12, "x")]
    first = max(parse_time(a.published_at) for a in items[:5])
    assert all(parse_time(a.published_at) > first for a in items[5:])  # pass 2 after pass 1
    assert all(parse_time(b.published_at) - parse_time(a.published_at)
               == parse_time(items[5].published_at) - parse_time(items[0].published_at)
               for a, b in zip(items[:5], items[5:10], strict=True))  # same spacing each pass


def test_lead_cuts_at_a_paragraph_end():
    a = load_articles(default_corpus(), 1)[0]
    short = lead(a, 200)
    assert a.body.startswith(short.body) and len(short.body) < len(a.body)
    assert short.id == a.id


def test_tree_rss_counts_children():
    child = subprocess.Popen([sys.executable, "-c", "import time; x = bytearray(50 * 2**20); time.sleep(30)"])
    try:
        for _ in range(100):
            if child.pid in descendants(os.getpid()) and tree_rss_bytes(child.pid) > 40 * 2**20:
                break
            subprocess.run(["sleep", "0.1"], check=True)
        assert child.pid in descendants(os.getpid())
        assert tree_rss_bytes(os.getpid()) >= tree_rss_bytes(child.pid) > 40 * 2**20
    finally:
        child.kill()
        child.wait()


def test_percentile_picks_from_the_sorted_values():
    values = [float(v) for v in range(100, 0, -1)]
    assert percentile(values, 0.5) == 51.0
    assert percentile(values, 0.99) == 100.0
    assert percentile([], 0.5) != percentile([], 0.5)  # nan: no samples


def test_targets_judge_each_measurement():
    report = {
        "pipeline_vs_bare_ratio": 1.6,
        "latency": {"p99_ms": 320.0},
        "worker_memory": {"growth_pct": 4.0},
        "scaling": {"two_vs_one_ratio": 1.2},
        "hostile_seconds": {"a": 4.0, "b": 5.5},
    }
    got = {k: v["met"] for k, v in targets(report).items()}
    assert got == {
        "pipeline_vs_bare_ratio >= 1.5": True,
        "p99 article->alert <= 300 ms": False,
        "worker RSS growth <= 10 %": True,
        "two workers >= 1.7x one": False,
        "hostile set < 10 s, none > 5 s": False,  # 9.5 s in total, but one above 5 s
    }
    assert all(v["met"] is None for v in targets({}).values())


def test_cpu_meter_counts_a_child_that_came_and_went():
    spin = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.5: pass"
    with CpuMeter(os.getpid(), every_s=0.05) as meter:
        subprocess.run([sys.executable, "-c", spin], check=True)
    assert meter.seconds >= 0.3  # the child's CPU, though it exited before the meter stopped


# A child that burns `pre` CPU seconds, says "ready", and on each line read from stdin burns
# `burn` CPU seconds (0: stays idle) and answers "done"; it idles (blocked on stdin) in between.
_WORKER = """
import sys, time
def burn(s):
    t = time.process_time()
    while time.process_time() - t < s:
        pass
burn(float(sys.argv[1]))
print("ready", flush=True)
for line in sys.stdin:
    burn(float(line))
    print("done", flush=True)
"""


def _worker(pre_s: float) -> subprocess.Popen:
    child = subprocess.Popen([sys.executable, "-c", _WORKER, str(pre_s)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "ready\n"
    return child


def _ask(child: subprocess.Popen, burn_s: float) -> None:
    child.stdin.write(f"{burn_s}\n")
    child.stdin.flush()
    assert child.stdout.readline() == "done\n"


def test_cpu_meter_measures_a_busy_process_from_start_and_within_wall_time():
    child = _worker(pre_s=0.6)  # CPU used before the meter starts must not count
    try:
        t0 = time.monotonic()
        with CpuMeter(child.pid, every_s=0.05) as meter:
            _ask(child, 0.5)
        wall = time.monotonic() - t0
        # one clock tick (10 ms) of rounding at each end; a single-threaded process cannot
        # use more CPU than the wall time it had, however loaded the machine is
        assert 0.45 <= meter.seconds <= min(wall, 0.5) + 0.05, (meter.seconds, wall)
    finally:
        child.kill()
        child.wait()


def test_cpu_meter_shows_next_to_nothing_for_an_idle_process():
    child = _worker(pre_s=0.3)
    try:
        with CpuMeter(child.pid, every_s=0.05) as meter:
            time.sleep(1.0)  # the child waits on its stdin all along
            _ask(child, 0.0)
        assert meter.seconds <= 0.05, meter.seconds
    finally:
        child.kill()
        child.wait()
