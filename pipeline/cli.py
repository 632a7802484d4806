"""The ``newsbeam`` command line: run, stream, schedule, compact, enrich, query, verify, report.

Flags newsbeam does not know are Beam pipeline options (``--runner``, ``--direct_num_workers``, ...).
Exit status: 0 success (also with rejected records), 1 failed run, 2 usage or input error, 75 output locked.
"""
from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.exits import EXIT_FAILED, EXIT_LOCKED, EXIT_OK, EXIT_USAGE, fail, quiet_libraries, run_guarded
from pipeline.summary import format_summary


def _job_arguments(command: argparse.ArgumentParser, inputs: bool = True) -> None:
    """Flags that override a job definition, shared by run, stream and schedule."""
    if inputs:
        command.add_argument("--input", action="append", default=None, metavar="GLOB",
                             help="input files (glob, ** allowed; repeatable). Default: the bundled sample articles")
    command.add_argument("--output", default=None, metavar="DIR", help="output folder (default: ./out)")
    command.add_argument("--format", choices=("auto", "jsonl", "text", "html", "warc"), default=None,
                         help="input format (default auto: by extension, then by content; .gz is read through)")
    command.add_argument("--config", metavar="FILE", help="YAML job definition (see configs/); flags override it")
    command.add_argument("--no-nlp", action="store_true", help="skip entities and quotes")
    command.add_argument("--spacy-model", metavar="NAME", help="spaCy model package for entities")
    command.add_argument("--max-record-bytes", type=int, metavar="N",
                         help="larger records are rejected (too_large)")
    command.add_argument("--max-rejects-per-file", type=int, metavar="N",
                         help="rejects of one input file kept with their raw bytes; the rest are counted "
                              "(default 1000)")
    command.add_argument("-q", "--quiet", action="store_true", help="only the summary")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _run_parser(sub: argparse._SubParsersAction) -> None:
    run = sub.add_parser("run", help="batch run over input files (no inputs: the bundled sample)",
                         description="Batch run. Unknown --flags are passed to Beam as pipeline options.")
    _job_arguments(run)
    run.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                     help="logical date: fills {date:...} in the job's paths; a retry replaces that date's run")
    run.add_argument("--since", type=_date, metavar="YYYY-MM-DD", help="backfill from this date ...")
    run.add_argument("--until", type=_date, metavar="YYYY-MM-DD", help="... to this one (inclusive), date by date")
    run.add_argument("--incremental", action=argparse.BooleanOptionalAction, default=None,
                     help="skip inputs already committed unchanged (default: on with --date/--since)")


def _stream_parser(sub: argparse._SubParsersAction) -> None:
    stream = sub.add_parser("stream", help="watch a landing folder and commit what lands, window by window",
                            description="Streaming run. Unknown --flags are passed to Beam; a --runner other "
                                        "than the local one runs the windowed streaming pipeline there.")
    stream.add_argument("--watch", metavar="DIR", help="landing folder to watch (or stream.watch in the config)")
    _job_arguments(stream, inputs=False)
    stream.add_argument("--window", type=float, metavar="SECONDS", help="commit at most once per window (30)")
    stream.add_argument("--settle", type=float, metavar="SECONDS",
                        help="a file is read once unchanged for this long (2)")
    stream.add_argument("--poll", type=float, metavar="SECONDS", help="how often the folder is listed (1)")
    stream.add_argument("--stop-after", type=float, metavar="SECONDS",
                        help="commit what is ready and stop after this long (default: run until SIGINT/SIGTERM)")


def _schedule_parser(sub: argparse._SubParsersAction) -> None:
    schedule = sub.add_parser("schedule", help="run a job on its cron schedule (schedule: in the config)",
                              description="Embedded scheduler. Unknown --flags are passed to Beam.")
    schedule.add_argument("--config", metavar="FILE", required=True, help="job definition with a schedule section")
    schedule.add_argument("--no-nlp", action="store_true", help="skip entities and quotes")
    schedule.add_argument("--once", action="store_true", help="run the latest due date now, then exit")
    schedule.add_argument("--stop-after", type=float, metavar="SECONDS", help="stop after this long")
    schedule.add_argument("-q", "--quiet", action="store_true", help="only the summaries")


