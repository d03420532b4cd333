"""The printable service card /p/<slug>/card.pdf, read back page by page with pypdf: every
published standard's title as written (letter case kept), in order, each followed on its own
page by its behaviours, as text that copies out in reading order."""

from __future__ import annotations

import io

import pytest

from tests.promise_support import SVG, set_logo

pytestmark = pytest.mark.django_db

# Titles whose letter case a text-transform would change, in every style.
STYLES = ("ALL CAPS: we CALL back {n}", "eBay and iPhone orders {n}", "Lower case promise {n}")


def _many_standards(workspace, count: int = 30):
    from servicegap.standards.models import Standard

    made = []
    for i in range(count):
        n = f"{i:02d}"
        s = Standard(
            workspace=workspace,
            code=f"S{n}",
            title=STYLES[i % 3].format(n=n),
            why=f"Why {n} matters to you.",
            dimension="process",
            behaviours=[f"Sign {n}.{j}: you see it happen" for j in range(1, 2 + i % 3)],
            published=i != 7,  # one unpublished: never on the card
        )
        s.save_version()
        made.append(s)
    return made


def _compact(text: str) -> str:
    # Line breaks inside a cell fall where the column wraps: compare without whitespace.
    return "".join(text.split())


def _pages(client) -> list[str]:
    from pypdf import PdfReader

    r = client.get("/p/acme/card.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"] == 'inline; filename="acme-service-card.pdf"'
    return [_compact(page.extract_text()) for page in PdfReader(io.BytesIO(r.content)).pages]


def test_the_card_lists_every_published_standard_in_order_page_by_page(client, workspace):
    standards = [s for s in _many_standards(workspace) if s.published]
    set_logo(workspace, SVG, "image/svg+xml")  # drawn inline; the card still reads as text
    pages = _pages(client)
    assert len(pages) >= 2, "30 standards should need more than one A4 page"
    seen = []
    for number, text in enumerate(pages, start=1):
        on_page = [s for s in standards if _compact(s.title) in text]
        positions = [text.index(_compact(s.title)) for s in on_page]
        assert positions == sorted(positions), f"page {number}: titles out of order"
        for k, s in enumerate(on_page):
            end = positions[k + 1] if k + 1 < len(on_page) else len(text)
            row = text[positions[k] : end]
            for behaviour in s.behaviours:
                # Each behaviour after its title and before the next: one row, one page.
                assert _compact(behaviour) in row, (
                    f"page {number}: {behaviour!r} not after {s.title!r}"
                )
        seen += [s.code for s in on_page]
    assert seen == [s.code for s in standards]  # every one, once, in order
    whole = "".join(pages)
    assert _compact("ALL CAPS: we CALL back 00") in whole  # letter case as written
    assert _compact("eBay and iPhone orders 01") in whole
    assert _compact("eBay and iPhone orders 07") not in whole  # not published
    assert "AcmeMotors:ourservicestandards" in pages[0]


def test_the_printer_reads_no_url_but_inline_data():
    from servicegap.reports.pdf import data_only_fetcher

    fetcher = data_only_fetcher()
    fetch = getattr(fetcher, "fetch", fetcher)  # a URLFetcher (WeasyPrint 68+) or a function
    with pytest.raises(ValueError):
        fetch("http://169.254.169.254/latest/meta-data/")
    with pytest.raises(ValueError):
        fetch("file:///etc/passwd")
    fetched = fetch("data:text/plain;base64,aGk=")
    if isinstance(fetched, dict):
        body = fetched["string"] if "string" in fetched else fetched["file_obj"].read()
    else:
        body = fetched.read()
    assert body == b"hi"
