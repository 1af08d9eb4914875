"""The CI workflow gives each job only the token it needs, and runs actions pinned to a
commit (issue 10, item 17)."""

from __future__ import annotations

import re

import yaml

from helpers import REPO

WORKFLOW = REPO / ".github/workflows/site.yml"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def test_no_token_is_granted_to_the_whole_workflow():
    assert workflow()["permissions"] == {}


def test_the_job_that_runs_pull_request_code_can_only_read():
    jobs = workflow()["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read"}
    checkout = next(s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False


def test_only_the_deploy_job_on_a_push_to_main_may_publish():
    jobs = workflow()["jobs"]
    writers = {name for name, job in jobs.items() if set(job.get("permissions", {})) - {"contents"}}
    assert writers == {"deploy"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"


def test_every_action_is_pinned_to_a_commit():
    uses = [step["uses"] for job in workflow()["jobs"].values() for step in job["steps"] if "uses" in step]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses), uses
    text = WORKFLOW.read_text()
    assert all(re.search(re.escape(u) + r" # v\d+\.\d+\.\d+$", text, re.M) for u in uses)  # the tag, for humans


def test_languages_build_as_a_matrix_of_shards_that_one_job_assembles():
    from helpers import site_languages

    jobs = workflow()["jobs"]
    assert jobs["build"]["strategy"]["matrix"]["lang"] == site_languages()
    runs = [s.get("run", "") for s in jobs["build"]["steps"]]
    assert 'sitegen build --strict --shard "${{ matrix.lang }}" --site "shard-${{ matrix.lang }}"' in runs
    upload = next(s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["name"] == upload["with"]["path"] == "shard-${{ matrix.lang }}"
    assemble = jobs["assemble"]
    assert set(assemble["needs"]) == {"check", "build"} and assemble["permissions"] == {"contents": "read"}
    download = next(s for s in assemble["steps"] if s.get("uses", "").startswith("actions/download-artifact@"))
    assert download["with"] == {"pattern": "shard-*", "path": "shards"}
    assert "sitegen assemble shards/shard-*" in [s.get("run") for s in assemble["steps"]]
    assert jobs["deploy"]["needs"] == "assemble"
