"""Job configuration: command-line flags and YAML files (configs/*.yaml) validated by one pydantic model.

Inputs and the output may name the run's logical date, ``landing/{date:%Y/%m/%d}/*.jsonl.gz``; a job is
rendered for one date with ``for_date`` (``newsbeam run --config ... --date 2026-11-24``).
"""
from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from schemas.models import DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_REJECTS_PER_FILE

DEFAULT_OUTPUT = "out"
# the only placeholder a path may hold; glob syntax has no braces, so any other {...} is a mistake
DATE_PLACEHOLDER = re.compile(r"\{date(?::(?P<format>[^{}]*))?\}")
ANY_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
DEFAULT_DATE_FORMAT = "%Y-%m-%d"


class ConfigError(ValueError):
    """A configuration that cannot be used; the message says which key and why."""


class NlpConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool = True
    model: str = "en_core_web_sm"
    languages: list[str] = Field(default_factory=lambda: ["en"])
    batch_size: int = Field(default=16, ge=1, le=1024)


class ScheduleConfig(BaseModel):
    """When ``newsbeam schedule`` runs the job, and for which logical date."""

    model_config = ConfigDict(extra="forbid")

    cron: str  # five fields, e.g. "30 2 * * *" (02:30 every day)
    timezone: str = "UTC"  # the cron expression and the logical date are read in this zone
    # a run fired on day D processes day D + offset: -1, the usual daily batch, processes yesterday's landing
    date_offset_days: int = -1
    catchup: bool = False  # at start, also run the fire times missed while the scheduler was down
    max_catchup: int = Field(default=31, ge=1)
    retries: int = Field(default=0, ge=0)
    retry_delay_seconds: float = Field(default=300.0, ge=0)

    @field_validator("cron")
    @classmethod
    def _valid_cron(cls, value: str) -> str:
        from croniter import croniter

        if not croniter.is_valid(value):
            raise ValueError(f"{value!r} is not a cron expression (five fields: minute hour day month weekday)")
        return value

    @field_validator("timezone")
    @classmethod
    def _valid_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value


class StreamConfig(BaseModel):
    """``newsbeam stream``: a watched landing folder committed to the output window by window."""

    model_config = ConfigDict(extra="forbid")

    watch: str | None = None
    window_seconds: float = Field(default=30.0, gt=0)
    # a file is read once its size and modification time have not changed for this long (or once renamed in)
    settle_seconds: float = Field(default=2.0, ge=0)
    poll_seconds: float = Field(default=1.0, gt=0)
    max_files_per_batch: int = Field(default=1000, ge=1)
    # streaming runners only: how late (event time) a file may arrive and still join its window
    allowed_lateness_seconds: float = Field(default=3600.0, ge=0)
    max_failures: int = Field(default=3, ge=1)  # failed batches of one file before it is committed as a reject


