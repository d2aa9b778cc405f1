"""One bench run: every phase in order, a JSON report, a table, and the targets of issue 10."""

from __future__ import annotations

import json
import os
import platform
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from streams.bench import extraction
from streams.bench.articles import load_articles, replayed
from streams.bench.pipeline import Plan, bench_pipeline
from streams.bench.procs import load_average
from streams.config import Settings

QUICK = Plan(throughput=120, paced=60, rss_checkpoints=(500, 2_000), scaling=80)
FULL = Plan()


@dataclass(frozen=True)
class Options:
    corpus: Path
    articles: int
    processes: int = 2
    batch_size: int = 32
    quick: bool = False
    pipeline: bool = True


class Bar:
    """A Rich progress bar shared by the phases (one task per label)."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=console, transient=True)
        self._tasks: dict[str, Any] = {}

    def track(self, items: Iterable, label: str, total: int) -> Iterator:
        for item in items:
            yield item
            self.tick(label, self._done(label) + 1, total)

    def tick(self, label: str, done: int, total: int) -> None:
        task = self._tasks.get(label)
        if task is None:
            task = self._tasks[label] = self.progress.add_task(label, total=total)
        self.progress.update(task, completed=done, total=total)

    def _done(self, label: str) -> int:
        task = self._tasks.get(label)
        return int(self.progress.tasks[task].completed) if task is not None else 0


def run(options: Options, console: Console) -> dict:
    """All phases in one run; ratios are within this run, so machine load cancels out."""
    corpus = load_articles(options.corpus)
    articles = list(replayed(corpus, options.articles, "b"))
    report: dict[str, Any] = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": options.quick,
        "corpus": str(options.corpus),
        "articles": len(articles),
        "processes": options.processes,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_average_start": load_average()},
    }
    started = time.monotonic()
    bar = Bar(console)
    with bar.progress:
        kw = {"batch_size": options.batch_size, "progress": bar.track}
        bare = extraction.bare_pipe(articles, n_process=options.processes, **kw)
        offline = extraction.extract_offline(articles, **kw)
        pool = extraction.extraction_pool(articles, n_process=options.processes, **kw)
        report["bare_nlp_pipe"] = bare.to_dict()
        report["extract_offline"] = offline.to_dict()
        report["extraction_pool"] = pool.to_dict()
        if options.pipeline:
            plan = QUICK if options.quick else FULL
            report.update(bench_pipeline(Settings.from_env(), corpus, plan, pool_size=options.processes,
                                         tick=bar.tick))
            report["pipeline_vs_bare_ratio"] = round(
                report["pipeline"]["articles_per_s"] / bare.per_second, 2)
            pipeline_cpu = report["pipeline"].get("cpu_ms_per_article")
            if pipeline_cpu and bare.cpu_ms_per_article:
                # bare CPU per article / the worker's (pool included, broker not): load-proof
                report["pipeline_cpu_vs_bare_ratio"] = round(bare.cpu_ms_per_article / pipeline_cpu, 2)
        if not options.quick:
            report["hostile_seconds"] = extraction.hostile_seconds()
    report["seconds"] = round(time.monotonic() - started, 1)
    report["machine"]["load_average_end"] = load_average()
    report["targets"] = targets(report)
    return report


def targets(r: dict) -> dict[str, dict]:
    """Issue 10's targets against this run (``met`` is None when the phase did not run)."""
    def check(value, ok) -> dict:
        return {"value": value, "met": None if value is None else bool(ok(value))}

    hostile = r.get("hostile_seconds")
    return {
        "pipeline_vs_bare_ratio >= 1.5": check(r.get("pipeline_vs_bare_ratio"), lambda v: v >= 1.5),
        "p99 article->alert <= 300 ms": check(r.get("latency", {}).get("p99_ms"), lambda v: v <= 300),
        "worker RSS growth <= 10 %": check(r.get("worker_memory", {}).get("growth_pct"), lambda v: v <= 10),
        "two workers >= 1.7x one": check(r.get("scaling", {}).get("two_vs_one_ratio"), lambda v: v >= 1.7),
        "hostile set < 10 s, none > 5 s": check(
            None if hostile is None else round(sum(hostile.values()), 2),
            lambda v: v < 10 and max(hostile.values()) <= 5),
    }


def table(r: dict) -> Table:
    t = Table("measurement", "articles", "seconds", "articles/s", "× bare nlp.pipe",
              "CPU ms/article",
              title=f"gainsay bench ({'quick' if r['quick'] else 'full'}, {r['seconds']} s)")
    base = r["bare_nlp_pipe"]["articles_per_s"]
    rows = [r.get(k) for k in ("bare_nlp_pipe", "extract_offline", "extraction_pool", "pipeline")]
    rows += [r["scaling"].get(k) for k in ("one_worker", "two_workers")] if "scaling" in r else []
    for row in rows:
        if row:
            cpu = row.get("cpu_ms_per_article")
            t.add_row(row["name"], str(row["articles"]), f"{row['seconds']:.2f}",
                      f"{row['articles_per_s']:.1f}", f"{row['articles_per_s'] / base:.2f}",
                      "" if cpu is None else f"{cpu:.0f}")
    return t


def print_report(r: dict, console: Console) -> None:
    console.print(table(r))
    if "pipeline_cpu_vs_bare_ratio" in r:
        console.print(f"CPU per article, bare nlp.pipe ÷ worker (pool included, broker not): "
                      f"{r['pipeline_cpu_vs_bare_ratio']}")
    if "latency" in r:
        lat = r["latency"]
        console.print(f"article→alert at {lat['offered_articles_per_s']} articles/s (half of max), "
                      f"{lat['alerts']} alerts: p50 {lat['p50_ms']} ms, p95 {lat['p95_ms']} ms, "
                      f"p99 {lat['p99_ms']} ms")
    if "worker_memory" in r:
        mem = r["worker_memory"]
        console.print(f"worker RSS (worker + pool): {mem['rss_mb']} MB, growth {mem['growth_pct']} %")
    if "error" in r.get("scaling", {}):
        console.print(f"[red]one vs two workers failed[/]: {r['scaling']['error']}")
    if "hostile_seconds" in r:
        console.print(f"hostile set (s): {r['hostile_seconds']}")
    for name, result in r["targets"].items():
        mark = {True: "[green]met[/]", False: "[red]missed[/]", None: "[dim]not measured[/]"}[result["met"]]
        console.print(f"  target {name}: {result['value']} {mark}")
    m = r["machine"]
    console.print(f"[dim]load average {m['load_average_start']} → {m['load_average_end']} "
                  f"on {m['cpus']} CPUs[/]")


def write_json(r: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(r, indent=2) + "\n", encoding="utf-8")