def _compact_parser(sub: argparse._SubParsersAction) -> None:
    compact = sub.add_parser("compact", help="merge small files per partition and drop duplicate rows",
                             description="Compaction: atomic per partition, safe while others query.")
    compact.add_argument("--output", default="out", metavar="DIR", help="output folder (default ./out)")
    compact.add_argument("--dataset", action="append", choices=("articles", "entities", "quotes", "rejects"),
                         help="only this dataset (repeatable; default all)")
    compact.add_argument("--min-files", type=int, default=2, metavar="N",
                         help="rewrite partitions with at least N files (default 2); duplicates always")
    compact.add_argument("--wait", type=float, default=60.0, metavar="SECONDS",
                         help="wait this long for a running commit to release the output (default 60)")
    compact.add_argument("--dry-run", action="store_true", help="say what would be rewritten; change nothing")


def _enrich_parser(sub: argparse._SubParsersAction) -> None:
    enrich = sub.add_parser("enrich", help="entities and quotes for committed articles that lack them or are stale",
                            description="Runs NLP over committed articles (no inputs read again) where entities "
                                        "or quotes are missing or made by an older extractor; each group of "
                                        "partitions is replaced atomically.")
    enrich.add_argument("--output", default="out", metavar="DIR", help="output folder (default ./out)")
    enrich.add_argument("--datasets", default="entities,quotes", metavar="LIST",
                        help="comma-separated, of entities and quotes (default both)")
    enrich.add_argument("--since", type=_date, metavar="YYYY-MM-DD", help="only partitions from this date ...")
    enrich.add_argument("--until", type=_date, metavar="YYYY-MM-DD", help="... to this one (inclusive)")
    enrich.add_argument("--spacy-model", metavar="NAME", help="spaCy model package for entities")
    enrich.add_argument("-q", "--quiet", action="store_true", help="only the summary")


def _query_parser(sub: argparse._SubParsersAction) -> None:
    query = sub.add_parser("query", help="SQL over the datasets (DuckDB views articles/entities/quotes/rejects)")
    query.add_argument("sql", nargs="?", help='e.g. "select source, count(*) from articles group by 1"')
    query.add_argument("--output", default="out", metavar="DIR", help="output folder of a run (default ./out)")
    query.add_argument("--format", choices=("table", "csv", "json", "ndjson"), default="table",
                       help="table (default); csv (lists as JSON arrays); json (one array of objects); "
                            "ndjson (one object a line)")
    query.add_argument("--list", action="store_true", help="list the named example queries")
    query.add_argument("--name", metavar="QUERY", help="run a named query (see --list)")
    query.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                       help="a parameter of the named query (repeatable)")


def _verify_parser(sub: argparse._SubParsersAction) -> None:
    verify = sub.add_parser("verify", help="check the data files against the manifests: present, readable, row counts",
                            description="Checks every committed file against the records that committed it. "
                                        "Exit 0 when all hold, 1 when problems were found, 2 usage error.")
    verify.add_argument("--output", default="out", metavar="DIR", help="output folder (default ./out)")
    verify.add_argument("--repair", action="store_true",
                        help="move unreadable or cut-short files into OUT/_quarantine/ (never deleted), record "
                             "their rows as lost and name the inputs to read again")
    verify.add_argument("--footers-only", action="store_true",
                        help="row counts from the file footers only, without reading every page (faster)")


