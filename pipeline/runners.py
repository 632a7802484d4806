"""Which Beam runner executes a run, decided up front and reported, never left to chance.

Beam 2.77's DirectRunner first tries to download the Prism runner and, offline, falls back to its
in-process FnApiRunner (or, for features that one lacks, the BundleBasedDirectRunner). newsbeam makes that
choice itself: "DirectRunner" (the default) means the FnApiRunner, which honours ``--direct_num_workers``
and ``--direct_running_mode``; any other runner name is passed to Beam unchanged.
"""
from __future__ import annotations

from apache_beam.options.pipeline_options import DirectOptions, PipelineOptions, StandardOptions

LOCAL_ENGINE = "FnApiRunner"


def resolve_runner(options: PipelineOptions) -> tuple[object | str, str]:
    """(runner to hand to beam.Pipeline, a sentence saying what runs)."""
    requested = options.view_as(StandardOptions).runner or "DirectRunner"
    direct = options.view_as(DirectOptions)
    if requested in ("DirectRunner", "direct", LOCAL_ENGINE):
        from apache_beam.runners.portability.fn_api_runner import FnApiRunner

        workers = direct.direct_num_workers or 1
        mode = direct.direct_running_mode or "in_memory"
        return FnApiRunner(), f"DirectRunner's local engine ({LOCAL_ENGINE}; {workers} worker(s), {mode})"
    return requested, requested
