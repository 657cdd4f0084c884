"""Atomic publishing: a server reading ``output/`` always finds a complete site.

Builds are killed at moments spread over a build, two builds start at once,
the disk fills up, the output is a mount point; what the CI recipes upload is a
plain folder. A reader thread watches the output path during the builds.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

from conftest import MINIMAL, ROOT, TODAY_EPOCH, Site

PORTAL = str(ROOT / "tools" / "portal.py")
ENV = {**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH}
HOME = Path("de") / "index.html"


def start_build(site: Site) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, PORTAL, "build", "--site", str(site.path)], env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def site_files(output: Path) -> dict[str, bytes]:
    """Every file of a built site but Pagefind's bundle (its files are named anew by each run)."""
    return {str(p.relative_to(output)): p.read_bytes() for p in output.rglob("*")
            if p.is_file() and p.relative_to(output).parts[0] != "pagefind"}


def is_complete(output: Path) -> bool:
    return (output / HOME).is_file() and (output / "pagefind" / "pagefind-entry.json").is_file() \
        and (output / "sitemap.xml").is_file()


class Watcher(threading.Thread):
    """Reads the home page of ``output/`` in a loop, as a server would; counts the misses."""

    def __init__(self, output: Path):
        super().__init__(daemon=True)
        self.output, self.reads, self.misses, self.running = output, 0, 0, True

    def run(self) -> None:
        while self.running:
            try:
                self.reads += bool((self.output / HOME).read_bytes())
            except OSError:
                self.misses += 1
            time.sleep(0.0005)

    def stop(self) -> None:
        self.running = False
        self.join()


def test_a_build_killed_at_any_moment_leaves_a_complete_site_and_a_server_never_misses_a_page(site):
    assert site.build().returncode == 0
    before = site_files(site.path / "output")
    site.write("content/offers/sprachpaten.de.md",
               site.read("content/offers/sprachpaten.de.md").replace("title: ", "title: Neue ", 1))
    started = time.monotonic()
    after_build = site.build()
    duration = time.monotonic() - started
    assert after_build.returncode == 0, after_build.stderr
    after = site_files(site.path / "output")
    assert after != before
    site.write("content/offers/sprachpaten.de.md",
               site.read("content/offers/sprachpaten.de.md").replace("title: Neue ", "title: ", 1))
    watcher = Watcher(site.path / "output")
    watcher.start()
    try:
        for fraction in (0.3, 0.7, 0.9, 0.97, 1.0):
            build = start_build(site)
            time.sleep(duration * fraction)
            os.killpg(build.pid, signal.SIGKILL)
            build.wait()
            assert is_complete(site.path / "output"), f"killed after {fraction:.0%} of a build"
            assert site_files(site.path / "output") in (before, after), f"killed after {fraction:.0%}"
        final = site.build()
    finally:
        watcher.stop()
    assert final.returncode == 0, final.stderr
    assert site_files(final.output) == before
    assert watcher.reads > 100 and watcher.misses == 0
    assert [p.name for p in site.path.iterdir() if p.name.startswith((".build-", ".previous-"))] == []


def test_the_output_stays_a_plain_folder_that_a_server_sees_replaced_in_one_step(site):
    first = site.build()
    inode = os.stat(first.output).st_ino
    second = site.build()
    assert second.returncode == 0, second.stderr
    assert first.output.is_dir() and not first.output.is_symlink()
    assert os.stat(second.output).st_ino != inode  # a new folder, not files rewritten in place
    assert oct(os.stat(second.output).st_mode & 0o777) == oct(0o755)


