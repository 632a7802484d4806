"""The evaluation gate: the whole pipeline on the evaluation kit's dev sets, scored by its score.py.

Floors are pinned a little under the measured scores and only ever rise. The kit lives outside the
repository (NEWSBEAM_EVAL, default ../shared/eval next to the checkout); without it these tests skip.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks.eval_pipeline import evaluate

REPO = Path(__file__).resolve().parents[1]
EVAL_DIR = Path(os.environ.get("NEWSBEAM_EVAL", REPO.parent / "shared" / "eval"))

# task -> {metric: floor}; "<=" metrics are ceilings
FLOORS: dict[str, dict[str, float]] = {
    "dates": {"accuracy": 0.93},
    "quotes": {"f1": 0.95, "speaker_accuracy": 0.95, "speaker_name_accuracy": 0.91},
    "ner": {"f1_no_misc": 0.855},
    "authors": {"exact_match": 0.76, "fp_rate_empty<=": 0.13},
    "goose3:dates": {"accuracy": 0.90},
    "goose3:authors": {"exact_match": 0.90},
    "body": {"f1": 0.90},
    "body-warc": {"f1": 0.90},
    "bbc": {"coverage": 0.99, "title_exact": 0.99, "invented_byline_rate<=": 0.0, "invented_date_rate<=": 0.0},
}

pytestmark = [
    pytest.mark.eval,
    pytest.mark.skipif(not (EVAL_DIR / "score.py").is_file(), reason=f"evaluation kit not found at {EVAL_DIR}"),
]


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, float]]:
    tasks = sorted({name.split(":")[0] for name in FLOORS})
    return evaluate(EVAL_DIR, tasks, tmp_path_factory.mktemp("eval-out"))


@pytest.mark.parametrize("task", sorted(FLOORS))
def test_scores_stay_above_their_floors(scores: dict[str, dict[str, float]], task: str) -> None:
    for metric, bound in FLOORS[task].items():
        if metric.endswith("<="):
            value = scores[task][metric[:-2]]
            assert value <= bound, f"{task} {metric[:-2]} = {value:.4f} rose above its ceiling {bound}"
        else:
            value = scores[task][metric]
            assert value >= bound, f"{task} {metric} = {value:.4f} fell below its floor {bound}"


# plain-text layouts built from the kit's real headlines and bylines (benchmarks/eval_titles.py)
TITLE_FLOORS: dict[str, float] = {"title_exact": 0.99, "byline_exact": 0.97, "byline_fp<=": 0.01}


def test_plain_text_titles_and_bylines_stay_above_their_floors() -> None:
    from benchmarks.eval_titles import measure

    scores = measure(EVAL_DIR)
    for metric, bound in TITLE_FLOORS.items():
        if metric.endswith("<="):
            assert scores[metric[:-2]] <= bound, f"titles {metric[:-2]} = {scores[metric[:-2]]:.4f} above {bound}"
        else:
            assert scores[metric] >= bound, f"titles {metric} = {scores[metric]:.4f} fell below its floor {bound}"