def _report_parser(sub: argparse._SubParsersAction) -> None:
    report = sub.add_parser("report", help="one self-contained HTML page that shows what an output holds",
                            description="Writes OUTPUT/report.html (or --to FILE), charts and numbers from DuckDB "
                                        "aggregates over the output, and prints its path. Needs no network to view.")
    report.add_argument("--output", default="out", metavar="DIR", help="output folder of a run (default ./out)")
    report.add_argument("--to", metavar="FILE", help="where to write the page (default DIR/report.html)")
    report.add_argument("--since", type=_date, metavar="YYYY-MM-DD", help="only articles published from this day ...")
    report.add_argument("--until", type=_date, metavar="YYYY-MM-DD", help="... to this one (inclusive)")
    report.add_argument("--source", metavar="SOURCE", help="only this source (the articles.source key)")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="newsbeam", description="Raw news articles in, partitioned Parquet out.")
    sub = top.add_subparsers(dest="command", required=True,
                             metavar="{run,stream,schedule,compact,enrich,query,verify,report}")
    _run_parser(sub)
    _stream_parser(sub)
    _schedule_parser(sub)
    _compact_parser(sub)
    _enrich_parser(sub)
    _query_parser(sub)
    _verify_parser(sub)
    _report_parser(sub)
    return top


def _job(args: argparse.Namespace) -> Any:
    """The job definition: the config file (if any) with the command-line flags applied over it."""
    from pipeline.config import JobConfig, load_config

    job = load_config(args.config) if args.config else JobConfig()
    updates: dict[str, Any] = {}
    if getattr(args, "input", None):
        updates["inputs"] = args.input
    if getattr(args, "output", None):
        updates["output"] = args.output
    if getattr(args, "format", None):
        updates["format"] = args.format
    if getattr(args, "max_record_bytes", None):
        updates["max_record_bytes"] = args.max_record_bytes
    if getattr(args, "max_rejects_per_file", None) is not None:
        updates["max_rejects_per_file"] = args.max_rejects_per_file
    nlp = job.nlp.model_copy(update={k: v for k, v in (("enabled", False if args.no_nlp else None),
                                                       ("model", getattr(args, "spacy_model", None)))
                                     if v is not None})
    return job.model_copy(update={**updates, "nlp": nlp})


def _preflight(job: Any, argv: list[str]) -> None:
    """What can be known before a job starts, so that it is a usage error (exit 2) now rather than a failed
    run later: an output that is a file, a spaCy model that is not installed, a runner Beam cannot load."""
    from pipeline.config import check_output_folder, check_spacy_model
    from pipeline.runners import check_runner

    check_output_folder(job.output)
    check_spacy_model(job)
    check_runner(argv)


def _no_inputs_named(args: argparse.Namespace, job: Any) -> str | None:
    """A config given to ``run`` must name inputs (or --input must): only a bare run reads the bundled sample."""
    if not args.config or job.inputs:
        return None
    if job.stream is not None:
        return (f"{args.config} is a streaming job (a stream: section, no inputs): run it with "
                f"newsbeam stream --config {args.config}, or give --input to read files once")
    return f"{args.config} names no inputs: add an inputs: list, or give --input"


def _dates(args: argparse.Namespace) -> list[dt.date] | None:
    """The logical dates asked for (None: an ordinary run); ValueError for a contradictory choice."""
    from pipeline.schedule import date_range

    if args.date and (args.since or args.until):
        raise ValueError("give either --date or --since/--until, not both")
    if (args.since is None) != (args.until is None):
        raise ValueError("--since and --until go together")
    if args.date:
        return [args.date]
    if args.since:
        return date_range(args.since, args.until)
    return None


def cmd_run(args: argparse.Namespace, beam_argv: list[str]) -> int:
    from pipeline.config import ConfigError, beam_flags, for_date
    from pipeline.run import run_job

    try:
        job = _job(args)
        if (problem := _no_inputs_named(args, job)) is not None:
            return fail(problem, EXIT_USAGE)
        dates = _dates(args)
        if dates is None and not (args.incremental or (args.incremental is None and job.incremental)):
            job = for_date(job, None)  # a job that names {date} needs one
        argv = beam_flags(job.beam_options) + beam_argv
        _preflight(job, argv)
    except (ConfigError, ValueError) as exc:
        return fail(str(exc), EXIT_USAGE)
    quiet_libraries()
    emit = (lambda _line: None) if args.quiet else (lambda line: print(line, flush=True))
    if dates is not None or args.incremental or (args.incremental is None and job.incremental):
        from pipeline.schedule import run_dates

        return run_dates(job, dates or [None], argv, emit=emit, incremental=args.incremental)
    manifest, failed = run_guarded("run", lambda: run_job(job, argv, emit=emit, live_progress=not args.quiet),
                                   interrupted="interrupted; nothing of this run was committed")
    if failed is not None:
        return failed
    print(format_summary(manifest))
    return EXIT_OK


