"""A record that could not be read: the value every reader returns instead of raising."""
from __future__ import annotations

from dataclasses import dataclass

from transforms.textcodec import replace_lone_surrogates


@dataclass(frozen=True, slots=True)
class Rejected:
    """A record that could not be read: where it was, why, and its raw bytes."""

    input_uri: str
    input_offset: int
    reason: str
    detail: str
    raw: bytes

    def __post_init__(self) -> None:
        # an exception's message may quote the input: the reject row must still encode
        object.__setattr__(self, "detail", replace_lone_surrogates(self.detail)[0])
