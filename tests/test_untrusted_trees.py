"""Untrusted trees: `site/`, `site.new`, `build/` and `content/` may arrive in a pull request
holding links and files of their own (git stores symbolic links). The build never follows
a link it did not make, never writes or deletes outside `build/` and the site folder,
removes from the site what it did not build, and refuses symlinked content.

Each planted-tree test points the links at a victim folder outside the project and
asserts that it is untouched, byte for byte."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import REPO, tree
from sitegen.build.run import BuildError, Project, build
from sitegen.build.check import check

BASE = REPO / "tests" / "cases" / "base" / "content"


def victim(tmp: Path) -> tuple[Path, dict]:
    """A folder outside the project with files in it, and a snapshot of its bytes."""
    folder = tmp / "victim"
    (folder / "places").mkdir(parents=True)
    (folder / "precious.txt").write_text("do not touch\n")
    (folder / "index.md").write_text("victim's own index\n")
    (folder / "places" / "outside.yaml").write_text((BASE / "places" / "hama.yaml").read_text()
                                                   .replace("id: hama", "id: outside"))
    return folder, snapshot(folder)


def snapshot(folder: Path) -> dict:
    """Every entry below `folder` (links not followed) with its bytes or link target."""
    found = {}
    for top, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(top) / name
            rel = str(path.relative_to(folder))
            found[rel] = os.readlink(path) if path.is_symlink() else (None if path.is_dir() else path.read_bytes())
    return found


def project_at(tmp: Path, content: Path = BASE) -> Project:
    root = tmp / "project"
    root.mkdir()
    shutil.copytree(content, root / "content")
    return Project(REPO, root / "content", root / "site", root / "build")


def run_build(project: Project):
    return build(project, say=lambda line: None)


def test_a_planted_link_for_an_old_language_folder_is_removed_not_followed(tmp_path):
    outside, before = victim(tmp_path)
    project = project_at(tmp_path)
    run_build(project)
    (project.site / "old-lang").symlink_to(outside)
    run_build(project)
    assert snapshot(outside) == before
    assert not os.path.lexists(project.site / "old-lang")


def test_a_planted_link_at_the_staging_folder_is_removed_not_followed(tmp_path):
    outside, before = victim(tmp_path)
    project = project_at(tmp_path)
    project.site.with_name("site.new").symlink_to(outside)
    run_build(project)
    assert snapshot(outside) == before
    assert not os.path.lexists(project.site.with_name("site.new"))
    assert (project.site / "en" / "index.html").is_file()


def test_a_planted_link_for_a_markdown_tree_is_replaced_not_written_through(tmp_path):
    outside, before = victim(tmp_path)
    project = project_at(tmp_path)
    (project.work / "docs").mkdir(parents=True)
    (project.work / "docs" / "en").symlink_to(outside)
    run_build(project)
    assert snapshot(outside) == before
    assert not (project.work / "docs" / "en").is_symlink() and (project.work / "docs" / "en" / "index.md").is_file()


def test_planted_links_at_temporary_names_are_never_written_through(tmp_path):
    outside, before = victim(tmp_path)
    project = project_at(tmp_path)
    run_build(project)
    target = outside / "precious.txt"
    (project.work / "state-en.json.new.tmp").symlink_to(target)
    (project.work / "docs" / "en" / "index.md.tmp").symlink_to(target)
    (project.site / "index.html.tmp").symlink_to(target)
    (project.site / "index.html").write_text("changed by the pull request")
    shutil.rmtree(project.work / "docs" / "en" / "assets")
    (project.work / "docs" / "en" / "assets").symlink_to(outside)
    (project.work / "lock").unlink()
    (project.work / "lock").symlink_to(target)
    run_build(project)
    assert snapshot(outside) == before
    assert "changed by the pull request" not in (project.site / "index.html").read_text()
    assert not os.path.lexists(project.site / "index.html.tmp")
    assert (project.site / "en" / "assets" / "sitegen.css").is_file()


def test_a_planted_site_or_build_link_is_replaced_not_followed(tmp_path):
    outside, before = victim(tmp_path)
    project = project_at(tmp_path)
    project.site.symlink_to(outside)
    project.work.symlink_to(outside)
    run_build(project)
    assert snapshot(outside) == before
    assert not project.site.is_symlink() and (project.site / "en" / "index.html").is_file()
    assert not project.work.is_symlink()


def test_files_the_build_did_not_make_are_removed_from_the_site(tmp_path):
    project = project_at(tmp_path)
    run_build(project)
    planted = {"evil.html": "<script>alert(1)</script>", "sw.js": "self.x=1", "_headers": "/*\n  X: y",
               "CNAME": "evil.example", "en/evil.html": "<script>alert(2)</script>"}
    for name, text in planted.items():
        (project.site / name).write_text(text)
    (project.site / "old-lang").mkdir()
    (project.site / "old-lang" / "index.html").write_text("old")
    run_build(project)
    for name in [*planted, "old-lang"]:
        assert not os.path.lexists(project.site / name), name
    made = sorted(os.listdir(project.site))  # the languages and the root files the build makes
    assert made == sorted(["ar", "en", "tr", "index.html", "404.html", "robots.txt", "data"]
                          + (["sitemap.xml"] if "sitemap.xml" in made else [])), made


@pytest.mark.parametrize("entry", ["places", "site.yaml", "places/link.yaml", "places/dangling.yaml"])
def test_symlinked_content_is_refused(tmp_path, entry):
    outside, before = victim(tmp_path)
    project = project_at(tmp_path)
    link = project.content / entry
    if entry == "places":
        shutil.rmtree(link)
        link.symlink_to(outside / "places")
    elif entry == "site.yaml":
        link.unlink()
        link.symlink_to("/etc/passwd")
    elif entry == "places/link.yaml":
        link.symlink_to(outside / "places" / "outside.yaml")
    else:
        link.symlink_to(outside / "nothing.yaml")
    result = check(project.content)
    lines = result.report()
    expected = f"{link}:1:1: error: is a symbolic link, which the build does not follow; "
    assert any(line.startswith(expected) for line in lines), lines
    assert not any("outside" in line and "error" not in line for line in lines)
    with pytest.raises(BuildError):
        run_build(project)
    assert not project.site.exists()
    assert snapshot(outside) == before


def test_a_named_pipe_or_a_folder_named_like_a_record_gets_a_true_message(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(BASE, content)
    os.mkfifo(content / "events" / "pipe.yaml")
    (content / "events" / "folder.yaml").mkdir()
    lines = check(content).report()
    assert f"{content}/events/pipe.yaml:1:1: error: is a named pipe, not a regular file" in lines
    assert (f"{content}/events/folder.yaml:1:1: error: records in subfolders are not read: move its files into "
            f"'{content}/events' itself") in lines


def test_a_huge_file_is_refused_by_its_size_before_it_is_read(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(BASE, content)
    huge = content / "events" / "huge.yaml"
    with open(huge, "wb") as file:
        file.truncate(300 * 1024 * 1024)  # sparse: 300 MB without writing them
    from sitegen.content import load

    read = []
    real = os.read
    monkeypatch.setattr(load.os, "read", lambda fd, n: read.append(n) or real(fd, n))
    lines = check(content).report()
    assert f"{huge}:1:1: error: file is 314,572,800 bytes; the limit is 1,048,576" in lines
    assert all(n <= load.MAX_BYTES + 1 for n in read)  # the huge file was never read
    assert len(read) == len(list(content.rglob("*.yaml"))) + len(list(content.rglob("*.md"))) - 1


@pytest.mark.parametrize("what", ["file", "folder"])
def test_an_unreadable_content_file_or_folder_is_a_located_error(tmp_path, monkeypatch, what):
    """`chmod 000` does not stop root (CI builds as root), so the error is injected."""
    content = tmp_path / "content"
    shutil.copytree(BASE, content)
    from sitegen.content import load

    if what == "file":
        path = content / "events" / "qalaat-al-mudiq-captured.yaml"
        real = os.open
        monkeypatch.setattr(load.os, "open", lambda p, *a, **k: _denied(p) if str(p) == str(path) else real(p, *a, **k))
        expected = f"{path}:1:1: error: cannot read the file: Permission denied"
    else:
        path = content / "actors"
        real = os.scandir
        monkeypatch.setattr(load.os, "scandir", lambda p: _denied(p) if str(p) == str(path) else real(p))
        expected = f"{path}:1:1: error: cannot read the folder: Permission denied"
    result = check(content)
    assert expected in result.report()
    assert result.failed()


def _denied(path):
    raise PermissionError(13, "Permission denied", str(path))


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sitegen", *args], cwd=cwd, capture_output=True, text=True)


@pytest.mark.parametrize("site", [".", "/", "content", "content/site", "build", "docs", "docs/site", ".git"])
def test_a_site_folder_that_would_replace_the_project_is_a_usage_error(tmp_path, site):
    """The build removes from the site folder all it did not build: `--site docs` deleted
    the guide, `--site .git` would delete the repository."""
    shutil.copytree(BASE, tmp_path / "content")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "content-format.md").write_text("# The guide\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    before = snapshot(tmp_path)
    done = run_cli("build", "--site", site, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"sitegen build: error: --site '{site}' ")
    assert "give a folder of its own" in done.stderr and "Traceback" not in done.stderr
    assert snapshot(tmp_path) == before


def test_a_site_folder_that_would_replace_sitegens_code_or_the_home_folder_is_refused():
    """Checked without building: the folders a mistyped --site must never be."""
    import sitegen
    from sitegen.build.folders import PlaceError, check_places
    from sitegen.build.project import Project

    code = Path(sitegen.__file__).resolve().parent
    for site in (code, code / "build", Path.home()):
        with pytest.raises(PlaceError, match="give a folder of its own"):
            check_places(Project(REPO, REPO / "content", site, REPO / "build"))


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_a_port_out_of_range_is_a_usage_error(tmp_path, port):
    done = run_cli("serve", "--port", port, cwd=tmp_path)
    assert done.returncode == 2 and "argument --port:" in done.stderr and "Traceback" not in done.stderr


def test_the_preview_server_serves_no_planted_link_and_no_500(tmp_path):
    from sitegen.serve import PreviewServer

    outside, before = victim(tmp_path)
    site = tmp_path / "site"
    (site / "en").mkdir(parents=True)
    (site / "en" / "index.html").write_text("<html><body>home</body></html>")
    (site / "leak.txt").symlink_to(outside / "precious.txt")
    (site / "en" / "linked").symlink_to(outside)
    server = PreviewServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(site))
    try:
        def get(path: str) -> str:
            status = []
            body = b"".join(server.serve_request({"PATH_INFO": path, "REQUEST_METHOD": "GET"},
                                                 lambda code, headers: status.append(code)))
            assert b"do not touch" not in body
            return status[0]

        assert get("/en/").startswith("200")
        assert get("/leak.txt").startswith("404")
        assert get("/en/linked/precious.txt").startswith("404")
        assert get("/en/linked/").startswith("404")
        assert get("/en/%00").startswith("404") and get("/en/\x00").startswith("404")
    finally:
        server.server_close()
    assert snapshot(outside) == before


def _project_copy(tmp_path: Path) -> Path:
    """A project of the repository's templates, catalogs, guide and mkdocs.yml, with the base content."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("templates", "locale", "docs"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root)
    shutil.copytree(BASE, root / "content")
    return root