def cmd_stream(args: argparse.Namespace, beam_argv: list[str]) -> int:
    from pipeline.config import ConfigError, beam_flags
    from pipeline.stream import LocalStream, is_local_runner, run_streaming_runner, stream_settings

    try:
        job = _job(args)
        if (why := local_only("stream", job.output)) is not None:
            return fail(why, EXIT_USAGE)
        settings = stream_settings(job, {"watch": args.watch, "window_seconds": args.window,
                                         "settle_seconds": args.settle, "poll_seconds": args.poll})
    except (ConfigError, ValueError) as exc:
        return fail(str(exc), EXIT_USAGE)
    if not settings.watch:
        return fail("stream needs a folder to watch: --watch DIR (or stream.watch in the config)", EXIT_USAGE)
    argv = beam_flags(job.beam_options) + beam_argv
    try:
        _preflight(job, argv)
    except (ConfigError, ValueError) as exc:
        return fail(str(exc), EXIT_USAGE)
    from pipeline.layout import is_remote

    if is_remote(job.output) and not is_local_runner(argv):
        return fail(f"--output {job.output}: a streaming runner commits into a local output folder only; "
                    "newsbeam stream on the local runner takes an object store", EXIT_USAGE)
    quiet_libraries()
    emit = (lambda _line: None) if args.quiet else (lambda line: print(line, flush=True))
    def stream() -> None:
        if is_local_runner(argv):
            LocalStream(job, settings.watch, settings, argv, emit=emit).run(args.stop_after)
        else:
            run_streaming_runner(job, settings.watch, settings, argv, args.stop_after, emit)

    _, failed = run_guarded("stream", stream, interrupted="stream aborted; the batch in progress was not "
                            "committed (its files are read at the next start)")
    return EXIT_OK if failed is None else failed


def cmd_schedule(args: argparse.Namespace, beam_argv: list[str]) -> int:
    from pipeline.config import ConfigError, beam_flags
    from pipeline.schedule import Scheduler

    try:
        job = _job(args)
        if (why := local_only("schedule", job.output)) is not None:
            return fail(why, EXIT_USAGE)
        argv = beam_flags(job.beam_options) + beam_argv
        scheduler = Scheduler(job, argv,
                              emit=(lambda _line: None) if args.quiet else (lambda line: print(line, flush=True)))
        _preflight(job, argv)
    except (ConfigError, ValueError) as exc:
        return fail(str(exc), EXIT_USAGE)
    quiet_libraries()
    return scheduler.run(once=args.once, stop_after=args.stop_after)


def cmd_compact(args: argparse.Namespace) -> int:
    from pipeline.compact import compact, format_report
    from pipeline.layout import NotAnOutputError
    from pipeline.locking import OutputLockedError

    try:
        report = compact(args.output, datasets=tuple(args.dataset or ("articles", "entities", "quotes", "rejects")),
                         min_files=args.min_files, dry_run=args.dry_run, wait_seconds=args.wait)
    except NotAnOutputError as exc:
        return fail(str(exc), EXIT_USAGE)
    except OutputLockedError as exc:
        return fail(str(exc), EXIT_LOCKED)
    except Exception as exc:
        logging.getLogger("newsbeam").debug("compaction failed", exc_info=True)
        return fail(f"compaction failed: {type(exc).__name__}: {exc}", EXIT_FAILED)
    print(format_report(report))
    return EXIT_OK