class JobConfig(BaseModel):
    """One batch job: what to read, where to write, how to run."""

    model_config = ConfigDict(extra="forbid")

    # names the job in manifests: a retry of (name, logical date) replaces that date's earlier run
    name: str | None = None
    inputs: list[str] = Field(default_factory=list)
    output: str = DEFAULT_OUTPUT
    format: Literal["auto", "jsonl", "text", "html", "warc"] = "auto"
    max_record_bytes: int = Field(default=DEFAULT_MAX_RECORD_BYTES, ge=1024)
    # rejects of one input file written with their raw bytes; those beyond are counted (rejects_not_kept)
    max_rejects_per_file: int = Field(default=DEFAULT_MAX_REJECTS_PER_FILE, ge=0)
    nlp: NlpConfig = Field(default_factory=NlpConfig)
    # Beam pipeline options, as flags or as a mapping ({runner: DirectRunner, direct_num_workers: 2})
    beam_options: dict[str, Any] = Field(default_factory=dict)
    # skip inputs an earlier run already committed; unset means: on for runs with a logical date
    incremental: bool | None = None
    # a logical date whose inputs match nothing: an input error (exit 2), or a date with nothing to do
    missing_inputs: Literal["error", "skip"] = "error"
    schedule: ScheduleConfig | None = None
    stream: StreamConfig | None = None

    @field_validator("inputs", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("inputs")
    @classmethod
    def _inputs_placeholders(cls, value: list[str]) -> list[str]:
        for pattern in value:
            check_placeholders(pattern)
        return value

    @field_validator("output")
    @classmethod
    def _output_placeholders(cls, value: str) -> str:
        check_placeholders(value)
        return value

    @model_validator(mode="after")
    def _scheduled_jobs_name_their_inputs(self) -> JobConfig:
        if self.schedule is not None and not self.inputs:
            raise ValueError("a scheduled job needs inputs (the bundled sample is not a landing folder)")
        return self


def check_placeholders(template: str) -> None:
    """Raise ValueError for a ``{...}`` that is not ``{date}`` or ``{date:FORMAT}``."""
    for match in ANY_PLACEHOLDER.finditer(template):
        if not DATE_PLACEHOLDER.fullmatch(match.group(0)):
            raise ValueError(f"unknown placeholder {match.group(0)} in {template!r} "
                             "(only {date} or {date:FORMAT}, e.g. {date:%Y/%m/%d})")


def render_date(template: str, date: dt.date) -> str:
    """``template`` with every ``{date:FORMAT}`` replaced by the date in that strftime format."""
    return DATE_PLACEHOLDER.sub(lambda m: date.strftime(m.group("format") or DEFAULT_DATE_FORMAT), template)


def uses_date(job: JobConfig) -> bool:
    return any(DATE_PLACEHOLDER.search(text) for text in (*job.inputs, job.output))


def for_date(job: JobConfig, date: dt.date | None) -> JobConfig:
    """The job with its date placeholders filled in; without a date, a templated job is an error."""
    if date is None:
        if uses_date(job):
            raise ConfigError("the job's inputs or output name {date}: give the logical date with --date "
                              "(or --since/--until)")
        return job
    return job.model_copy(update={"inputs": [render_date(p, date) for p in job.inputs],
                                  "output": render_date(job.output, date)})


def load_config(path: str | Path) -> JobConfig:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"cannot read config {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"config {path} is not valid YAML: {_yaml_problem(exc)}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"config {path} must be a mapping of keys, not a {type(data).__name__}")
    data.setdefault("name", Path(path).stem)
    try:
        return JobConfig.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or '(top)'}: {_message(e)}" for e in exc.errors())
        raise ConfigError(f"config {path}: {problems}") from exc


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """PyYAML's several-line report (the offending lines quoted, a caret under them) as one line."""
    problem = getattr(exc, "problem", None)
    mark = getattr(exc, "problem_mark", None)
    if not problem:
        return " ".join(str(exc).split())
    context = getattr(exc, "context", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    return f"{problem}{where}" + (f" ({context})" if context else "")


def check_output_folder(output: str) -> None:
    """ConfigError when the output, or a folder it would be made in, is an existing file.

    A templated output (``out/{date}``) is checked up to its first placeholder.
    """
    from pipeline.layout import is_remote, unsupported_scheme

    why = unsupported_scheme(output)
    if why is not None:
        raise ConfigError(why)
    if is_remote(output):
        return  # an object store: its folders are made by the first put
    prefix = output.split("{", 1)[0]
    fixed = Path(prefix or ".")
    # before a placeholder may stand part of a name (out/day-{date}): only the folders above it are known
    whole = "{" not in output or prefix.endswith(("/", os.sep))
    for path in [fixed, *fixed.parents] if whole else fixed.parents:
        if path.exists():
            if path.is_dir():
                return
            if path == fixed and "{" not in output:
                raise ConfigError(f"the output {output} is a file, not a folder")
            raise ConfigError(f"the output {output} cannot be made: {path} is a file, not a folder")


def spacy_model_installed(model: str) -> bool:
    """Whether ``transforms.entities.load_spacy_model`` finds ``model``: a path, an installed package of that
    name, or an installed re-packaging registered as ``<model>_<suffix>``; checked without loading it."""
    from importlib import metadata
    from importlib.util import find_spec

    if Path(model).exists():
        return True
    names = [model, *(ep.name for ep in metadata.entry_points(group="spacy_models") if ep.name.startswith(model + "_"))]
    for name in names:
        try:
            metadata.distribution(name)
            return True
        except metadata.PackageNotFoundError:
            if find_spec(name) is not None:
                return True
    return False


def check_spacy_model(job: JobConfig) -> None:
    if job.nlp.enabled and not spacy_model_installed(job.nlp.model):
        raise ConfigError(f"spaCy model {job.nlp.model!r} is not installed: pip install the model package, "
                          "name another with --spacy-model NAME, or skip entities and quotes with --no-nlp")


def _message(error: dict[str, Any]) -> str:
    # pydantic prefixes messages of our own validators with "Value error, "; the key already says where
    return str(error["msg"]).removeprefix("Value error, ")


def beam_flags(options: dict[str, Any]) -> list[str]:
    """A mapping of Beam options as command-line flags (``--key=value``; lists repeat the flag)."""
    flags: list[str] = []
    for key, value in options.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, bool):
                flags.append(f"--{key}" if item else f"--no{key}")
            else:
                flags.append(f"--{key}={item}")
    return flags
