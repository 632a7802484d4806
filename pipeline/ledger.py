"""The run ledger: every reader of run manifests (``OUT/_runs/<run_id>.json``) goes through here.

A manifest reads as a ``schemas.manifest.RunManifest``; ``payload()`` gives back the JSON object as written
(what is sealed and what callers pass on). Writers check seals under the output lock before they commit
(pipeline/catalog.py); a reader that decides what counts as committed asks for the check too
(``check_seal``), the others read the file as it is.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from pipeline.catalog import PENDING_SUFFIX, read_record
from pipeline.layout import runs_dir
from schemas.manifest import RunManifest

LOG = logging.getLogger(__name__)


def manifest_path(output: Path, run_id: str) -> Path:
    return runs_dir(output) / f"{run_id}.json"


def read_manifest(path: Path, *, check_seal: bool = False) -> tuple[RunManifest | None, str | None]:
    """(the manifest, None), or (None, why it cannot be read or trusted)."""
    if check_seal:
        payload, problem = read_record(path, path.stem)
        if problem:
            return None, problem
    else:
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            return None, f"unreadable ({type(exc).__name__}: {exc})"
    try:
        return RunManifest.model_validate(payload), None
    except ValidationError as exc:
        return None, f"not a run manifest ({exc.error_count()} field(s) wrong, first: {exc.errors()[0]['loc']})"


def committed_manifest(output: Path, run_id: str) -> RunManifest | None:
    """The manifest of a run, once it is written (None before its commit point)."""
    path = manifest_path(output, run_id)
    if not path.is_file():
        return None
    manifest, problem = read_manifest(path)
    if manifest is None:
        raise RuntimeError(f"manifest {path}: {problem}")
    return manifest


def manifests(output: Path, *, check_seal: bool = False) -> Iterator[RunManifest]:
    """Every manifest of an output in run id order; one that cannot be read or trusted is logged and skipped."""
    folder = runs_dir(output)
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        if path.name.endswith(PENDING_SUFFIX) or path.name.startswith("."):
            continue
        manifest, problem = read_manifest(path, check_seal=check_seal)
        if manifest is None:
            LOG.warning("manifest %s not read (%s): what it committed does not count", path, problem)
            continue
        yield manifest
