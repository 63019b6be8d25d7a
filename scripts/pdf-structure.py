#!/usr/bin/python3
"""Reads a tagged PDF's structure tree the way a screen reader meets it, and checks it.

    scripts/pdf-structure.py REPORT.pdf           # the tree, indented, with each element's text
    scripts/pdf-structure.py --json A.pdf B.pdf   # per file a JSON line: problems, texts, Alt texts, artifacts

The tree is walked with pikepdf; the text of every marked-content sequence comes from pdfminer, which
decodes the glyphs through the fonts' ToUnicode maps. Checked: one Document root; lists L > LI >
Lbl/LBody; tables Table > THead/TBody > TR > TH (with a Scope)/TD; headings that do not skip a level;
every Figure with an Alt; every marked content in the tree once, through the parent tree too; no text
outside marked content; the artifacts are pagination artifacts (headers, footers) or layout ones.
Debian 12: python3-pikepdf python3-pdfminer.
"""
import json
import sys

import pikepdf
from pdfminer.pdfdevice import PDFDevice
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.psparser import PSLiteral

ALLOWED_PARENTS = {
    "LI": {"L"}, "Lbl": {"LI"}, "LBody": {"LI"},
    "THead": {"Table"}, "TBody": {"Table"}, "TR": {"THead", "TBody"}, "TH": {"TR"}, "TD": {"TR"},
}
ALLOWED_KIDS = {"L": {"LI"}, "LI": {"Lbl", "LBody"}, "Table": {"THead", "TBody"}, "THead": {"TR"}, "TBody": {"TR"},
                "TR": {"TH", "TD"}}


class MarkedText(PDFDevice):
    """Collects each text run with the marked-content sequence it is drawn in."""

    def __init__(self, rsrcmgr):
        super().__init__(rsrcmgr)
        self.stack = []
        self.runs = []  # (tag, properties, text)

    def begin_tag(self, tag, props=None):
        self.stack.append((tag.name, props if isinstance(props, dict) else {}))

    def end_tag(self):
        if self.stack:
            self.stack.pop()

    def render_string(self, textstate, seq, ncs, graphicstate):
        font = textstate.font
        text = []
        for item in seq:
            if isinstance(item, bytes):
                for cid in font.decode(item):
                    try:
                        text.append(font.to_unichr(cid))
                    except PDFUnicodeNotDefined:
                        text.append("\ufffd")
        tag, props = self.stack[-1] if self.stack else (None, {})
        self.runs.append((tag, props, "".join(text), len(self.stack)))


def name(value):
    """A PDF name as text, from pikepdf ("/Header") or pdfminer (a literal whose .name is the text)."""
    if value is None:
        return None
    if isinstance(value, PSLiteral):
        return value.name.decode() if isinstance(value.name, bytes) else value.name
    return str(value)[1:]


def marked_runs(path):
    """Per page, the text runs in content-stream order."""
    pages = []
    with open(path, "rb") as f:
        manager = PDFResourceManager()
        for page in PDFPage.get_pages(f):
            device = MarkedText(manager)
            PDFPageInterpreter(manager, device).process_page(page)
            pages.append(device.runs)
    return pages


