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
    gold: Annotated[Path, typer.Option(help="gold annotations JSONL")],
    stories: Annotated[Path | None, typer.Option(help="story-level gold contradictions")] = None,
    out_dir: Annotated[Path, typer.Option(help="where claims, alerts and the report go")] = Path(
        "reports/backtest"),
) -> None:
    """Run detect offline over FILE and score it against gold labels (per-type P/R/F1)."""
    from streams.offline.backtest import backtest as run_backtest
    from streams.offline.backtest import print_report

    report = run_backtest(file, gold, stories, _extractor(Settings.from_env()), out_dir)
    print_report(report, console=Console())
    err.print(f"report written to {out_dir}/")


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


@app.command()
def replay(
    app_id: Annotated[str, typer.Option("--app-id", help="new, isolated app id (state + group)")],
    from_beginning: Annotated[bool, typer.Option("--from-beginning")] = False,
    since: Annotated[str | None, typer.Option(help="RFC 3339 time: replay from here")] = None,
    topic: Annotated[str | None, typer.Option(help="source topic (default: articles)")] = None,
    loglevel: Annotated[str, typer.Option(help="log level")] = "",
) -> None:
    """Reprocess a topic into isolated state and separate output topics (APP_ID.claims/.alerts)."""
    import faust

    from streams.app.factory import create_app
    from streams.kafkaio.admin import ensure_topics, topic_names
    from streams.kafkaio.offsets import seek_group
    from streams.records import parse_time

    if from_beginning == (since is not None):
        err.print("[red]error[/] give exactly one of --from-beginning or --since TS")
        raise typer.Exit(EXIT_BAD_INPUT)
    base = Settings.from_env()
    settings = Settings.from_env(
        app_id=app_id,
        topic_articles=topic or base.topic_articles,
        topic_claims=f"{app_id}.claims",
        topic_alerts=f"{app_id}.alerts",
        topic_dlq=f"{app_id}.articles.dlq",
        data_dir=str(Path(base.data_dir).parent / app_id),
    )
    try:
        start = parse_time(since) if since else None
    except ValueError:
        err.print(f"[red]error[/] --since {since!r} is not an RFC 3339 time")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    ensure_topics(settings, topic_names(settings)[1:])
    offsets = seek_group(settings, app_id, settings.topic_articles, start)
    err.print(f"replaying {settings.topic_articles} from offsets {offsets} into "
              f"{settings.topic_claims} / {settings.topic_alerts} as app {app_id}")
    gainsay = create_app(settings)
    faust.Worker(gainsay.app, loglevel=loglevel or settings.log_level).execute_from_commandline()


DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared/data/corpus/fnc1.jsonl"


@app.command()
def bench(
    corpus: Annotated[Path, typer.Option(help="article JSONL to measure on")] = DEFAULT_CORPUS,
    articles: Annotated[int, typer.Option(help="how many articles")] = 500,
    processes: Annotated[int, typer.Option(help="processes for nlp.pipe and the pool")] = 2,
    pipeline: Annotated[bool, typer.Option(
        help="also measure the full Kafka pipeline (needs a broker at GAINSAY_KAFKA_URL)")] = False,
) -> None:
    """Measure extraction (and optionally the Kafka pipeline) against bare nlp.pipe."""
    from streams.bench.extraction import bench_extraction, load_articles

    items = load_articles(corpus, articles)
    rates = bench_extraction(items, n_process=processes)
    baseline = next(r for r in rates if f"n_process={processes}" in r.name)
    table = Table("measurement", "articles", "seconds", "articles/s", f"× nlp.pipe n_process={processes}")
    for rate in rates:
        table.add_row(rate.name, str(rate.articles), f"{rate.seconds:.2f}", f"{rate.per_second:.1f}",
                      f"{rate.per_second / baseline.per_second:.2f}")
    if pipeline:
        from streams.bench.pipeline import bench_pipeline

        fresh = load_articles(corpus, 2 * articles + 1)  # warm-up + full speed + half speed
        for rate in bench_pipeline(Settings.from_env(), fresh, pool_size=processes):
            table.add_row(rate.name, str(rate.articles), f"{rate.seconds:.2f}", f"{rate.per_second:.1f}",
                          f"{rate.per_second / baseline.per_second:.2f}")
    Console().print(table)


@app.command("schema")
def schema_cmd(name: Annotated[str, typer.Argument(help="article|claim|alert|dead_letter")]) -> None:
    """Print the JSON Schema of a record type."""
    from streams.schemas import SCHEMA_NAMES, load_schema

    if name not in SCHEMA_NAMES:
        err.print(f"[red]unknown record type[/] {name!r}; one of {', '.join(SCHEMA_NAMES)}")
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