def cmd_enrich(args: argparse.Namespace) -> int:
    from pipeline.config import NlpConfig
    from pipeline.enrich import DERIVED, enrich, format_enrich_summary
    from transforms.stages import NlpOptions

    datasets = [d.strip() for d in args.datasets.split(",") if d.strip()]
    unknown = sorted(set(datasets) - set(DERIVED))
    if unknown or not datasets:
        return fail(f"--datasets takes entities and/or quotes, not {','.join(unknown) or 'nothing'}", EXIT_USAGE)
    if args.since and args.until and args.since > args.until:
        return fail("--since is after --until", EXIT_USAGE)
    from pipeline.layout import is_remote

    if not is_remote(args.output) and not (Path(args.output) / "articles").is_dir():
        return fail(f"{args.output} holds no committed articles", EXIT_USAGE)
    defaults = NlpConfig()
    options = NlpOptions(model=args.spacy_model or defaults.model, languages=tuple(defaults.languages),
                         batch_size=defaults.batch_size)
    quiet_libraries()
    emit = (lambda _line: None) if args.quiet else (lambda line: print(line, flush=True))
    summary, failed = run_guarded("enrich", lambda: enrich(args.output, datasets=datasets, since=args.since,
                                                           until=args.until, options=options, emit=emit),
                                  interrupted="interrupted; partitions not yet swapped keep their old rows")
    if failed is not None:
        return failed
    print(format_enrich_summary(summary))
    return EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    from pipeline.named_queries import NamedQueryError, listing, named_query, parse_params
    from pipeline.query import QueryError, format_rows, run_query

    if args.list:
        print(listing())
        return EXIT_OK
    if bool(args.sql) == bool(args.name):
        return fail("give either SQL or --name QUERY (newsbeam query --list shows the named queries)", EXIT_USAGE)
    params = None
    sql = args.sql
    try:
        if args.name:
            sql, params = named_query(args.name).call(parse_params(args.param))
        elif args.param:
            return fail("--param goes with --name", EXIT_USAGE)
        columns, rows = run_query(sql, args.output, params)
    except (QueryError, NamedQueryError) as exc:
        return fail(str(exc), EXIT_USAGE)
    text = format_rows(columns, rows, args.format)
    if text:  # ndjson of no rows is no line at all
        print(text)
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from pipeline.catalog import repair, verify
    from pipeline.commit import recover
    from pipeline.layout import NotAnOutputError, require_output
    from pipeline.locking import OutputLock, OutputLockedError
    from pipeline.swap import recover_swaps

    try:
        output = require_output(Path(args.output).resolve())
    except NotAnOutputError as exc:
        return fail(str(exc), EXIT_USAGE)
    report = verify(output, read_data=not args.footers_only)
    print(f"verify {output}: {report.checked_files:,} committed file(s) checked, {len(report.problems):,} problem(s)")
    if report.legacy_records:
        print(f"  {report.legacy_records:,} record(s) written before checksums (legacy): trusted unchecked")
    if report.unchecked_partitions:
        print(f"  {report.unchecked_partitions:,} partition(s) rewritten by an older compaction: files taken as found")
    for problem in report.problems:
        runs = f" (rows of run {', '.join(sorted(problem.runs))})" if problem.runs else ""
        print(f"  {problem.kind:<16} {problem.path}: {problem.detail}{runs}")
    for path, runs in sorted(report.lost.items()):
        print(f"  {'lost earlier':<16} {path} (quarantined; rows of run {', '.join(sorted(runs)) or '?'})")
    if not args.repair:
        if any(p.kind in ("unreadable", "rows", "missing") for p in report.problems):
            print(f"  newsbeam verify --output {args.output} --repair moves damaged files aside and names the "
                  "inputs to read again")
        return EXIT_OK if report.ok else EXIT_FAILED
    try:
        with OutputLock(output):
            recover(output)
            recover_swaps(output)
            record = repair(output, verify(output, read_data=not args.footers_only))
    except OutputLockedError as exc:
        return fail(str(exc), EXIT_LOCKED)
    for entry in record["files"]:
        where = f"moved to {entry['quarantined_as']}" if entry["quarantined_as"] else "was already gone"
        print(f"  repaired         {entry['path']} {where}")
    if record["inputs"]:
        print("  read these inputs again (newsbeam run --incremental reads them again by itself):")
        for path in record["inputs"]:
            print(f"    {path}")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    try:
        from pipeline.report import ReportError, build_report
        from pipeline.report.aggregates import Selection
    except ImportError as exc:  # the charts' renderer is the report extra
        return fail(f"newsbeam report needs {exc.name}: pip install 'newsbeam[report]'", EXIT_FAILED)
    if args.since and args.until and args.since > args.until:
        return fail(f"--since {args.since} is after --until {args.until}", EXIT_USAGE)
    try:
        path = build_report(args.output, args.to, Selection(args.since, args.until, args.source))
    except ReportError as exc:
        return fail(str(exc), EXIT_USAGE)
    except ImportError as exc:
        return fail(f"newsbeam report needs {exc.name}: pip install 'newsbeam[report]'", EXIT_FAILED)
    except OSError as exc:
        return fail(f"could not write the report: {exc}", EXIT_FAILED)
    except Exception as exc:
        logging.getLogger("newsbeam").debug("report failed", exc_info=True)
        return fail(f"report failed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
                    EXIT_FAILED)
    print(path)
    return EXIT_OK


