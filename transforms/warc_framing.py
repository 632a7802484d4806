"""WARC record framing: checks that each record ends where its Content-Length says, and resynchronises on
the next ``WARC/1.`` header when it does not, so that a record whose length lies becomes one reject with its
own bytes instead of swallowing (or losing) the records after it.
"""
from __future__ import annotations

import io
import re
import zlib
from collections.abc import Callable
from typing import IO, Any

from schemas.models import RejectReason
from transforms.rejected import Rejected

GZIP_MAGIC = b"\x1f\x8b"
# output bytes inflated at a time while the end of a WARC file's last gzip member is looked for
WARC_CHECK_CHUNK = 1 << 16
BLANK_BYTES = b"\r\n\t \x00"  # what may pad a WARC file after its last record
WARC_CONTENT_LENGTH = re.compile(rb"^content-length:[ \t]*(\d{1,15})[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)


def _finish_gzip_member(iterator: Any) -> int:
    """Reads the rest of the gzip member of a record whose block ended early; returns the member's length.

    warcio, finding no blank line where a block should end, looks for the next record in the rest of the
    member: in a gzip WARC the next record is the next member, and the rest of this one belongs to the record
    whose length lies. (This sets the reading state of warcio 1.8's ArchiveIterator, as its read_to_end does.)
    """
    reader = iterator.reader
    while reader.read(WARC_CHECK_CHUNK):
        pass
    start = iterator.member_info[0]
    end = iterator.fh.tell() - reader.rem_length()
    iterator.next_line = None
    iterator.offset = end
    iterator.member_info = (start, end - start)
    return end - start


def _warc_framing(stream: IO[bytes], uri: str, max_bytes: int) -> tuple[bool, _WarcFramer | None]:
    """(whether the WARC stream is gzip, the framer its records are read through, if it can have one)."""
    try:
        if not stream.seekable():
            return False, None
        start = stream.tell()
        gzipped = stream.read(2) == GZIP_MAGIC
        stream.seek(start)
    except (OSError, ValueError):
        return False, None
    return gzipped, None if gzipped else _WarcFramer(stream, uri, max_bytes)


def _warc_end_problem(raw_tail: Callable[[int], bytes], last: int, position: int,
                      max_bytes: int) -> tuple[int, str] | None:
    """(offset, why) when a WARC file does not end with a complete record, else None.

    A record cut inside its headers reads, through warcio, as a short record or as nothing at all. So the
    last record is checked again from its bytes: a gzip member must reach its end; an uncompressed record's
    header block must end and the block it declares must fit in the file. Nothing but padding may follow.
    (A tail longer than the bytes handed out cannot be checked here: warcio's own length check stands.)
    """
    after = position
    if last >= 0:
        tail = raw_tail(last)
        checkable = len(tail) <= max_bytes
        if tail[:2] == GZIP_MAGIC:
            member = zlib.decompressobj(zlib.MAX_WBITS | 16)
            try:
                # only where the member ends matters: its output is dropped piece by piece, so a member
                # that inflates to gigabytes (a zip bomb) costs no memory
                member.decompress(tail, WARC_CHECK_CHUNK)
                pending = member.unconsumed_tail
                while pending and not member.eof:
                    member.decompress(pending, WARC_CHECK_CHUNK)
                    pending = member.unconsumed_tail
            except zlib.error:
                return last, "the last record's gzip member is corrupt"
            if not member.eof:
                return (last, "the last record is cut short (truncated gzip member)") if checkable else None
            rest = member.unused_data
        else:
            head_end = tail.find(b"\r\n\r\n")
            declared = WARC_CONTENT_LENGTH.search(tail, 0, head_end) if head_end >= 0 else None
            end = head_end + 4 + int(declared.group(1)) if declared else len(tail) + 1
            if end > len(tail):
                return (last, "the last record is cut short (truncated file)") if checkable else None
            rest = tail[end:]
            after = last + end
    else:
        rest = raw_tail(position)
    if rest.strip(BLANK_BYTES):
        after += len(rest) - len(rest.lstrip(b"\r\n"))
        return after, "bytes after the last complete record are no record (truncated file)"
    return None


# the first line of a WARC record's header, where a record whose length lies is resynchronised
WARC_RECORD_START = b"WARC/1."
WARC_HEADER_LINE = re.compile(rb"\nWARC/1\.\d\r?\n")
WARC_ANY_CONTENT_LENGTH = re.compile(rb"^content-length:[ \t]*(\d+)[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
WARC_USUAL_HEADER_BYTES = 1 << 12  # read first: most headers are far shorter
WARC_MAX_HEADER_BYTES = 1 << 16  # a longer record header is left to warcio (and its checks)
WARC_SCAN_CHUNK = 1 << 20


class _WarcFramer(io.RawIOBase):
    """An uncompressed, seekable WARC stream as warcio should read it: without the records whose
    Content-Length lies.

    warcio trusts Content-Length: a length past the end of the file swallows every record after it, one that
    falls short leaves the rest of the block to be read as the next record. So before warcio reads a record,
    its length is checked here: where it ends, a blank line and the next record header (or the end of the
    file) must follow. A record that fails is cut out of the stream, from its header up to the next
    ``WARC/1.`` header line (or the end of the file), and kept as an ``invalid_warc`` reject with its bytes;
    warcio goes on with the next record. Offsets that warcio reports are of this stream: ``real`` maps them
    back to the file. A record that cannot be checked (no header of its own, no Content-Length, a length past
    the end of the file with no record after it: a truncated file) ends the checking, and warcio reads on
    as before. Memory stays bounded: only a header, a reject's first ``max_bytes + 1`` bytes and a chunk of
    the scan are held.
    """

    def __init__(self, stream: IO[bytes], uri: str, max_bytes: int) -> None:
        super().__init__()
        self.stream, self.uri, self.max_bytes = stream, uri, max_bytes
        self.position = stream.tell()  # where in the file the next byte handed to warcio is
        self.size = stream.seek(0, io.SEEK_END)
        stream.seek(self.position)
        self.boundary: int | None = self.position  # where the next record to check starts; None: no checks
        self.skipped = 0  # bytes cut out so far
        self.holes: list[tuple[int, int]] = []  # (offset in this stream, bytes cut out before it), in order
        self.rejects: list[Rejected] = []  # records cut out, not yet handed on
        self.rejected_to_end = False  # whether the file's last bytes are in a reject

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position - self.skipped

    def real(self, offset: int) -> int:
        """The file offset of an offset in this stream (a record right after a cut is the one after it)."""
        skipped = 0
        for at, cut in self.holes:
            if at > offset:
                break
            skipped = cut
        return offset + skipped

    def take_rejects(self, before: int | None = None) -> list[Rejected]:
        """The rejects of records cut out before a file offset (all when None), in file order."""
        taken = [r for r in self.rejects if before is None or r.input_offset < before]
        self.rejects = self.rejects[len(taken):]
        return taken

    def readinto(self, buffer: Any) -> int:
        while self.boundary is not None and self.position == self.boundary:
            self._check_record()
        wanted = len(buffer)
        if self.boundary is not None:
            wanted = min(wanted, self.boundary - self.position)  # the next record is checked before it is read
        data = self.stream.read(wanted)
        buffer[:len(data)] = data
        self.position += len(data)
        return len(data)

    def _read_at(self, offset: int, size: int) -> bytes:
        self.stream.seek(offset)
        return self.stream.read(size)

    def _check_record(self) -> None:
        start = self.position
        try:
            self._check_record_at(start)
        finally:
            self.stream.seek(self.position)

    def _check_record_at(self, start: int) -> None:
        head = self._read_at(start, WARC_USUAL_HEADER_BYTES)
        head_end = head.find(b"\r\n\r\n")
        if head_end < 0 and len(head) == WARC_USUAL_HEADER_BYTES:
            head = self._read_at(start, WARC_MAX_HEADER_BYTES)
            head_end = head.find(b"\r\n\r\n")
        declared = WARC_ANY_CONTENT_LENGTH.search(head, 0, head_end) if head_end >= 0 else None
        if not head.startswith(WARC_RECORD_START) or declared is None:
            self.boundary = None  # not a record this reader can check: warcio's own checks stand
            return
        length = int(declared.group(1))
        block = start + head_end + 4
        end = block + length
        if end <= self.size:
            after = self._read_at(end, 64)
            rest = after.lstrip(b"\r\n")
            at_eof = end + len(after) >= self.size
            # a record's block ends with a blank line, and the next header or the end of the file follows
            # (what follows that is the next check's concern: padding, a cut header or junk at the end)
            if rest.startswith(WARC_RECORD_START) or (not rest and at_eof) or (
                    after.startswith((b"\r\n", b"\n")) and (at_eof or not rest.strip(BLANK_BYTES))):
                self.boundary = end + len(after) - len(rest)  # the next record starts after the blank lines
                return
        following = self._next_header(block)
        if following is None and end > self.size:
            self.boundary = None  # cut short with nothing after it: a truncated file, reported as such
            return
        stop = self.size if following is None else following
        where = (f"is at offset {following:,}" if following is not None
                 else "is nowhere: the record runs to the end of the file")
        why = f"its Content-Length of {length:,} bytes does not end where a record does; the next header {where}"
        self.rejects.append(Rejected(self.uri, start, RejectReason.INVALID_WARC,
                                     f"WARC record at offset {start:,} is unreadable: {why}",
                                     self._read_at(start, min(stop - start, self.max_bytes + 1))))
        self.skipped += stop - start
        self.position = stop
        self.holes.append((self.tell(), self.skipped))
        if following is None:
            self.rejected_to_end = True
            self.boundary = None
        else:
            self.boundary = following

    def _next_header(self, offset: int) -> int | None:
        """Where the next ``WARC/1.x`` line starts at or after an offset, read chunk by chunk."""
        overlap = 16
        at = offset - 1  # the line break before a header right at the offset counts
        while at < self.size:
            chunk = self._read_at(at, WARC_SCAN_CHUNK)
            if not chunk:
                return None
            found = WARC_HEADER_LINE.search(chunk)
            if found is not None:
                return at + found.start() + 1
            if at + len(chunk) >= self.size:
                return None
            at += len(chunk) - overlap
        return None
