"""The summary of a committed run, as ``newsbeam run`` (and every dated run) prints it."""
from __future__ import annotations

from collections import Counter
from typing import Any

NOT_READ_WORDS = {"folder": "folder(s)", "broken_symlink": "broken symlink(s)"}


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
    # the counts of the reasons line up with the others, unless a reason code is too long for that column
    width = max([15, *map(len, counts["rejected_by_reason"])])
    lines += [f"    {reason:<{width}} {n:,}" for reason, n in counts["rejected_by_reason"].items()]
    if counts.get("rejects_not_kept"):
        cap = manifest.get("options", {}).get("max_rejects_per_file")
        lines.append(f"    {counts['rejects_not_kept']:,} of them counted only: over the "
                     f"{f'{cap:,} ' if cap is not None else ''}rejects kept per input file")
    lines += [
        f"  entities          {counts['entities']:,}",
        f"  quotes            {counts['quotes']:,}",
    ]
    unmatched, not_read = manifest.get("unmatched_inputs") or [], manifest.get("inputs_not_read") or []
    lines += [f"  matched nothing   {pattern}" for pattern in unmatched]
    if not_read:
        kinds = Counter(entry["reason"] for entry in not_read)
        lines.append(f"  not read          {len(not_read):,} path(s) matched: "
                     + ", ".join(f"{n:,} {NOT_READ_WORDS.get(kind, kind)}" for kind, n in sorted(kinds.items()))
                     + " (listed in the manifest: inputs_not_read)")
    lines += [
        f"  elapsed           {manifest.get('elapsed_seconds', 0):.1f} s",
        f"  manifest          {manifest['output']}/_runs/{manifest['run_id']}.json",
    ]
    return "\n".join(lines)
