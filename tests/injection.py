"""What a page may hold and do, checked in Chromium: nothing an author or a learner wrote may run or be let in
(tests/test_hostile_input.py, tests/test_xss.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import material
from workbook.blocks.pages import MESSAGES_SCRIPT
from workbook.messages import shipped_languages
from workbook.plugin import SCRIPTS

MARKER = re.compile(r"__xss=(\d+)")

_MATERIAL = Path(material.__file__).parent / "templates"
# The site's own scripts, by path from the site's root: Material's bundle, the workbook's, and the workbook's words
# in the site's language (generated: workbook/messages.<language>.js).
OWN_SCRIPTS = [
    re.search(r"'(assets/javascripts/bundle\.[0-9a-f]+\.min\.js)'", (_MATERIAL / "base.html").read_text())[1],
    *SCRIPTS,
    *(MESSAGES_SCRIPT.format(language=language) for language in shipped_languages()),
]
# The inline scripts Material writes (its partials/javascripts), each with its template's values (a base URL, in
# quotes) left open; and its configuration, a JSON script with the id __config.
MATERIAL_INLINE = [
    re.compile('[^"]*'.join(re.escape(part) for part in re.split(r"\{\{.*?\}\}", body)), re.S)
    for partial in sorted((_MATERIAL / "partials" / "javascripts").glob("*.html"))
    for body in re.findall(r"<script>(.*?)</script>", partial.read_text(), re.S)
]
# Set in every frame before the page's own scripts: a payload's marker is kept, however many run.
MARK_RUNS = """(() => {
  const ran = [];
  Object.defineProperty(window, "__xssRan", { value: ran });
  Object.defineProperty(window, "__xss", { get: () => ran[ran.length - 1], set: (value) => { ran.push(String(value)); } });
})();"""
# Everything in the page that could run script or reach out: handler attributes, elements that load or run
# something (a script not the site's own, a frame, a plugin, a base, a refresh, SVG animation of a link), and
# every URL-valued attribute whose value, as the browser reads it (character references are already decoded in
# the DOM; the URL parser trims spaces and controls and drops tabs and line breaks), has a scheme that is not
# http, https or mailto. Inline scripts are returned for the test to compare with Material's own.
SCAN = """(own) => {
  const found = [], inline = [];
  const allowed = ["http:", "https:", "mailto:"];
  const scripting = /^(javascript|vbscript|data|livescript|mocha):/;
  const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite",
    "longdesc", "ping", "codebase", "manifest", "icon", "lowsrc", "dynsrc", "to", "from", "values"];
  for (const element of document.querySelectorAll("*")) {
    const tag = element.localName;
    const where = () => `${tag}${element.id ? "#" + element.id : ""}`;
    for (const attribute of element.attributes) {
      if (/^on/i.test(attribute.name)) found.push(`${where()} has ${attribute.name}=${attribute.value.slice(0, 60)}`);
      if (/^(srcdoc|http-equiv)$/i.test(attribute.name)) found.push(`${where()} has ${attribute.name}`);
    }
    if (["iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "animate", "set",
         "animatemotion", "animatetransform", "handler", "listener", "xmp", "plaintext", "isindex"].includes(tag)) {
      found.push(`a <${tag}> element`);
    }
    if (tag === "meta" && element.httpEquiv) found.push(`meta http-equiv=${element.httpEquiv}`);
    if (tag === "link" && !element.closest("head")) found.push(`a <link> in the body: ${element.outerHTML.slice(0, 80)}`);
    if (tag === "script") {
      if (element.hasAttribute("src")) {
        const url = new URL(element.getAttribute("src"), document.baseURI);
        if (url.origin !== location.origin || !own.some((path) => url.pathname === "/" + path)) found.push(`script ${url}`);
      } else if (element.id === "__config" && element.type === "application/json") {
        try { JSON.parse(element.textContent); } catch (error) { found.push("a __config that is no JSON"); }
      } else {
        inline.push(element.textContent);
      }
    }
    for (const name of urlAttributes) {
      const value = element.getAttribute(name);
      if (value === null || (["to", "from", "values"].includes(name) && tag !== "animate" && tag !== "set")) continue;
      const values = name === "ping" ? value.split(/\\s+/) : [value];
      for (const one of values) {
        const bare = one.replace(/[\\u0000-\\u0020\\u007f]/g, "").toLowerCase();
        let protocol = "";
        try { protocol = new URL(one, document.baseURI).protocol; } catch (error) { protocol = "unparsable"; }
        if (scripting.test(bare) || !allowed.includes(protocol)) found.push(`${where()} ${name}=${one.slice(0, 60)}`);
      }
    }
    const srcset = element.getAttribute("srcset");
    if (srcset !== null) {
      for (const candidate of srcset.split(",")) {
        const url = candidate.trim().split(/\\s+/)[0];
        if (url && !allowed.includes(new URL(url, document.baseURI).protocol)) found.push(`${where()} srcset=${url}`);
      }
    }
  }
  return { found, inline };
}"""
# After a page's images have loaded or failed (an injected one's onerror would have run by then).
SETTLE = """() => Promise.race([
  Promise.all(Array.from(document.images, (image) => image.complete ? null
    : new Promise((done) => { image.addEventListener("load", done); image.addEventListener("error", done); }))),
  new Promise((done) => setTimeout(done, 2000)),
]).then(() => new Promise((done) => setTimeout(done, 30)))"""
# Clicks every link in the workbook's parts, as a learner would, handlers and all. An http, https or mailto link
# cannot run anything in this page: it goes to another (the test loads every page of the site itself; other
# sites are none of its business) or scrolls this one, so it is clicked but not followed, which keeps a thousand
# clicks quick. Any other link is followed as the browser would: a script URL (there must be none) runs.
CLICK_LINKS = """() => {
  const links = Array.from(document.querySelectorAll("a")).filter((a) => a.closest('[class^="workbook"], [class*=" workbook"]'));
  const stay = (event) => {
    const link = event.target.closest && event.target.closest("a[href]");
    if (link && ["http:", "https:", "mailto:"].includes(new URL(link.href).protocol)) event.preventDefault();
  };
  window.addEventListener("click", stay);
  links.forEach((link) => link.click());
  window.removeEventListener("click", stay);
  return links.length;
}"""


@dataclass
class Watch:
    """A page in a fresh context, and everything it did that it should not have. Payloads set window.__xss (or
    parent.__xss) to a number of their own if they run: `payloads` names them in a failure."""

    page: object
    payloads: dict[int, str] = field(default_factory=dict)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def check(self, where: str) -> None:
        self.page.evaluate(SETTLE)
        ran = self.page.evaluate("window.__xssRan.slice()")
        assert ran == [], f"{where}: payloads ran: {[(n, self.payloads.get(int(n), '?')) for n in ran]}"
        assert self.dialogs == [], f"{where}: dialogs opened: {self.dialogs}"
        assert self.errors == [], f"{where}: script errors: {self.errors}"
        assert self.outside == [], f"{where}: requests to other hosts: {self.outside}"
        scan = self.page.evaluate(SCAN, OWN_SCRIPTS)
        assert scan["found"] == [], f"{where}: let in: {scan['found']}"
        foreign = [text[:80] for text in scan["inline"] if not any(p.fullmatch(text) for p in MATERIAL_INLINE)]
        assert foreign == [], f"{where}: inline scripts that are not Material's: {foreign}"


@contextmanager
def watching(browser: object, origin: str, payloads: tuple[str, ...] | list[str] = ()) -> Iterator[Watch]:
    """A Watch on a page of a new context, which may ask nothing of any host but `origin`."""
    context = browser.new_context(accept_downloads=True)  # type: ignore[attr-defined]
    context.add_init_script(MARK_RUNS)
    names = {int(number): payload for payload in payloads for number in MARKER.findall(payload)}
    watch = Watch(context.new_page(), names)

    def refuse(route: object) -> None:
        watch.outside.append(route.request.url)  # type: ignore[attr-defined]
        route.abort()  # type: ignore[attr-defined]

    context.route(lambda url: not url.startswith(origin), refuse)
    page = watch.page
    page.on("dialog", lambda dialog: (watch.dialogs.append(f"{dialog.type}: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    # A relative image an author wrote (`![](x.png)`) that is not there is a 404, not a script error.
    page.on(
        "console",
        lambda message: (
            watch.errors.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    try:
        yield watch
    finally:
        context.close()


def print_and_check(watch: Watch, where: str) -> None:
    """Print media and the print events, as when the learner prints (the answers are copied onto paper)."""
    watch.page.emulate_media(media="print")
    watch.page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    watch.check(f"{where} (printing)")
    watch.page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    watch.page.emulate_media(media="screen")
