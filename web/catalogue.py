#!/usr/bin/env python3
"""Builds the browser shell's catalogue (i18n.json) from the keys every shell shares.

Sources: the Android strings (android/app/src/main/res/values{,-hu}/strings.xml, the same keys
as iOS's Localizable.strings), the error sentences (tests/vectors/messages.json) and the few
browser-only texts (web/i18n/web.json, keys starting with web_). Placeholders become {1}, {2};
plurals become {"one": ..., "other": ...}. Fails when a key the page uses (data-i18n, t("..."))
is missing in either language, or when a web_ key shadows a shared one.

usage: catalogue.py OUT.json
"""
import json, re, sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGS = {"en": "values", "hu": "values-hu"}


def placeholders(text):
    n = [0]
    def sub(m):
        if m.group(1):
            return "{" + m.group(1) + "}"
        n[0] += 1
        return "{" + str(n[0]) + "}"
    text = re.sub(r"%(?:(\d)\$)?[sd]", sub, text)
    return text.replace("\\'", "'").replace('\\"', '"').replace("\\n", "\n")


def android(folder):
    out = {}
    root = ET.parse(ROOT / "android/app/src/main/res" / folder / "strings.xml").getroot()
    for e in root:
        if e.tag == "string":
            out[e.get("name")] = placeholders(e.text or "")
        elif e.tag == "plurals":
            out[e.get("name")] = {i.get("quantity"): placeholders(i.text or "") for i in e}
    return out


def main(out_path):
    cat = {lang: android(folder) for lang, folder in LANGS.items()}
    shared = set(cat["en"]) | set(cat["hu"])
    for key, texts in json.load(open(ROOT / "tests/vectors/messages.json"))["messages"].items():
        for lang in LANGS:
            cat[lang].setdefault(key, texts[lang])
        shared.add(key)
    for key, texts in json.load(open(ROOT / "web/i18n/web.json"))["messages"].items():
        if not key.startswith("web_") or key in shared:
            sys.exit(f"catalogue: {key} must start with web_ and not repeat a shared key")
        for lang in LANGS:
            cat[lang][key] = texts[lang]
    used = set()
    for f in (ROOT / "web/static").glob("*.*"):
        text = f.read_text(encoding="utf-8")
        used |= set(re.findall(r'data-i18n(?:-placeholder|-alt)?="([a-z0-9_]+)"', text))
        used |= set(re.findall(r'\bt\("([a-z0-9_]+)"', text))
    missing = sorted(f"{lang}:{k}" for k in used for lang in LANGS if k not in cat[lang])
    if missing:
        sys.exit("catalogue: keys used by web/static but missing: " + ", ".join(missing))
    Path(out_path).write_text(json.dumps(cat, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    print(f"catalogue: {len(cat['en'])} keys, {len(used)} used by the page")


if __name__ == "__main__":
    main(sys.argv[1])
