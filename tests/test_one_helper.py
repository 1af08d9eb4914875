"""One atomic write (`sitegen.build.write.replace_file`) and one short digest
(`sitegen.content.digests.short_digest`): no module writes a file through its own temporary file
and rename, or makes its own short digest."""

from __future__ import annotations

import os
import stat

import pytest

from sitegen.content.digests import short_digest
from sitegen.build.write import replace_file

from helpers import REPO

MODULES = sorted((REPO / "sitegen").rglob("*.py"))


def test_only_write_renames_a_temporary_file_into_place():
    renaming = [p.relative_to(REPO).as_posix() for p in MODULES if "os.replace(" in p.read_text(encoding="utf-8")]
    assert renaming == ["sitegen/build/write.py"]


def test_only_digests_makes_a_short_digest():
    short = [p.relative_to(REPO).as_posix() for p in MODULES if "digest_size=10" in p.read_text(encoding="utf-8")]
    assert short == ["sitegen/content/digests.py"]
    assert short_digest("é") == short_digest("é".encode("utf-8")) != short_digest("e")
    assert len(short_digest(b"")) == 20


def test_a_private_file_is_this_users_alone_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "cache"
    replace_file(str(path), iter([b"ab", b"cd"]), private=True)
    assert path.read_bytes() == b"abcd" and stat.S_IMODE(os.stat(path).st_mode) == 0o600

    def failing():
        yield b"x"
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        replace_file(str(path), failing(), private=True)
    with pytest.raises(RuntimeError):
        replace_file(str(tmp_path / "page"), failing())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache"] and path.read_bytes() == b"abcd"
