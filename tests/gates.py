"""The quality gates: each a function that returns what it found in a built site.

Every gate takes a folder of built files (or a browser page) and returns a list
of findings, each a line an editor or developer can act on ("de/offers/x/index.html:
<img src=https://…> loads from another host"). The tests assert the lists are
empty on the demo, and that each gate finds a planted fault.
"""

from __future__ import annotations

import contextlib
import json
import os
import posixpath
import re
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
STRICT_CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data:; "
    "style-src 'self'; form-action 'self' https:"
)
# Attributes through which a page loads something (not links a reader follows).
LOADING = {
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",),
    "audio": ("src",), "video": ("src", "poster"), "embed": ("src",), "object": ("data",),
    "track": ("src",), "input": ("src",),
}
LOADING_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch",
                     "apple-touch-icon", "shortcut"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    line: int


@dataclass
class ParsedPage:
    path: Path
    elements: list[Element] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    inline_scripts: list[tuple[int, str]] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self, page: ParsedPage) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self._script: Element | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: (v or "") for k, v in attrs}, self.getpos()[0])
        self.page.elements.append(element)
        for key in ("id", "name"):
            if key in element.attrs and (key == "id" or tag == "a"):
                self.page.ids.add(element.attrs[key])
        if tag == "script" and "src" not in element.attrs:
            self._script = element

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self.page.inline_scripts.append((self._script.line, data))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None


def parse(path: Path) -> ParsedPage:
    page = ParsedPage(path)
    _Parser(page).feed(path.read_text(encoding="utf-8"))
    return page


def html_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def _where(root: Path, page: ParsedPage, element: Element) -> str:
    return f"{page.path.relative_to(root)}:{element.line}"


# -- HTML and CSS: the Nu HTML checker -----------------------------------------------

def html_errors(root: Path) -> tuple[int, list[str]]:
    """Run the Nu HTML checker over every HTML and CSS file; (files checked, errors)."""
    files = [str(p) for p in html_files(root)] + [str(p) for p in sorted(root.rglob("*.css"))]
    done = subprocess.run(
        ["java", "-Xss4m", "-jar", str(VNU_JAR), "--format", "json", "--also-check-css", *files],
        capture_output=True, text=True, timeout=900,
    )
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{os.path.relpath(unquote(urlsplit(m.get('url', '')).path), root)}:{m.get('lastLine', '?')}: "
        f"{m.get('message')}"
        for m in messages if m.get("type") in ("error", "non-document-error")
    ]
    return len(files), errors


# -- Links ----------------------------------------------------------------------------

def _target_file(root: Path, url_path: str) -> Path:
    target = root / url_path.lstrip("/")
    if url_path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def broken_links(root: Path, prefix: str = "") -> tuple[int, list[str]]:
    """Internal links and assets that point nowhere; (links checked, findings).

    ``prefix`` is the site's sub-path (``/portal``) when it was built for one.
    External links are not fetched.
    """
    findings: list[str] = []
    checked = 0
    pages = {p: parse(p) for p in html_files(root)}
    for path, page in pages.items():
        for element in page.elements:
            for attr in ("href", "src"):
                url = element.attrs.get(attr)
                if url is None or element.tag == "base":
                    continue
                parts = urlsplit(url)
                if parts.scheme or url.startswith("//"):
                    continue
                checked += 1
                if parts.path:
                    if parts.path.startswith("/"):
                        if prefix and not parts.path.startswith(prefix + "/"):
                            findings.append(f"{_where(root, page, element)}: {url} is outside {prefix}/")
                            continue
                        local = parts.path[len(prefix):]
                    else:
                        local = posixpath.normpath(posixpath.join(
                            "/" + str(path.parent.relative_to(root)), parts.path)) + (
                            "/" if parts.path.endswith("/") else "")
                    target = _target_file(root, unquote(local))
                else:
                    target = path
                if not target.exists():
                    findings.append(f"{_where(root, page, element)}: {url} does not exist")
                elif parts.fragment and target.suffix == ".html":
                    linked = pages.get(target) or parse(target)
                    if parts.fragment not in linked.ids:
                        findings.append(f"{_where(root, page, element)}: #{parts.fragment} is not on {url}")
    return checked, findings


# -- Nothing from other hosts; safe external links --------------------------------------