def test_two_builds_at_once_both_succeed_and_the_second_says_that_it_waits(site):
    first = start_build(site)
    lock = site.path / ".cache" / "build.lock"
    deadline = time.monotonic() + 60
    while not (lock.exists() and lock.read_text().strip() == str(first.pid)):
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.01)
    second = start_build(site)
    outputs = [build.communicate(timeout=600) for build in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outputs
    assert f"another build is running (pid {first.pid}), waiting" in outputs[1][1]
    assert is_complete(site.path / "output")


def test_the_devservers_rebuild_waits_for_the_build_that_holds_the_lock(site):
    from buildlock import one_build_at_a_time
    from portal import devserver_build_command

    assert site.build().returncode == 0
    before = site_files(site.path / "output")
    site.write("content/pages/ueber-uns.de.md", site.read("content/pages/ueber-uns.de.md") + "\nNeuer Satz.\n")
    with one_build_at_a_time(str(site.path / ".cache")):
        rebuild = subprocess.Popen(devserver_build_command(str(site.path), str(site.path / "output")), env=ENV,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        waiting = rebuild.stderr.readline()
        time.sleep(1)
        assert rebuild.poll() is None and site_files(site.path / "output") == before
    stdout, stderr = rebuild.communicate(timeout=600)

    assert waiting == f"another build is running (pid {os.getpid()}), waiting\n"
    assert rebuild.returncode == 0, stderr
    assert "Neuer Satz." in (site.path / "output" / "de" / "ueber-uns" / "index.html").read_text()


def test_work_folders_left_by_killed_builds_are_removed_when_the_next_build_starts(site):
    left = (".build-output-k1ll3d", ".previous-output-0ld", ".build-x1y2z3w4")  # the last: an earlier version's
    for name in left:
        site.write(f"{name}/de/index.html", "left by a killed build")
    site.write(".build-public-x/keep.txt", "the work folder of another output, public/")

    done = site.build()

    assert done.returncode == 0, done.stderr
    assert [name for name in left if (site.path / name).exists()] == []
    assert (site.path / ".build-public-x" / "keep.txt").exists()


def test_a_build_killed_between_the_fallbacks_two_renames_gets_its_previous_site_back(site):
    """Where the kernel cannot swap two folders, the previous output is renamed aside first."""
    assert site.build().returncode == 0
    aside = site.path / ".previous-output-abc123"
    aside.mkdir()
    (site.path / "output").rename(aside / "output")
    site.write("content/offers/broken.de.md", "---\ntitle: Kaputt\n---\n")  # fails: no organisation

    failed = site.build()

    assert failed.returncode == 1 and "broken.de.md" in failed.stderr
    assert is_complete(site.path / "output") and not aside.exists()


def run_patched(site: Site, patch: str) -> subprocess.CompletedProcess:
    """``portal.py build`` with ``patch`` run first in its process (a fault where no disk can be made)."""
    code = (f"import sys\n{patch}\nimport portal\n"
            f"sys.exit(portal.main(['build', '--site', {str(site.path)!r}]))")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600,
                          env={**ENV, "PYTHONPATH": str(ROOT / "tools")})  # tools/portal.py as a module


def test_no_rename_of_a_build_leaves_the_output_path_without_a_complete_site(site):
    """Deterministic where the watcher is by chance: after every rename, the site is there."""
    assert site.build().returncode == 0
    output = str(site.path / "output")
    done = run_patched(site, f"""
import os
real_rename = os.rename
def rename(source, target, **kwargs):
    real_rename(source, target, **kwargs)
    if not os.path.isfile(os.path.join({output!r}, "de", "index.html")):
        print("GAP after renaming", source, "to", target, file=sys.stderr)
os.rename = rename
""")
    assert done.returncode == 0, done.stderr
    assert "GAP" not in done.stderr


def test_a_full_disk_while_writing_pages_is_named_and_the_previous_site_stays(site):
    assert site.build().returncode == 0
    before = site_files(site.path / "output")
    done = run_patched(site, """
import builtins, errno, os
real_open = builtins.open
def open(file, mode='r', *args, **kwargs):
    if 'w' in mode and '/.build-' in str(file) and str(file).endswith('.html'):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(file))
    return real_open(file, mode, *args, **kwargs)
builtins.open = open
""")
    assert done.returncode == 1
    assert "build failed: no space left on device (writing " in done.stderr and ".html)" in done.stderr
    assert "Traceback" not in done.stderr
    assert site_files(site.path / "output") == before


def test_an_output_folder_that_is_a_mount_point_is_refused_with_what_to_do(site):
    assert site.build().returncode == 0
    output = str(site.path / "output")
    done = run_patched(site, f"""
import os.path
real_ismount = os.path.ismount
os.path.ismount = lambda path: path == {output!r} or real_ismount(path)
""")
    assert done.returncode == 1
    assert f"build failed: {output} is a mount point" in done.stderr
    assert f"--output {output}/site" in done.stderr and "Traceback" not in done.stderr
    assert is_complete(site.path / "output")


def disk_usage(folder: Path) -> int:
    """Bytes that the files below ``folder`` take on disk (as a tmpfs counts them)."""
    return sum(p.lstat().st_blocks * 512 for p in folder.rglob("*"))


@contextlib.contextmanager
def tmpfs(mount: Path, kilobytes: int):
    """A tmpfs of that size at ``mount`` (skips the test where mounting needs a root it lacks)."""
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={kilobytes}k", "tmpfs", str(mount)],
                          capture_output=True)
    if done.returncode:
        pytest.skip(f"mounting a tmpfs needs root (mount said: {done.stderr.decode().strip()})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


@pytest.fixture
def small_disk(tmp_path: Path):
    """A tmpfs with room for the minimal site, its caches and its pages, not for its search index.

    Its size is measured from a build of the same site on a large tmpfs (which counts
    space as the small one will), so it follows the site as it grows.
    """
    with tmpfs(tmp_path / "large", 256 * 1024) as large:
        probe = large / "site"
        shutil.copytree(MINIMAL, probe, ignore=shutil.ignore_patterns("output", ".cache"))
        assert Site(probe).build().returncode == 0
        index = disk_usage(probe / "output" / "pagefind")
        room = disk_usage(probe) - index + index // 4
    with tmpfs(tmp_path / "disk", room // 1024) as mount:
        yield mount


def test_a_full_disk_while_indexing_for_search_is_named_as_such(small_disk):
    site = Site(small_disk / "site")
    shutil.copytree(MINIMAL, site.path, ignore=shutil.ignore_patterns("output", ".cache"))

    done = site.build()

    assert done.returncode == 1
    assert "no space left on device (writing " in done.stderr and "/pagefind)" in done.stderr
    assert "Expecting value" not in done.stderr and "Traceback" not in done.stderr
    assert [p.name for p in site.path.iterdir() if p.name.startswith(".build-")] == []


def recipe_env(tmp_path: Path) -> Path:
    """A copy of the project with the minimal site's content, to run a CI recipe in."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("Makefile", "pelican.conf.py", "requirements.txt", "constraints.txt", "package.json",
                 "package-lock.json", "tools", "plugins", "theme"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / name)
    for name in ("content", "data"):
        shutil.copytree(MINIMAL / name, project / name)
    (project / ".venv").symlink_to(ROOT / ".venv")
    (project / "node_modules").symlink_to(ROOT / "node_modules")  # npm's Pagefind, which the build runs
    for name in ("package.json", "package-lock.json"):  # older than node_modules/.installed: make publish's
        os.utime(project / name, (0, 0))  # install must not run npm ci, which would empty the linked folder
    return project


def run_recipe(command: str, project: Path, **env: str) -> None:
    done = subprocess.run(["sh", "-c", command], cwd=project, capture_output=True, text=True, timeout=600,
                          env={**ENV, **env})
    assert done.returncode == 0, done.stdout + done.stderr


def test_gitlab_pages_recipe_leaves_public_as_a_plain_folder_with_the_site(tmp_path):
    pages = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))["pages"]
    project = recipe_env(tmp_path)
    for _ in range(2):  # the second build replaces the first
        for command in pages["script"]:
            run_recipe(command, project, CI_PAGES_URL="https://fa.gitlab.io/portal")
    for path in pages["artifacts"]["paths"]:
        uploaded = project / path
        assert uploaded.is_dir() and not uploaded.is_symlink() and is_complete(uploaded)
        assert "https://fa.gitlab.io/portal/sitemap.xml" in (uploaded / "robots.txt").read_text(encoding="utf-8")


def test_github_pages_recipe_uploads_output_as_a_plain_folder_with_the_site(tmp_path):
    steps = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = steps["jobs"]["build"]["steps"]
    build = next(s["run"] for s in steps if "make publish" in s.get("run", ""))
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    project = recipe_env(tmp_path)
    for _ in range(2):
        run_recipe(build.replace("${{ steps.pages.outputs.base_url }}", "https://fa.github.io/portal"), project)
    uploaded = project / upload["with"]["path"]
    assert uploaded.is_dir() and not uploaded.is_symlink() and is_complete(uploaded)


def test_exchange_swaps_two_folders_in_one_step_on_linux(tmp_path):
    from exchange import exchange

    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "page.html").write_text("old")
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "page.html").write_text("new")

    assert exchange(str(tmp_path / "new"), str(tmp_path / "old")) is (sys.platform == "linux")
    if sys.platform == "linux":
        assert (tmp_path / "old" / "page.html").read_text() == "new"
        assert (tmp_path / "new" / "page.html").read_text() == "old"