class _ImportNoiseFilter(logging.Filter):
    """Beam warns at import time about Google Cloud client libraries newsbeam does not use."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "apitools not found" not in record.getMessage()


def join_flag_values(flags: list[str]) -> list[str]:
    """Beam options written "--name value" become "--name=value" (Beam itself accepts both forms)."""
    joined: list[str] = []
    for flag in flags:
        if joined and not flag.startswith("-") and joined[-1].startswith("--") and "=" not in joined[-1]:
            joined[-1] = f"{joined[-1]}={flag}"
        else:
            joined.append(flag)
    return joined


def _unexpected(arguments: list[str]) -> str:
    """The error for words that are no flag: most often a glob the shell expanded into many files."""
    paths = [a for a in arguments if os.path.lexists(a)]
    if paths:
        return (f"unexpected argument {paths[0]!r}: a glob the shell expanded? Quote the glob "
                "(--input 'landing/*.jsonl'), or repeat --input before each file")
    return f"unexpected argument {arguments[0]!r} (Beam options are written --name=value)"


# the commands that take an object-store output (pipeline/objstore.py); the others need a local folder
OBJECT_STORE_COMMANDS = ("run", "stream", "compact", "enrich", "query")


def local_only(command: str, output: Any) -> str | None:
    """Why ``command`` cannot take ``output`` (an object store, for a command that needs a local folder)."""
    from pipeline.layout import is_remote

    if isinstance(output, str) and is_remote(output) and command not in OBJECT_STORE_COMMANDS:
        return (f"--output {output}: newsbeam {command} needs a local output folder; of the commands, "
                f"{', '.join(OBJECT_STORE_COMMANDS)} take an object store (docs/distributed.md)")
    return None


def main(argv: Sequence[str] | None = None) -> int:
    logging.getLogger().addFilter(_ImportNoiseFilter())
    args, rest = parser().parse_known_args(argv)
    if args.command in ("run", "stream", "schedule"):
        rest = join_flag_values(rest)
        unknown = [a for a in rest if not a.startswith("--")]
        if unknown:
            return fail(_unexpected(unknown), EXIT_USAGE)
        return {"run": cmd_run, "stream": cmd_stream, "schedule": cmd_schedule}[args.command](args, rest)
    if rest:
        return fail(f"unrecognized arguments: {' '.join(rest)}", EXIT_USAGE)
    from pipeline.layout import unsupported_scheme

    why = unsupported_scheme(args.output) if isinstance(getattr(args, "output", None), str) else None
    if why is not None:
        return fail(why, EXIT_USAGE)
    if (why := local_only(args.command, getattr(args, "output", None))) is not None:
        return fail(why, EXIT_USAGE)
    if args.command == "enrich":
        return cmd_enrich(args)
    if args.command == "verify":
        return cmd_verify(args)
    if args.command == "report":
        return cmd_report(args)
    return cmd_compact(args) if args.command == "compact" else cmd_query(args)


if __name__ == "__main__":
    sys.exit(main())
