"""Job configuration: command-line flags and YAML files (configs/*.yaml) validated by one pydantic model."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

DEFAULT_OUTPUT = "out"


class ConfigError(ValueError):
    """A configuration that cannot be used; the message says which key and why."""


class NlpConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool = True
    model: str = "en_core_web_sm"
    languages: list[str] = Field(default_factory=lambda: ["en"])
    batch_size: int = Field(default=16, ge=1, le=1024)


class JobConfig(BaseModel):
    """One batch job: what to read, where to write, how to run."""

    model_config = ConfigDict(extra="forbid")

    inputs: list[str] = Field(default_factory=list)
    output: str = DEFAULT_OUTPUT
    format: Literal["auto", "jsonl", "text", "html", "warc"] = "auto"
    max_record_bytes: int = Field(default=16 * 1024 * 1024, ge=1024)
    nlp: NlpConfig = Field(default_factory=NlpConfig)
    # Beam pipeline options, as flags or as a mapping ({runner: DirectRunner, direct_num_workers: 2})
    beam_options: dict[str, Any] = Field(default_factory=dict)

    @field_validator("inputs", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


def load_config(path: str | Path) -> JobConfig:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"cannot read config {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"config {path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"config {path} must be a mapping of keys, not a {type(data).__name__}")
    try:
        return JobConfig.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or '(top)'}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"config {path}: {problems}") from exc


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
