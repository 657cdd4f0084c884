"""Publishing: CI configurations for GitHub and GitLab Pages, and make rsync_upload.

The CI services cannot run here (no network); the tests check that the files are
valid YAML that call only what the Makefile offers, in the right order. The
rsync upload runs for real, into a local folder.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import yaml

from conftest import ROOT, TODAY_EPOCH

MAKE_CALL = re.compile(r"\bmake ([a-z_-]+)")


def makefile_targets() -> set[str]:
    return set(re.findall(r"^([a-z_-]+):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE))


def make_calls(commands: list[str]) -> list[str]:
    return [target for command in commands for target in MAKE_CALL.findall(command)]


def test_github_workflow_tests_every_commit_and_publishes_main_with_full_history():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"] and "pull_request" in triggers and "schedule" in triggers
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    steps = build["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    runs = [s["run"] for s in steps if "run" in s]
    assert make_calls(runs) == ["test", "report", "publish"]
    assert 'SITEURL="${{ steps.pages.outputs.base_url }}"' in runs[-1]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    assert uses.index("actions/configure-pages") < uses.index("actions/upload-pages-artifact")
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "output"
    assert deploy["needs"] == "build" and deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert set(make_calls(runs)) <= makefile_targets()


def test_gitlab_pipeline_tests_and_publishes_public_from_the_default_branch():
    pipeline = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert pipeline["variables"]["GIT_DEPTH"] == "0"
    assert make_calls(pipeline["test"]["script"]) == ["test", "report"]
    pages = pipeline["pages"]
    assert pipeline["stages"].index(pages["stage"]) > pipeline["stages"].index(pipeline["test"]["stage"])
    assert make_calls(pages["script"]) == ["publish"]
    assert 'SITEURL="$CI_PAGES_URL" OUTPUT=public' in pages["script"][0]
    assert pages["artifacts"]["paths"] == ["public"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert set(make_calls(pipeline["test"]["script"] + pages["script"])) <= makefile_targets()


def make(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env={**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH})


def test_rsync_upload_builds_for_siteurl_and_copies_the_site_to_the_target(tmp_path: Path):
    target = tmp_path / "server" / "portal"
    target.mkdir(parents=True)
    (target / "old-page.html").write_text("gone after the upload", encoding="utf-8")
    done = make("rsync_upload", f"RSYNC_TARGET={target}/", "SITEURL=https://example.org/portal",
                f"OUTPUT={tmp_path / 'output'}")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (target / "de" / "offers" / "fahrradwerkstatt" / "index.html").exists()
    assert "Sitemap: https://example.org/portal/sitemap.xml" in (target / "robots.txt").read_text(encoding="utf-8")
    assert 'href="https://example.org/portal/theme/css/portal.css"' in (target / "de" / "index.html").read_text(
        encoding="utf-8")
    assert not (target / "old-page.html").exists()


def test_rsync_upload_without_target_says_what_to_set_and_builds_nothing(tmp_path: Path):
    done = make("rsync_upload", "SITEURL=https://example.org", f"OUTPUT={tmp_path / 'output'}")
    assert done.returncode != 0
    assert "set RSYNC_TARGET, e.g. RSYNC_TARGET=user@example.org:/var/www/portal/" in done.stderr
    assert not (tmp_path / "output").exists()
