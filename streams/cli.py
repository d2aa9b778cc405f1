"""The ``gainsay`` command: one function per subcommand, each a thin shell over a module."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from streams.config import Settings
from streams.errors import ExtractionError
from streams.jsonl import BadLine, read_articles
from streams.records import Article

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Gainsay: who said what, who denied what, who contradicts whom.")
err = Console(stderr=True, soft_wrap=True)
EXIT_BAD_INPUT = 2
EXIT_BELOW_FLOOR = 1
EXIT_FAILED = 1

FileArg = Annotated[str, typer.Argument(help="article JSONL file, or - for standard input")]
OutOpt = Annotated[Path | None, typer.Option("--out", "-o", help="output JSONL file (default stdout)")]
SkipBadOpt = Annotated[bool, typer.Option(help="skip and count bad lines instead of stopping")]
BatchOpt = Annotated[int, typer.Option(help="articles per nlp.pipe batch")]


def _extractor(settings: Settings):
    """The NLP extractor with the user's alias registry (loads the model: seconds)."""
    from streams.nlp.extract import Extractor

    return Extractor(aliases_path=settings.aliases or None)


def _progress() -> Progress:
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, transient=False,
                    disable=not err.is_terminal)


def _articles(path: str, settings: Settings, skip_bad: bool, bad: list[BadLine]) -> Iterator[Article]:
    return read_articles(path, skip_bad=skip_bad, bad=bad, max_bytes=settings.max_article_bytes,
                         languages=settings.accepted_languages)


def _report_bad(bad: list[BadLine], skipped: bool) -> None:
    for line in bad[:20]:
        err.print(f"[yellow]skipped[/] {line}" if skipped else f"[red]error[/] {line}")
    if len(bad) > 20:
        err.print(f"… and {len(bad) - 20} more bad lines")


def _write_jsonl(lines: Iterator[str], out: Path | None) -> int:
    """Write JSON lines to ``out`` (or stdout); a bad input line ends it with exit status 2."""
    sink = open(out, "w", encoding="utf-8") if out else sys.stdout  # noqa: SIM115
    count = 0
    try:
        for line in lines:
            sink.write(line + "\n")
            count += 1
    except BadLine as exc:
        err.print(f"[red]error[/] {exc}")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except ExtractionError as exc:
        err.print(f"[red]error[/] {exc} (after {count} output lines)")
        raise typer.Exit(EXIT_FAILED) from None
    finally:
        if out:
            sink.close()
    return count


@app.command()
def extract(
    file: FileArg = "-",
    out: OutOpt = None,
    skip_bad: SkipBadOpt = False,
    batch_size: BatchOpt = 32,
) -> None:
    """Article JSONL in → claim JSONL out (no Kafka)."""
    settings = Settings.from_env()
    bad: list[BadLine] = []
    extractor = _extractor(settings)
    counts = {"articles": 0, "claims": 0}

    def claims() -> Iterator[str]:
        with _progress() as progress:
            task = progress.add_task("extract", total=None)
            for _article, found in extractor.extract_many(
                    _articles(file, settings, skip_bad, bad), batch_size=batch_size):
                counts["articles"] += 1
                counts["claims"] += len(found)
                progress.advance(task)
                yield from (claim.to_json() for claim in found)

    _write_jsonl(claims(), out)
    _report_bad(bad, skipped=True)
    err.print(f"{counts['articles']} articles → {counts['claims']} claims; {len(bad)} bad lines skipped")


@app.command()
def detect(
    file: FileArg = "-",
    out: OutOpt = None,
    skip_bad: SkipBadOpt = False,
    batch_size: BatchOpt = 32,
) -> None:
    """Article JSONL in (event-time order) → alert JSONL out: the worker's code, no Kafka."""
    from streams.judge.stance import JudgeSettings
    from streams.offline.detect import detect as run_detect

    settings = Settings.from_env()
    bad: list[BadLine] = []
    extractor = _extractor(settings)
    judge_settings = JudgeSettings(contradiction_window=settings.contradiction_window)
    alerts = (alert.to_json() for alert in run_detect(
        _articles(file, settings, skip_bad, bad), extractor, settings=judge_settings,
        batch_size=batch_size))
    count = _write_jsonl(alerts, out)
    _report_bad(bad, skipped=True)
    err.print(f"{count} alerts; {len(bad)} bad lines skipped")


