"""Beam options pass through the CLI in both of Beam's spellings."""
import pytest

from pipeline.cli import join_flag_values


@pytest.mark.parametrize(("flags", "expected"), [
    (["--runner", "DaskRunner"], ["--runner=DaskRunner"]),
    (["--runner=DaskRunner"], ["--runner=DaskRunner"]),
    (["--dask_client_address", "tcp://127.0.0.1:8786", "--streaming"],
     ["--dask_client_address=tcp://127.0.0.1:8786", "--streaming"]),
    (["--streaming", "--direct_num_workers", "2"], ["--streaming", "--direct_num_workers=2"]),
    (["stray"], ["stray"]),
    ([], []),
])
def test_spaced_beam_flags_are_joined(flags: list[str], expected: list[str]) -> None:
    assert join_flag_values(flags) == expected
