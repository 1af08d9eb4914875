import os

import pytest

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")


def pytest_addoption(parser):
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite the expected outputs (invalid-content cases, golden Markdown tree) from this run",
    )


@pytest.fixture
def update_goldens(request) -> bool:
    return request.config.getoption("--update-goldens")


@pytest.fixture(autouse=True)
def check_cache_dir(tmp_path_factory, monkeypatch):
    """Every test (and every command it runs) keeps its check cache in a folder of its own,
    never in the user's cache folder."""
    folder = tmp_path_factory.mktemp("check-cache")
    monkeypatch.setenv("SITEGEN_CACHE_DIR", str(folder))
    return folder