@app.command()
def backtest(
    file: FileArg,
    gold: Annotated[Path, typer.Option(help="gold labels JSONL (schemas/label.schema.json)")],
    stories: Annotated[Path | None, typer.Option(
        help="story-level gold alerts JSONL (schemas/story_label.schema.json)")] = None,
    out_dir: Annotated[Path, typer.Option(help="where claims, alerts and the report go")] = Path(
        "reports/backtest"),
    baseline: Annotated[Path | None, typer.Option(
        help="an earlier report.json: print and plot the per-type deltas against it")] = None,
    fail_under: Annotated[float | None, typer.Option(
        "--fail-under", min=0.0, max=1.0, help="exit 1 if the overall alert F1 is below this")] = None,
) -> None:
    """Run detect offline over FILE and score it against gold labels (per-type P/R/F1)."""
    from streams.judge.stance import JudgeSettings
    from streams.offline.backtest import backtest as run_backtest
    from streams.offline.backtest import load_inputs, print_report
    from streams.offline.compare import load_report
    from streams.offline.labels import BadLabels

    settings = Settings.from_env()
    try:
        old = load_report(baseline) if baseline else None
    except ValueError as exc:
        err.print(f"[red]error[/] {exc}")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    try:
        inputs = load_inputs(file, gold, stories, max_article_bytes=settings.max_article_bytes,
                             languages=settings.accepted_languages)
    except BadLabels as exc:
        _report_bad(exc.lines, skipped=False)
        err.print(f"[red]nothing scored[/]: {len(exc.lines)} bad label lines")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except BadLine as exc:
        err.print(f"[red]error[/] {exc}")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    report = run_backtest(inputs, _extractor(settings), out_dir, baseline=old,
                          settings=JudgeSettings(contradiction_window=settings.contradiction_window))
    print_report(report, console=Console())
    err.print(f"report written to {out_dir}/")
    f1 = report["alerts"]["all"]["f1"]
    if fail_under is not None and f1 < fail_under:
        err.print(f"[red]alert F1 {f1:.3f} is under --fail-under {fail_under:.3f}[/]")
        raise typer.Exit(EXIT_BELOW_FLOOR)


@app.command()
def topics(
    create: Annotated[bool, typer.Option("--create", help="create missing topics first")] = False,
) -> None:
    """List Gainsay's topics with partitions and end offsets."""
    from streams.kafkaio.admin import describe_topics, ensure_topics, topic_names

    settings = Settings.from_env()
    if create:
        created = ensure_topics(settings)
        err.print(f"created: {', '.join(created) or 'nothing (all exist)'}")
    table = Table("topic", "partitions", "end offsets", "messages")
    for info in describe_topics(settings, topic_names(settings)):
        offsets = " ".join(f"{p}:{o}" for p, o in sorted(info.end_offsets.items()))
        table.add_row(info.name, str(info.partitions), offsets, str(info.messages))
    Console().print(table)


@app.command()
def produce(
    file: FileArg,
    topic: Annotated[str | None, typer.Option(help="target topic (default: articles)")] = None,
    skip_bad: Annotated[bool, typer.Option(help="send the valid lines, report the bad ones")] = False,
) -> None:
    """Load article JSONL into Kafka, keyed by article id (validated first)."""
    from streams.kafkaio.admin import ensure_topics
    from streams.kafkaio.producer import produce_file

    settings = Settings.from_env()
    ensure_topics(settings)
    with _progress() as progress:
        task = progress.add_task(f"produce → {topic or settings.topic_articles}", total=None)
        report = produce_file(
            file, settings, topic=topic, skip_bad=skip_bad,
            on_validated=lambda n: progress.update(task, total=n),
            on_sent=lambda n: progress.advance(task, n),
        )
    if report.bad and not skip_bad:
        _report_bad(report.bad, skipped=False)
        err.print(f"[red]nothing sent[/]: {len(report.bad)} bad lines (use --skip-bad to send the rest)")
        raise typer.Exit(EXIT_BAD_INPUT)
    _report_bad(report.bad, skipped=True)
    for article_id, error in report.failed[:20]:
        err.print(f"[red]not sent[/] {article_id}: {error}")
    err.print(f"sent {report.sent} articles (acknowledged); {len(report.failed)} failed; "
              f"{len(report.bad)} bad lines skipped")
    if report.failed:
        raise typer.Exit(EXIT_FAILED)


