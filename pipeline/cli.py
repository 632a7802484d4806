"""The ``newsbeam`` command line: run, query.

Flags newsbeam does not know are Beam pipeline options (``--runner``, ``--direct_num_workers``, ...).
Exit status: 0 success (also with rejected records), 1 failed run, 2 usage or input error, 75 output locked.
"""
from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 75


def _run_parser(sub: argparse._SubParsersAction) -> None:
    run = sub.add_parser("run", help="batch run over input files (no inputs: the bundled sample)",
                         description="Batch run. Unknown --flags are passed to Beam as pipeline options.")
    run.add_argument("--input", action="append", default=None, metavar="GLOB",
                     help="input files (glob, ** allowed; repeatable). Default: the bundled sample articles")
    run.add_argument("--output", default=None, metavar="DIR", help="output folder (default: ./out)")
    run.add_argument("--format", choices=("auto", "jsonl", "text", "html", "warc"), default=None,
                     help="input format (default auto: by extension, then by content; .gz is read through)")
    run.add_argument("--config", metavar="FILE", help="YAML job definition (see configs/); flags override it")
    run.add_argument("--no-nlp", action="store_true", help="skip entities and quotes")
    run.add_argument("--spacy-model", metavar="NAME", help="spaCy model package for entities")
    run.add_argument("--max-record-bytes", type=int, metavar="N", help="larger records are rejected (too_large)")
    run.add_argument("-q", "--quiet", action="store_true", help="only the summary")


def _query_parser(sub: argparse._SubParsersAction) -> None:
    query = sub.add_parser("query", help="SQL over the datasets (DuckDB views articles/entities/quotes/rejects)")
    query.add_argument("sql", help='e.g. "select source, count(*) from articles group by 1"')
    query.add_argument("--output", default="out", metavar="DIR", help="output folder of a run (default ./out)")
    query.add_argument("--format", choices=("table", "csv", "json"), default="table")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="newsbeam", description="Raw news articles in, partitioned Parquet out.")
    sub = top.add_subparsers(dest="command", required=True, metavar="{run,query}")
    _run_parser(sub)
    _query_parser(sub)
    return top


def fail(message: str, code: int) -> int:
    print(f"newsbeam: error: {message}", file=sys.stderr)
    return code


def format_summary(manifest: dict[str, Any]) -> str:
    counts = manifest["counts"]
    lines = [
        f"run {manifest['run_id']} committed to {manifest['output']}",
        f"  runner            {manifest['runner']}",
        f"  input files       {counts['input_files']:,}",
        f"  records read      {counts['records_read']:,}",
        f"  articles written  {counts['articles_written']:,}",
        f"  duplicates        {counts['duplicates_in_run'] + counts['duplicates_existing']:,} "
        f"({counts['duplicates_in_run']:,} within this run, {counts['duplicates_existing']:,} already in the output)",
        f"  rejected          {counts['rejected']:,}",
    ]
    lines += [f"    {reason:<16}{n:,}" for reason, n in counts["rejected_by_reason"].items()]
    lines += [
        f"  entities          {counts['entities']:,}",
        f"  quotes            {counts['quotes']:,}",
        f"  elapsed           {manifest.get('elapsed_seconds', 0):.1f} s",
        f"  manifest          {manifest['output']}/_runs/{manifest['run_id']}.json",
    ]
    return "\n".join(lines)


def cmd_run(args: argparse.Namespace, beam_argv: list[str]) -> int:
    from pipeline.commit import ReconciliationError
    from pipeline.config import ConfigError, JobConfig, beam_flags, load_config
    from pipeline.locking import OutputLockedError
    from pipeline.run import run_job
    from pipeline.sources import InputError

    try:
        job = load_config(args.config) if args.config else JobConfig()
    except ConfigError as exc:
        return fail(str(exc), EXIT_USAGE)
    updates: dict[str, Any] = {}
    if args.input:
        updates["inputs"] = args.input
    if args.output:
        updates["output"] = args.output
    if args.format:
        updates["format"] = args.format
    if args.max_record_bytes:
        updates["max_record_bytes"] = args.max_record_bytes
    nlp = job.nlp.model_copy(update={k: v for k, v in (("enabled", False if args.no_nlp else None),
                                                       ("model", args.spacy_model)) if v is not None})
    job = job.model_copy(update={**updates, "nlp": nlp})
    argv = beam_flags(job.beam_options) + beam_argv
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # the extractor reports every page it finds hard; the rejects dataset is where that belongs
    for noisy in ("trafilatura", "htmldate", "readability", "justext"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    emit = (lambda _line: None) if args.quiet else (lambda line: print(line, flush=True))
    try:
        manifest = run_job(job, argv, emit=emit)
    except InputError as exc:
        return fail(str(exc), EXIT_USAGE)
    except OutputLockedError as exc:
        return fail(str(exc), EXIT_LOCKED)
    except ReconciliationError as exc:
        return fail(str(exc), EXIT_FAILED)
    except KeyboardInterrupt:
        return fail("interrupted; nothing of this run was committed", EXIT_FAILED)
    except Exception as exc:
        logging.getLogger("newsbeam").debug("run failed", exc_info=True)
        first = str(exc).strip().splitlines()
        return fail(f"run failed: {type(exc).__name__}: {first[-1] if first else ''}", EXIT_FAILED)
    print(format_summary(manifest))
    return EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    from pipeline.query import QueryError, format_rows, run_query

    try:
        columns, rows = run_query(args.sql, args.output)
    except QueryError as exc:
        return fail(str(exc), EXIT_USAGE)
    print(format_rows(columns, rows, args.format))
    return EXIT_OK


class _ImportNoiseFilter(logging.Filter):
    """Beam warns at import time about Google Cloud client libraries newsbeam does not use."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "apitools not found" not in record.getMessage()


def main(argv: Sequence[str] | None = None) -> int:
    logging.getLogger().addFilter(_ImportNoiseFilter())
    args, rest = parser().parse_known_args(argv)
    if args.command == "run":
        unknown = [a for a in rest if not a.startswith("--")]
        if unknown:
            return fail(f"unexpected argument {unknown[0]!r} (Beam options are written --name=value)", EXIT_USAGE)
        return cmd_run(args, rest)
    if rest:
        return fail(f"unrecognized arguments: {' '.join(rest)}", EXIT_USAGE)
    return cmd_query(args)


if __name__ == "__main__":
    sys.exit(main())
