# Every target bootstraps .venv itself: on a fresh clone `make site` and `make test` are all the set-up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: site serve test test-fast bench clean distclean

$(BIN)/site-builder: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: $(BIN)/site-builder
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

site: $(BIN)/site-builder
	$(BIN)/site-builder build $(SITE_ARGS)

serve: $(BIN)/site-builder
	$(BIN)/site-builder serve --port $(PORT)

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest

# The unit tier: every stage's capabilities on generated cases, under a minute on two cores.
test-fast: $(VENV)/.test-installed
	$(BIN)/python -m pytest -m "not slow"

clean:
	rm -rf public .public.* .cache .pytest_cache build *.egg-info
	find . -name __pycache__ -type d -prune -not -path './$(VENV)/*' -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)

# Benchmarks print figures and write bench/results.json; see bench/README.md.
# BENCH_ARGS=--with-100k adds a 100,000-source build (long); GENERATOR_ARGS="--sizes 1000 4000 10000"
# adds 10,000 sources to the comparison with Pelican + pagefind.
# compare_generators.py needs Pelican (the bench extra) and drives chromium with the test extra's Playwright.
# LARGE_ARGS="--large 1 2 5 20 --wire 500 2000" are large_source_bench.py's defaults (about 12 minutes).
$(VENV)/.bench-installed: $(BIN)/site-builder
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@

bench: $(VENV)/.bench-installed $(VENV)/.test-installed
	$(BIN)/python bench/reuse_bench.py
	$(BIN)/python bench/build_bench.py $(BENCH_ARGS)
	$(BIN)/python bench/compare_generators.py $(GENERATOR_ARGS)
	$(BIN)/python bench/proposals_bench.py
	$(BIN)/python bench/quotes_bench.py
	$(BIN)/python bench/html_metadata_bench.py
	$(BIN)/python bench/large_source_bench.py $(LARGE_ARGS)