def check(path):
    problems = []
    pdf = pikepdf.open(path)
    page_index = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
    runs = marked_runs(path)
    mcid_text = {}
    content_text, artifacts = [], {}
    for i, page in enumerate(runs):
        for tag, props, text, depth in page:
            if tag is None:
                if text.strip():
                    problems.append(f"page {i + 1}: text outside marked content: {text!r}")
                continue
            if depth > 1:
                problems.append(f"page {i + 1}: nested marked content around {text!r}")
            if tag == "Artifact":
                kind = name(props.get("Subtype")) or name(props.get("Type")) or "Artifact"
                artifacts.setdefault(kind, []).append(text)
                continue
            mcid = props.get("MCID")
            if mcid is None:
                problems.append(f"page {i + 1}: marked content /{tag} without an MCID: {text!r}")
                continue
            mcid_text[(i, mcid)] = mcid_text.get((i, mcid), "") + text
            content_text.append(text)

    catalog = pdf.Root
    root = catalog.get("/StructTreeRoot")
    if root is None:
        return {"problems": ["no structure tree"], "treeText": "", "contentText": "", "artifacts": {}, "figures": []}
    kids = root.get("/K")
    if not isinstance(kids, pikepdf.Dictionary) or name(kids.get("/S")) != "Document":
        problems.append("the structure tree root does not hold exactly one Document element")

    parent_tree = {}
    nums = root.ParentTree.get("/Nums", [])
    for k in range(0, len(nums), 2):
        parent_tree[int(nums[k])] = nums[k + 1]

    seen = set()
    tree_text, figures, outline = [], [], []
    headings = []

    def walk(element, parent_role, depth, page):
        role = name(element.get("/S"))
        page = page_index.get(element.Pg.objgen, page) if "/Pg" in element else page
        if role in ALLOWED_PARENTS and parent_role not in ALLOWED_PARENTS[role]:
            problems.append(f"{role} inside {parent_role}")
        if role == "TH":
            scope = name(element.get("/A", {}).get("/Scope")) if "/A" in element else None
            if scope not in ("Column", "Row"):
                problems.append("TH without a Scope of Column or Row")
        if role and role[0] == "H" and role[1:].isdigit():
            level = int(role[1:])
            if (headings and level > headings[-1] + 1) or (not headings and level != 1):
                problems.append(f"{role} after {'H' + str(headings[-1]) if headings else 'no heading'}")
            headings.append(level)
        line = len(outline)
        outline.append(None)  # the element before its kids; its text is known after them
        text = []
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids])
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.MCR:
                key = (page_index.get(kid.Pg.objgen), int(kid.MCID))
            elif isinstance(kid, pikepdf.Dictionary):
                kid_role = name(kid.get("/S"))
                if role in ALLOWED_KIDS and kid_role not in ALLOWED_KIDS[role]:
                    problems.append(f"{kid_role} inside {role}")
                text.append(walk(kid, role, depth + 1, page))
                continue
            else:
                key = (page, int(kid))
            if key in seen:
                problems.append(f"MCID {key[1]} of page {key[0] + 1} twice in the tree")
            seen.add(key)
            owner = None
            struct_parents = pdf.pages[key[0]].obj.get("/StructParents")
            if struct_parents is not None and int(struct_parents) in parent_tree:
                entries = parent_tree[int(struct_parents)]
                owner = entries[key[1]] if key[1] < len(entries) else None
            if owner is None or owner.objgen != element.objgen:
                problems.append(f"MCID {key[1]} of page {key[0] + 1}: the parent tree does not name its element")
            text.append(mcid_text.get(key, ""))
            tree_text.append(mcid_text.get(key, ""))
        joined = "".join(text)
        if role == "Figure":
            alt = str(element.get("/Alt", ""))
            if not alt.strip():
                problems.append("Figure without an Alt")
            figures.append(alt)
        extra = ""
        if "/Alt" in element:
            extra += f" Alt={str(element.Alt)!r}"
        if "/ActualText" in element:
            extra += f" ActualText={str(element.ActualText)!r}"
        if "/A" in element and "/Scope" in element.A:
            extra += f" Scope={name(element.A.Scope)}"
        outline[line] = "  " * depth + f"{role}{extra}" + (f": {joined[:80]!r}" if role != "Document" else "")
        return joined

    if isinstance(kids, pikepdf.Dictionary):
        walk(kids, None, 0, None)
    missing = set(mcid_text) - seen
    for page, mcid in sorted(missing):
        problems.append(f"MCID {mcid} of page {page + 1} is not in the tree")
    return {"problems": problems, "treeText": "".join(tree_text), "contentText": "".join(content_text),
            "artifacts": artifacts, "figures": figures, "outline": outline}


if __name__ == "__main__":
    args = sys.argv[1:]
    as_json = "--json" in args
    files = [a for a in args if a != "--json"]
    if not files:
        sys.exit(__doc__)
    failed = False
    for path in files:
        result = check(path)
        failed = failed or bool(result["problems"])
        if as_json:
            # One line per file.
            print(json.dumps(dict(result, file=path), ensure_ascii=False))
        else:
            print("\n".join(result["outline"]))
            for problem in result["problems"]:
                print(f"{path}: {problem}", file=sys.stderr)
    sys.exit(1 if failed else 0)
