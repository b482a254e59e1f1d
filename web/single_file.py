#!/usr/bin/env python3
"""Builds web/dist/kulcs.html: the whole app in one file, to open from disk (file://).

A browser will not start a module worker or fetch the wasm from a file:// page, so this file
carries everything inside itself, as inert <script> blocks the page turns into blob: URLs:
the worker (worker.js), wasm-bindgen's glue, the message catalogue and the wasm (base64). The
page's own script and style are inline, allowed by their SHA-256 in a stricter CSP than the
served app's: connect-src 'none' (nothing to fetch at all), scripts and workers only from those
hashes and blob:. No service worker (file:// has none) and no manifest.

Usage: single_file.py DIST   (after dist is built; reads DIST/index.html etc., writes DIST/kulcs.html)
"""

import base64
import hashlib
import json
import os
import re
import sys

dist = sys.argv[1]


def read(name):
    with open(os.path.join(dist, name), encoding="utf-8") as f:
        return f.read()


def sha256(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def inert(id_, kind, text):
    # An inert block ends at the first "</script": none may occur inside.
    if "</script" in text.lower():
        raise SystemExit(f"single_file: {id_} contains '</script'")
    return f'<script type="{kind}" id="{id_}">{text}</script>'


html = read("index.html")
style = read("style.css")
app = read("app.js")
worker = read("worker.js")
glue = read("pkg/kulcs_wasm.js")
catalogue = json.dumps(json.loads(read("i18n.json")), ensure_ascii=False).replace("</", "<\\/")
with open(os.path.join(dist, "pkg/kulcs_wasm_bg.wasm"), "rb") as f:
    wasm = base64.b64encode(f.read()).decode()
with open(os.path.join(dist, "icon.svg"), "rb") as f:
    icon = "data:image/svg+xml;base64," + base64.b64encode(f.read()).decode()

csp = ("default-src 'none'; "
       f"script-src {sha256(app)} blob: 'wasm-unsafe-eval'; worker-src blob:; connect-src 'none'; "
       "img-src blob: data:; media-src blob: mediastream:; "
       f"style-src {sha256(style)}; base-uri 'none'; form-action 'none'")


def replace_once(pattern, new):
    global html
    html, n = re.subn(pattern, lambda _: new, html, count=1)
    if n != 1:
        raise SystemExit(f"single_file: index.html has no {pattern!r}")


replace_once(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">',
             f'<meta http-equiv="Content-Security-Policy" content="{csp}">')
replace_once(r'<link rel="manifest" href="manifest.webmanifest">\n?', "")
replace_once(r'<link rel="icon" href="icon.svg">', f'<link rel="icon" href="{icon}">')
replace_once(r'<link rel="stylesheet" href="style.css">', f"<style>{style}</style>")
replace_once(r'<script type="module" src="app.js"></script>',
             "\n".join([inert("kulcs-worker", "text/plain", worker),
                        inert("kulcs-glue", "text/plain", glue),
                        inert("kulcs-i18n", "application/json", catalogue),
                        inert("kulcs-wasm", "application/octet-stream", wasm),
                        f'<script type="module">{app}</script>']))
with open(os.path.join(dist, "kulcs.html"), "w", encoding="utf-8") as f:
    f.write(html)
print(f"web: built {dist}/kulcs.html ({len(html.encode())} bytes), the app to open from disk")