def _is_offsite(url: str) -> bool:
    url = url.strip()
    return url.startswith("//") or urlsplit(url).scheme in ("http", "https", "ftp")


def offsite_requests(root: Path) -> tuple[int, list[str]]:
    """Resources that a page or stylesheet would load from another host."""
    findings: list[str] = []
    pages = html_files(root)
    for path in pages:
        page = parse(path)
        for element in page.elements:
            attrs = list(LOADING.get(element.tag, ()))
            if element.tag == "link" and LOADING_LINK_RELS & set(element.attrs.get("rel", "").split()):
                attrs.append("href")
            for attr in attrs:
                for url in re.split(r",\s*", element.attrs.get(attr, "")):
                    if url and _is_offsite(url.split()[0]):
                        findings.append(f"{_where(root, page, element)}: <{element.tag} {attr}={url.split()[0]}> "
                                        "loads from another host")
            if element.tag == "a" and _is_offsite(element.attrs.get("href", "")):
                rel = element.attrs.get("rel", "").split()
                if "noopener" not in rel and "noreferrer" not in rel:
                    findings.append(f"{_where(root, page, element)}: external link "
                                    f"{element.attrs['href']} lacks rel=\"noopener\"")
    for css in sorted(root.rglob("*.css")):
        for match in re.finditer(r"(?:url\(\s*['\"]?|@import\s+['\"])([^'\")]+)", css.read_text(encoding="utf-8")):
            if _is_offsite(match.group(1)):
                findings.append(f"{css.relative_to(root)}: {match.group(1)} loads from another host")
    return len(pages), findings


# -- Inline code that a strict CSP would block -------------------------------------------

def inline_code(root: Path) -> tuple[int, list[str]]:
    """Inline scripts, styles, event-handler attributes and javascript: URLs."""
    findings: list[str] = []
    pages = html_files(root)
    for path in pages:
        page = parse(path)
        for element in page.elements:
            where = _where(root, page, element)
            if element.tag == "script" and "src" not in element.attrs and \
                    element.attrs.get("type") != "application/ld+json":
                findings.append(f"{where}: inline <script>")
            if element.tag == "style":
                findings.append(f"{where}: inline <style>")
            for name, value in element.attrs.items():
                if name == "style":
                    findings.append(f"{where}: style attribute on <{element.tag}>")
                elif name.startswith("on"):
                    findings.append(f"{where}: event handler {name}= on <{element.tag}>")
                elif name in ("href", "src", "action") and value.strip().lower().startswith("javascript:"):
                    findings.append(f"{where}: javascript: URL")
    return len(pages), findings


# -- Accessibility: axe-core in the browser ------------------------------------------------