@app.command()
def tail(
    topic: Annotated[str | None, typer.Option(help="topic to follow (default: alerts)")] = None,
    from_beginning: Annotated[bool, typer.Option("--from-beginning")] = False,
    max_messages: Annotated[int | None, typer.Option("--max", help="stop after N records")] = None,
    idle_timeout: Annotated[float | None, typer.Option(
        "--idle-timeout", help="stop after this many seconds without a record")] = None,
    raw: Annotated[bool, typer.Option("--json", help="print the raw JSON records")] = False,
) -> None:
    """Print records (alerts by default) as they arrive, human-readable."""
    from streams.kafkaio.tail import follow, render

    settings = Settings.from_env()
    console = Console()
    try:
        for _key, value in follow(settings, topic or settings.topic_alerts,
                                  from_beginning=from_beginning, max_messages=max_messages,
                                  idle_timeout_s=idle_timeout):
            if raw:
                print(value.decode("utf-8", "replace") if value else "null", flush=True)
            else:
                console.print(render(value), markup=False, highlight=False, soft_wrap=True)
    except KeyboardInterrupt:
        pass


@app.command()
def worker(
    loglevel: Annotated[str, typer.Option(help="log level")] = "",
) -> None:
    """Run the Faust worker: agents, tables and the web server (/metrics, /healthz, views)."""
    import faust

    from streams.app.factory import create_app

    settings = Settings.from_env()
    gainsay = create_app(settings)
    faust.Worker(gainsay.app, loglevel=loglevel or settings.log_level).execute_from_commandline()


def _parse_time(option: str, value: str | None):
    from streams.records import parse_time

    try:
        return parse_time(value) if value else None
    except ValueError:
        err.print(f"[red]error[/] {option} {value!r} is not an RFC 3339 time")
        raise typer.Exit(EXIT_BAD_INPUT) from None


def _summary_table(summary) -> Table:
    table = Table("replay", summary.app_id, title="Replay summary", show_header=False)
    span = " ".join(f"{p}:{summary.start[p]}-{summary.end[p]}" for p in sorted(summary.start))
    table.add_row("source offsets", f"{summary.source} {span}")
    table.add_row("articles", str(summary.articles))
    table.add_row("claims", str(summary.claims))
    table.add_row("alerts", str(summary.alerts))
    for kind, count in summary.alerts_by_type.items():
        table.add_row(f"  {kind}", str(count))
    table.add_row("dead letters", str(summary.dead_letters))
    table.add_row("wall time", f"{summary.seconds:.1f} s (incl. worker start)")
    table.add_row("throughput", f"{summary.articles_per_s:.1f} articles/s")
    if summary.topics_removed:
        table.add_row("removed", ", ".join(summary.topics_removed))
    return table


def _remove_replay(base: Settings, app_id: str) -> None:
    from streams.kafkaio.replay import cleanup, replay_settings

    try:
        removed = cleanup(replay_settings(base, app_id, base.partitions), base.app_id)
    except ValueError as exc:
        err.print(f"[red]error[/] {exc}")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    err.print(f"removed {', '.join(removed) or 'nothing (no topics of that app id)'}")


@app.command()
def replay(
    app_id: Annotated[str, typer.Option("--app-id", help="new, isolated app id (state + group)")],
    from_beginning: Annotated[bool, typer.Option("--from-beginning")] = False,
    since: Annotated[str | None, typer.Option(help="RFC 3339 time: replay from here")] = None,
    until: Annotated[str | None, typer.Option(
        help="RFC 3339 time: replay records before this (default: the end offsets at start)")] = None,
    topic: Annotated[str | None, typer.Option(help="source topic (default: articles)")] = None,
    cleanup: Annotated[bool, typer.Option(
        "--cleanup", help="remove the replay's topics, group and state when done")] = False,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="write the alerts as JSONL")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the summary as JSON on stdout")] = False,
    idle_timeout: Annotated[float, typer.Option(
        help="give up after this many seconds without progress")] = 300.0,
) -> None:
    """Reprocess a fixed slice of a topic with isolated state into APP_ID.claims / APP_ID.alerts,
    stop by itself at the end offsets captured at start, and print a summary."""
    from streams.kafkaio.offsets import capture_range
    from streams.kafkaio.replay import ReplayError, run_replay

    base = Settings.from_env()
    if cleanup and not from_beginning and since is None:
        _remove_replay(base, app_id)
        return
    if from_beginning == (since is not None):
        err.print("[red]error[/] give exactly one of --from-beginning or --since TS "
                  "(or only --cleanup to remove an earlier replay)")
        raise typer.Exit(EXIT_BAD_INPUT)
    start, stop = _parse_time("--since", since), _parse_time("--until", until)
    source = topic or base.topic_articles
    try:
        rng = capture_range(base, source, start, stop)
    except ValueError as exc:
        err.print(f"[red]error[/] {exc}")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    err.print(f"replaying {rng.records} records of {source} as app {app_id}")
    with Progress(TextColumn("[bold]{task.description:>8}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err) as progress:
        tasks = {phase: progress.add_task(phase, total=rng.records if phase != "claims" else None)
                 for phase in ("copy", "articles", "claims")}

        def show(phase: str, done: int, total: int | None) -> None:
            progress.update(tasks[phase], completed=done, total=total)

        try:
            summary, alerts = run_replay(base, app_id, rng, on_progress=show, remove=cleanup,
                                         idle_timeout_s=idle_timeout)
        except ValueError as exc:
            err.print(f"[red]error[/] {exc}")
            raise typer.Exit(EXIT_BAD_INPUT) from None
        except ReplayError as exc:
            err.print("[red]replay failed[/]")
            err.print(str(exc), markup=False, highlight=False)
            raise typer.Exit(1) from None
    if out:
        out.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in alerts), encoding="utf-8")
    if as_json:
        print(json.dumps(summary.to_dict()))
    err.print(_summary_table(summary))


