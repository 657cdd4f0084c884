"""When Pagefind misbehaves, the build says so, keeps the previous site and leaves nothing running."""

from __future__ import annotations

import os
import time

import pytest

from conftest import Site

#: A stand-in for Pagefind that answers ``--version`` and then does what the test says.
FAKE = """#!/bin/sh
if [ "$1" = "--version" ]; then echo "pagefind 1.6.0"; exit 0; fi
echo $$ >> "{pids}"
{then}
"""


def fake_pagefind(site: Site, then: str) -> tuple[str, str]:
    """Write the stand-in; return its path and the file it notes its process ids in."""
    pids = site.path / "fake-pagefind.pids"
    script = site.write("fake-pagefind", FAKE.format(pids=pids, then=then))
    script.chmod(0o755)
    return str(script), str(pids)


def still_running(pid: int, grace: float = 5.0) -> bool:
    """Whether process ``pid`` is alive (not ended, nor a zombie) after ``grace`` seconds."""
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
                if stat.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return False
        except FileNotFoundError:
            return False
        time.sleep(0.1)
    return True


def test_an_indexer_that_hangs_fails_the_build_after_the_time_limit_and_is_ended(site):
    script, pids = fake_pagefind(site, "exec sleep 600")

    failed = site.build(env={"PAGEFIND_BINARY_PATH": script, "PORTAL_SEARCH_TIMEOUT": "3"})

    assert failed.returncode == 1
    assert "search index (Pagefind) could not be built: Pagefind did not finish within 3 s" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert not failed.output.exists()
    started = [int(line) for line in open(pids)]
    assert len(started) == 1  # a timeout is not tried again
    assert not any(still_running(pid) for pid in started)


def test_an_indexer_that_stops_halfway_fails_the_build_at_once(site):
    script, pids = fake_pagefind(site, "head -c 1 > /dev/null; exit 3")  # reads a request, then ends

    began = time.monotonic()
    failed = site.build(env={"PAGEFIND_BINARY_PATH": script, "PORTAL_SEARCH_TIMEOUT": "300"})

    assert failed.returncode == 1
    assert "Pagefind stopped before the index was written" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert time.monotonic() - began < 100  # not the time limit
    assert not failed.output.exists()


#: Runs the real Pagefind; when the build ends it (SIGTERM), cuts the written pagefind.js at
#: 4 KiB, as Pagefind 1.5.2 itself could when its last write was still on the way (its
#: issue #1271, fixed in 1.6.0; a full disk or another program can still cut a file) —
#: every time, or only the first time if ``{once}`` names a file to note it in.
CUTTING = """#!/bin/bash
if [ "$1" = "--version" ]; then exec "{real}" "$@"; fi
exec 3<&0
"{real}" "$@" <&3 &
child=$!
cut() {{
  kill $child; wait $child
  if [ -z "{once}" ] || [ ! -e "{once}" ]; then
    find "{site}" -name pagefind.js -path "*/pagefind/*" -exec truncate -s 4096 {{}} +
    [ -n "{once}" ] && touch "{once}"
  fi
  exit 143
}}
trap cut TERM
wait $child
"""


def cutting_pagefind(site: Site, once: bool) -> str:
    from portal_search.binary import pagefind_binary

    marker = str(site.path / "cut-once") if once else ""
    script = site.write("cutting-pagefind", CUTTING.format(real=pagefind_binary({}), site=site.path, once=marker))
    script.chmod(0o755)
    return str(script)


def test_an_index_file_left_cut_short_is_written_again_and_search_works(site):
    built = site.build(env={"PAGEFIND_BINARY_PATH": cutting_pagefind(site, once=True)})

    assert built.returncode == 0, built.stderr
    assert "Pagefind left 1 file(s) of the index incomplete: pagefind.js" in built.stderr  # said, then retried
    module = (built.output / "pagefind" / "pagefind.js").read_bytes()
    assert len(module) > 4096 and module.rstrip().endswith(b";") and b"export{" in module[-400:]


def test_an_index_file_cut_short_every_time_fails_the_build_and_names_the_file(site):
    failed = site.build(env={"PAGEFIND_BINARY_PATH": cutting_pagefind(site, once=False)})

    assert failed.returncode == 1
    assert ("search index (Pagefind) could not be built: "
            "Pagefind left 1 file(s) of the index incomplete: pagefind.js") in failed.stderr
    assert "Traceback" not in failed.stderr
    assert not failed.output.exists()


def test_every_kind_of_index_file_cut_short_is_found(site, tmp_path):
    from portal_search.bundlecheck import damaged_files

    built = site.build()
    assert built.returncode == 0, built.stderr
    bundle = built.output / "pagefind"
    assert damaged_files(str(bundle)) == []
    cut = ["pagefind.js", "pagefind-entry.json",
           *(str(next(bundle.glob(pattern)).relative_to(bundle))
             for pattern in ("wasm.*.pagefind", "*.pf_meta", "index/*", "fragment/*", "filter/*"))]
    for name in cut:
        path = bundle / name
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) * 2 // 3])
    assert damaged_files(str(bundle)) == sorted(cut)


def test_an_indexer_that_stops_is_explained_in_the_editors_language(site):
    script, _pids = fake_pagefind(site, "head -c 1 > /dev/null; exit 3")

    failed = site.build(env={"PAGEFIND_BINARY_PATH": script, "PORTAL_LANG": "de"})

    assert failed.returncode == 1
    assert ("der Suchindex (Pagefind) konnte nicht erstellt werden: "
            "Pagefind hat aufgehört, bevor der Suchindex geschrieben war") in failed.stderr


def test_an_older_pagefind_is_refused_saying_which_version_the_portal_needs(site):
    # Pagefind 1.5.2 would take max_fragments without a word and write a file per page
    script = site.write("old-pagefind", '#!/bin/sh\necho "pagefind 1.5.2"\n')
    script.chmod(0o755)

    failed = site.build(env={"PAGEFIND_BINARY_PATH": str(script)})

    assert failed.returncode == 1
    assert f"{script} is Pagefind 1.5.2; the portal needs 1.6.0 or later" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert not failed.output.exists()


def test_without_npms_pagefind_the_build_error_says_how_to_install_it(tmp_path):
    from portal_search.binary import PagefindMissing, npm_binary, pagefind_binary

    with pytest.raises(PagefindMissing) as missing:
        pagefind_binary({}, node_modules=tmp_path)  # no PAGEFIND_BINARY_PATH, nothing installed by npm
    assert f"Pagefind 1.6.0 is not installed ({npm_binary(tmp_path)} is missing): run 'npm ci'" in str(missing.value)


def test_a_max_fragments_setting_that_is_no_number_fails_the_build_saying_so(site):
    failed = site.build(env={"PORTAL_SEARCH_MAX_FRAGMENTS": "many"})

    assert failed.returncode == 1
    assert "PORTAL_SEARCH_MAX_FRAGMENTS must be a whole number of at least 1, not 'many'" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert not failed.output.exists()
