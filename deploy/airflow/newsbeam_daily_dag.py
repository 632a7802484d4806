"""Airflow DAG: newsbeam's daily batch job, run by the Apache Beam provider's BeamRunPythonPipelineOperator.

Needs ``apache-airflow`` 2.11.0 or later and ``apache-airflow-providers-apache-beam`` 6.3.1 or later where the
DAG is parsed (``pip install -r deploy/airflow/requirements.txt``; that provider requires Airflow 2.11.0 or
later), and newsbeam installed in the interpreter named by ``NEWSBEAM_PYTHON`` on the workers (newsbeam's own
virtualenv, so the operator need not build one). Copy this file into the DAGs folder and set:

- ``NEWSBEAM_PYTHON``: that interpreter (default ``/opt/newsbeam/.venv/bin/python``);
- ``NEWSBEAM_CONFIG``: the job definition (default ``/opt/newsbeam/configs/daily.yaml``). The operator does not
  choose the working directory, so give the config's ``inputs`` and ``output`` as absolute paths.

The operator runs ``PYTHON -m pipeline.schedule --runner=DirectRunner --config=... --date=<ds> ...``, which is
``newsbeam run --config ... --date <ds>``: ``{{ ds }}`` is the start of the data interval, so the run that fires
at 02:30 on the 25th processes the 24th, like ``date_offset_days: -1`` in ``newsbeam schedule``.

Retrying is safe: a run for a date replaces that date's earlier run (it never adds to it), and a run that
fails leaves nothing visible. Exit status 75 (another run holds the output) fails the try and Airflow's retry
comes back later; status 2 (no input for the date yet, or a bad config) also fails it (Airflow retries every
failure alike; ``newsbeam schedule`` does not retry status 2).
"""
from __future__ import annotations

import datetime as dt
import os

from airflow import DAG
from airflow.providers.apache.beam.operators.beam import BeamRunPythonPipelineOperator

NEWSBEAM_PYTHON = os.environ.get("NEWSBEAM_PYTHON", "/opt/newsbeam/.venv/bin/python")
NEWSBEAM_CONFIG = os.environ.get("NEWSBEAM_CONFIG", "/opt/newsbeam/configs/daily.yaml")

with DAG(
    dag_id="newsbeam_daily",
    description="newsbeam: yesterday's landing folder into the articles/entities/quotes/rejects datasets",
    schedule="30 2 * * *",
    start_date=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
    catchup=True,  # a backfill is one run per day, each replacing its own day: safe to catch up
    max_active_runs=1,  # runs on one output take turns anyway (the output lock); queue them here instead
    default_args={"retries": 2, "retry_delay": dt.timedelta(minutes=10)},
    tags=["newsbeam"],
) as dag:
    BeamRunPythonPipelineOperator(
        task_id="newsbeam_run",
        runner="DirectRunner",  # newsbeam runs the DirectRunner's local engine (README: "Which runner runs")
        py_interpreter=NEWSBEAM_PYTHON,
        py_options=["-m"],
        py_file="pipeline.schedule",  # a module, run with -m: `newsbeam run` taking the flags below
        pipeline_options={
            "config": NEWSBEAM_CONFIG,
            "date": "{{ ds }}",
            "quiet": True,
            "direct_num_workers": 2,
            "direct_running_mode": "multi_processing",
        },
    )
