"""What `make install` installs: the package with its sample data, quietly, and the extras the docs rely on."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, SAMPLE_DIR


def _setup_distribution():
    import setuptools  # noqa: F401, I001 - setuptools puts its own distutils in place for the import below
    from distutils.core import run_setup

    return run_setup(str(REPO / "setup.py"), stop_after="init")


def test_the_build_declares_the_sample_and_installs_all_of_it_without_warnings(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(tmp_path)], cwd=REPO,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert "absent from the `packages` configuration" not in done.stderr
    shipped = sorted(p.relative_to(SAMPLE_DIR) for p in SAMPLE_DIR.rglob("*") if p.is_file()
                     and "__pycache__" not in p.parts)
    built = tmp_path / "pipeline" / "sample"
    assert sorted(p.relative_to(built) for p in built.rglob("*") if p.is_file()) == shipped


def test_make_install_installs_the_query_extra_with_pandas_and_polars() -> None:
    extras = _setup_distribution().extras_require
    assert {re.split(r"[<>=]", r)[0] for r in extras["query"]} == {"pandas", "polars"}
    install = re.search(r"pip install (?:--quiet|-qq) -e '\.\[([a-z0-9,]+)\]'", (REPO / "Makefile").read_text())
    assert install is not None and "query" in install.group(1).split(",")


def test_query_results_become_pandas_and_polars_frames(tmp_path: Path) -> None:
    from pipeline.query import connect

    (tmp_path / "_runs").mkdir()
    con = connect(tmp_path)
    assert list(con.sql("select 1 as n from articles union all select 2").df()["n"]) == [2]
    assert con.sql("select 3 as n").pl()["n"].to_list() == [3]


def test_make_install_installs_the_report_renderer_and_the_browser_driver() -> None:
    extras = _setup_distribution().extras_require
    assert {re.split(r"[<>=]", r)[0] for r in extras["report"]} == {"vl-convert-python"}
    assert "playwright" in {re.split(r"[<>=]", r)[0] for r in extras["dev"]}
    install = re.search(r"pip install (?:--quiet|-qq) -e '\.\[([a-z0-9,]+)\]'", (REPO / "Makefile").read_text())
    assert install is not None and {"report", "dev"} <= set(install.group(1).split(","))


def test_make_install_installs_the_object_store_filesystem_and_the_loopback_s3_server() -> None:
    extras = _setup_distribution().extras_require
    names = {extra: {re.split(r"[<>=\[]", r)[0] for r in extras[extra]} for extra in ("s3", "gcs", "azure", "dev")}
    assert names["s3"] == {"s3fs"} and names["gcs"] == {"gcsfs"} and names["azure"] == {"adlfs"}
    assert "moto" in names["dev"]
    install = re.search(r"pip install (?:--quiet|-qq) -e '\.\[([a-z0-9,]+)\]'", (REPO / "Makefile").read_text())
    assert install is not None and {"s3", "dev"} <= set(install.group(1).split(","))
