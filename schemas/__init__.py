"""newsbeam's data contract: pydantic models and the Arrow schemas derived from them."""

from schemas.arrow import arrow_schema
from schemas.models import (
    DATASETS,
    Article,
    DateCandidateRow,
    EntityRow,
    QuoteRow,
    RawRecord,
    RejectReason,
    RejectRow,
    Span,
)
from schemas.version import SCHEMA_VERSION

__all__ = [
    "DATASETS",
    "SCHEMA_VERSION",
    "Article",
    "DateCandidateRow",
    "EntityRow",
    "QuoteRow",
    "RawRecord",
    "RejectReason",
    "RejectRow",
    "Span",
    "arrow_schema",
]