@app.command()
def bench(
    corpus: Annotated[Path | None, typer.Option(
        help="article JSONL to measure on (default: the sample articles shipped with Gainsay)")] = None,
    articles: Annotated[int | None, typer.Option(
        help="articles for the extraction phases, replayed with fresh ids (default 300; 100 quick)")] = None,
    processes: Annotated[int, typer.Option(help="processes for nlp.pipe and the pool")] = 2,
    quick: Annotated[bool, typer.Option(help="small phases, under 3 minutes; no 100k memory run")] = False,
    pipeline: Annotated[bool, typer.Option(
        help="measure the Kafka pipeline too (needs a broker at GAINSAY_KAFKA_URL)")] = True,
    json_out: Annotated[Path | None, typer.Option(
        "--json", help="also write the report as JSON here")] = None,
) -> None:
    """Throughput, latency and memory against bare nlp.pipe, all in one run (ratios in-run)."""
    from streams.bench.articles import default_corpus
    from streams.bench.report import Options, print_report, run, write_json

    if pipeline:
        _require_broker(Settings.from_env())
    options = Options(corpus=corpus or default_corpus(), articles=articles or (100 if quick else 300),
                      processes=processes, quick=quick, pipeline=pipeline)
    console = Console(stderr=True)
    report = run(options, console)
    print_report(report, console)
    if json_out is not None:
        write_json(report, json_out)
        console.print(f"report written to {json_out}")


def _require_broker(settings: Settings) -> None:
    """Fail before minutes of measuring if the pipeline phases cannot reach a broker."""
    from kafka.errors import KafkaError

    from streams.kafkaio.admin import admin_client

    try:
        admin_client(settings).close()
    except (KafkaError, OSError) as exc:
        err.print(f"[red]error[/] no Kafka broker at {settings.kafka_url} ({type(exc).__name__}): "
                  "start one (make kafka-up) and set GAINSAY_KAFKA_URL, or pass --no-pipeline")
        raise typer.Exit(EXIT_BAD_INPUT) from None


@app.command("schema")
def schema_cmd(name: Annotated[str, typer.Argument(
        help="article|claim|alert|dead_letter, or label|story_label (backtest gold)")]) -> None:
    """Print the JSON Schema of a record type or of a gold label line."""
    from streams.offline.labels import LABEL_SCHEMAS
    from streams.schemas import SCHEMA_NAMES, load_schema

    known = (*SCHEMA_NAMES, *LABEL_SCHEMAS)
    if name not in known:
        err.print(f"[red]unknown record type[/] {name!r}; one of {', '.join(known)}")
        raise typer.Exit(EXIT_BAD_INPUT)
    print(json.dumps(load_schema(name), indent=2))


def main() -> None:
    """The `gainsay` entry point: a broker that cannot be reached or refuses us is one clear
    line (which brokers, which security settings; never the password), not a traceback."""
    from kafka.errors import KafkaError
    from rich.markup import escape

    try:
        app()
    except KafkaError as exc:
        settings = Settings.from_env()
        how = settings.kafka_security_protocol
        if settings.kafka_sasl_mechanism:
            how += f" {settings.kafka_sasl_mechanism} as {settings.kafka_sasl_username!r}"
        detail = (f"Kafka at {', '.join(settings.bootstrap_servers)} ({how}): "
                  f"{type(exc).__name__}: {exc}. Unreachable, or refused the authentication? "
                  "Check GAINSAY_KAFKA_URL and the GAINSAY_KAFKA_SECURITY_PROTOCOL / _SASL_* / "
                  "_SSL_CAFILE settings.")
        err.print(f"[red]error[/] {escape(detail)}")
        sys.exit(EXIT_FAILED)


if __name__ == "__main__":  # pragma: no cover
    main()