@pytest.mark.parametrize("entry", ["templates/assets/leak.css", "templates/theme/leak.txt", "docs/content-format.md",
                                   "templates/event.md.j2", "locale/ar/LC_MESSAGES/messages.po", "mkdocs.yml"])
def test_a_link_among_templates_or_the_guide_is_refused(tmp_path, entry):
    """Theme files and assets are copied into the site, the guide published: a link there
    would publish whatever it points at."""
    outside, before = victim(tmp_path)
    root = _project_copy(tmp_path)
    link = root / entry
    link.unlink(missing_ok=True)
    link.symlink_to(outside / "precious.txt")
    project = Project(root, root / "content", root / "site", root / "build")
    with pytest.raises(BuildError, match=f"^{link}: is a symbolic link, which the build does not follow$"):
        run_build(project)
    assert not project.site.exists() and snapshot(outside) == before


@pytest.mark.parametrize("entry", ["templates/assets/pipe.css", "mkdocs.yml", "locale/tr/LC_MESSAGES/messages.po"])
def test_a_named_pipe_among_templates_or_the_configuration_is_refused_not_read(tmp_path, entry):
    """A FIFO (git cannot carry one, a checkout script can make one) would block a build that
    opened it: it is refused by its kind, before it is read, and no site is made."""
    root = _project_copy(tmp_path)
    pipe = root / entry
    pipe.unlink(missing_ok=True)
    os.mkfifo(pipe)
    project = Project(root, root / "content", root / "site", root / "build")
    with pytest.raises(BuildError, match=f"^{pipe}: is not a regular file, which the build does not follow$"):
        run_build(project)
    assert not project.site.exists()


def test_a_planted_journal_cannot_reach_outside_through_a_link(tmp_path):
    """`site.new/journal.json` committed with a link in `site/`: undoing its "moves" would
    rename a file behind the link into the staging folder, which is then deleted."""
    outside, before = victim(tmp_path)
    project = project_at(tmp_path)
    project.site.mkdir()
    (project.site / "en").symlink_to(outside)
    staging = project.site.with_name("site.new")
    staging.mkdir()
    (staging / "journal.json").write_text(
        '[[["site", "en/precious.txt"], ["staging", "stolen"], ["staging", ".backup/0"]],'
        ' [["site", "../victim/index.md"], ["staging", "x"], ["staging", ".backup/1"]]]')
    with pytest.raises(BuildError, match="^undoing an interrupted build failed: unsafe path '../victim/index.md'"):
        run_build(project)
    assert snapshot(outside) == before and (project.site / "en").is_symlink()
    (staging / "journal.json").write_text('[[["site", "en/precious.txt"], ["staging", "stolen"], ["staging", "b"]]]')
    with pytest.raises(BuildError, match=f"^undoing an interrupted build failed: {project.site / 'en'}: not a folder"):
        run_build(project)
    assert snapshot(outside) == before
