"""Versions of the extractors whose results are the entities and quotes datasets.

Bump a version in the same change that makes its extractor find something different (a better model
use, a new rule); ``newsbeam enrich`` then redoes the partitions made by an older one. Quotes are
attributed to the PERSON entities found in the article, so a new entities version makes quotes stale too.
"""
from __future__ import annotations

# 2: PERSON precision (streets, venues, teams, titles are not people) and the shared word lists
ENTITIES_VERSION = "2"
# 2: speakers resolved to canonical names (transforms/speakers), speaker_type and speaker_resolution
QUOTES_VERSION = "2"


def extractor_versions() -> dict[str, str]:
    """What made each derived dataset, as the manifests record it: dataset -> version."""
    return {"entities": ENTITIES_VERSION, "quotes": f"{QUOTES_VERSION} (entities {ENTITIES_VERSION})"}