def axe_violations(page) -> list[str]:
    """Run axe-core (WCAG 2.0/2.1 A and AA, and best practices) on a loaded page."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"]) for n in v["nodes"][:5])
        for v in result["violations"]
    ]


def collect_csp_violations(page) -> list[str]:
    """Record every CSP violation the page reports, as Chromium logs them."""
    found: list[str] = []
    page.on("console", lambda message: found.append(message.text)
            if "Content Security Policy" in message.text else None)
    return found


def collect_console_errors(page) -> list[str]:
    found: list[str] = []
    page.on("console", lambda message: found.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: found.append(str(error)))
    return found


# -- A real web server --------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


NGINX_CONF = """
{user}
worker_processes 1;
error_log {prefix}/error.log warn;
pid {prefix}/nginx.pid;
events {{ worker_connections 64; }}
http {{
  include {mime_types};
  default_type application/octet-stream;
  types {{ application/wasm wasm; }}
  access_log off;
  client_body_temp_path {prefix}/body;
  proxy_temp_path {prefix}/proxy;
  fastcgi_temp_path {prefix}/fastcgi;
  uwsgi_temp_path {prefix}/uwsgi;
  scgi_temp_path {prefix}/scgi;
  server {{
    listen 127.0.0.1:{port};
    server_name localhost;
    {server}
  }}
}}
"""


def nginx_path() -> str:
    for candidate in ("/usr/sbin/nginx", shutil.which("nginx")):
        if candidate and os.path.exists(candidate):
            return candidate
    raise RuntimeError("nginx is missing: run `make install` (it installs Debian's nginx-light)")


@contextlib.contextmanager
def nginx(root: Path, mount: str = "/", extra_locations: str = "", port: int | None = None,
          csp: str | None = STRICT_CSP, include: Path | None = None) -> Iterator[str]:
    """Serve ``root`` at ``mount`` with nginx and the strict CSP (``csp=None``: no CSP header,
    only the pages' own ``<meta>`` policy); yields the base URL. ``include``: instead, serve
    ``root`` at ``/`` with that configuration file (the build's ``.nginx.conf``) and nothing else."""
    port = port or free_port()
    prefix = Path(tempfile.mkdtemp(prefix="nginx-"))
    mount = "/" + mount.strip("/") + "/" if mount.strip("/") else "/"
    alias = f"alias {root}/;" if mount != "/" else f"root {root};"
    locations = f"location {mount} {{ {alias} index index.html; }}\n{extra_locations}"
    if mount != "/":
        locations += "\n    location = / { return 404; }"
    server = "\n    ".join([
        f'add_header Content-Security-Policy "{csp}" always;' if csp else "",
        "add_header X-Content-Type-Options nosniff always;", f"error_page 404 {mount}404.html;", locations])
    conf = prefix / "nginx.conf"
    conf.write_text(NGINX_CONF.format(
        prefix=prefix, port=port, server=f"root {root};\n    include {include};" if include else server,
        # as root, nginx's workers would run as nobody and not read the test's private folders
        user="user root;" if os.geteuid() == 0 else "",
        mime_types="/etc/nginx/mime.types"))
    with _running("nginx", [nginx_path(), "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"], port,
                  prefix) as base:
        yield base


@contextlib.contextmanager
def _running(name: str, command: list[str], port: int, prefix: Path) -> Iterator[str]:
    """Start a web server, wait until it listens on ``port``; stop it and remove ``prefix`` after."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                log = prefix / "error.log"
                raise RuntimeError(f"{name} did not start: {process.stderr.read().decode()}"
                                   + (log.read_text(encoding="utf-8") if log.exists() else ""))
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(prefix, ignore_errors=True)


APACHE = "/usr/sbin/apache2"
APACHE_MODULES = "/usr/lib/apache2/modules"
APACHE_CONF = """
ServerRoot {prefix}
ServerName localhost
Listen 127.0.0.1:{port}
PidFile {prefix}/httpd.pid
ErrorLog {prefix}/error.log
{user}
{modules}
TypesConfig /etc/mime.types
DocumentRoot {root}
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory {root}>
    AllowOverride FileInfo Indexes AuthConfig
    Require all granted
</Directory>
"""


@contextlib.contextmanager
def apache(root: Path, port: int | None = None) -> Iterator[str]:
    """Serve ``root`` at ``/`` with Apache, configured by nothing but the folder's ``.htaccess``
    (mod_headers, mod_rewrite, mod_dir, mod_mime); yields the base URL. Apache will not serve
    as root: then it serves a world-readable copy of ``root`` as ``nobody``."""
    if not os.path.exists(APACHE):
        raise RuntimeError("Apache is missing: run `make system-packages` (it installs Debian's apache2-bin)")
    port = port or free_port()
    prefix = Path(tempfile.mkdtemp(prefix="apache-"))
    user = ""
    if os.geteuid() == 0:
        prefix.chmod(0o755)
        root = Path(shutil.copytree(root, prefix / "site"))
        for folder, _, files in os.walk(root):
            os.chmod(folder, 0o755)
            for name in files:
                os.chmod(os.path.join(folder, name), 0o644)
        user = "User nobody\nGroup nogroup"
    modules = "\n".join(f"LoadModule {name}_module {APACHE_MODULES}/mod_{name}.so"
                        for name in ("mpm_event", "authz_core", "dir", "mime", "headers", "rewrite", "filter",
                                     "deflate"))
    conf = prefix / "httpd.conf"
    conf.write_text(APACHE_CONF.format(prefix=prefix, port=port, user=user, modules=modules, root=root))
    with _running("Apache", [APACHE, "-f", str(conf), "-DFOREGROUND"], port, prefix) as base:
        yield base


# -- The one-line-per-gate report that `make test` prints --------------------------------

REPORT: dict[str, str] = {}


def report(gate: str, line: str) -> None:
    """Record a gate's result line; conftest prints them at the end of the run."""
    REPORT[gate] = line
