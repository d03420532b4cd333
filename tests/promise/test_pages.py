"""The published promise and the brand every public page shows: the promise page, its switch,
the brand on the survey and Tell us pages, the logo and stylesheet, the owner's brand page."""

from __future__ import annotations

import pytest

from servicegap.lib import colour
from tests.promise_support import HTML, SVG, SVG_WITH_SCRIPT, png, set_logo

pytestmark = pytest.mark.django_db


def _survey(workspace):
    from servicegap.surveys.models import Question, Survey

    survey = Survey.objects.create(
        workspace=workspace, code="VISIT", title="Your visit", status="published", languages=["en"]
    )
    Question.objects.create(
        workspace=workspace, survey=survey, code="NPS", kind="nps", text={"en": "Recommend us?"}
    )
    return survey


def _brand_form(workspace, **changes):
    data = {
        "name": workspace.name,
        "brand_colour": workspace.brand_colour,
        "promise_public": "on" if workspace.promise_public else "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


# --- the promise page -------------------------------------------------------------------------


def test_the_promise_page_shows_each_published_standard_to_anyone(client, workspace, standards):
    hidden = standards[2]
    hidden.published = False
    hidden.save_version()
    standards[0].why = "A customer who is known feels welcome."
    standards[0].save_version()

    r = client.get("/p/acme/")
    assert r.status_code == 200
    page = r.content.decode()
    assert "Greets every customer by name" in page
    assert "Calls back within one working day" in page
    assert "A customer who is known feels welcome." in page
    assert "Uses the name" in page and "How you will know" in page
    assert "Returns the car cleaner than it came" not in page  # not published
    assert "Acme Motors" in page
    # The way to compliment or complain, the kind chosen already.
    assert 'href="/r/acme/tell-us/?kind=compliment"' in page
    assert 'href="/r/acme/tell-us/?kind=complaint"' in page
    assert 'href="/p/acme/card.pdf"' in page
    # Never the ServiceGap brand, never the internal unit tree.
    for internal in ("ServiceGap", "Head office", "SALES", "Sales"):
        assert internal not in page, internal


def test_you_said_we_did_shows_completed_public_actions_only_without_unit_names(
    client, workspace, standards
):
    import datetime as dt

    from servicegap.actions.models import Action, ActionStandard, ActionUnit
    from servicegap.people.models import Unit

    sales = Unit.objects.of(workspace).get(code="SALES")
    for code, title, status, public in [
        ("CB", "Call-back team on Saturdays", "done", True),
        ("SECRET", "Internal rota change", "done", False),
        ("LATER", "New waiting room", "in_progress", True),
    ]:
        action = Action.objects.create(
            workspace=workspace,
            code=code,
            title=title,
            status=status,
            public=public,
            started_on=dt.date(2026, 1, 5),
            completed_on=dt.date(2026, 3, 1) if status == "done" else None,
        )
        ActionStandard.objects.create(workspace=workspace, action=action, standard=standards[1])
        ActionUnit.objects.create(workspace=workspace, action=action, unit=sales)

    page = client.get("/p/acme/").content.decode()
    assert "You said, we did" in page
    assert "Call-back team on Saturdays" in page
    assert "Internal rota change" not in page and "New waiting room" not in page
    said = page[page.index("You said, we did") :]
    assert "Calls back within one working day" in said  # the effect, about the standard
    for internal in ("Sales", "SALES", "Head office", "CB"):
        assert internal not in said.split("</section>", 1)[0], internal


def test_the_tell_us_page_takes_the_kind_the_promise_page_chose(client, workspace):
    page = client.get("/r/acme/tell-us/?kind=complaint").content.decode()
    assert "checked" in _kind_input(page, "complaint")
    assert "checked" not in _kind_input(page, "compliment")


def _kind_input(page: str, kind: str) -> str:
    start = page.index(f'value="{kind}"')
    return page[page.rindex("<input", 0, start) : page.index(">", start)]


def test_switched_off_the_promise_answers_as_a_workspace_that_does_not_exist(
    client, workspace, standards
):
    workspace.promise_public = False
    workspace.save()
    off = client.get("/p/acme/")
    missing = client.get("/p/nobody/")
    assert off.status_code == missing.status_code == 404
    assert off.content == missing.content
    assert client.get("/p/acme/card.pdf").status_code == 404
    assert client.get("/p/nobody/card.pdf").status_code == 404
    assert "Greets every customer" not in off.content.decode()
    # The brand stays: the survey and Tell us pages still use it.
    assert client.get("/p/acme/brand.css").status_code == 200
    assert "Our promise to you" not in client.get("/r/acme/tell-us/").content.decode()


def test_the_promise_page_takes_no_posts(client, workspace):
    assert client.post("/p/acme/").status_code == 405


# --- the brand on every public page -----------------------------------------------------------


def _brand_links(page: str) -> tuple[str, str]:
    css = page[page.index("/p/acme/brand.css?v=") :].split('"', 1)[0]
    logo = page[page.index("/p/acme/logo?v=") :].split('"', 1)[0]
    return css, logo


def test_the_survey_and_tell_us_pages_show_the_workspace_brand_not_servicegap(client, workspace):
    workspace.brand_colour = "#ffd400"  # a light yellow: the header text must turn dark
    workspace.save()
    set_logo(workspace)
    _survey(workspace)
    for path in ("/r/acme/s/VISIT/", "/r/acme/tell-us/", "/r/acme/tell-us/thanks/"):
        r = client.get(path)
        assert r.status_code == 200, path
        page = r.content.decode()
        assert "Acme Motors" in page and 'class="brand-logo"' in page, path
        assert "ServiceGap" not in page, path
        assert 'href="/p/acme/"' in page, path  # the footer's link to the promise
        css_url, logo_url = _brand_links(page)
        css = client.get(css_url)
        assert css.status_code == 200 and css["Content-Type"].startswith("text/css")
        text = css.content.decode()
        p = colour.palette("#ffd400")
        assert f"--brand-bg: {p.brand}" in text and f"--on-brand: {p.on_brand}" in text
        assert p.on_brand == colour.INK  # dark text on yellow
        assert f"--brand: {p.accent}" in text and colour.contrast(p.accent, colour.PAGE) >= 4.5
        assert client.get(logo_url)["Content-Type"] == "image/png"


def test_a_new_colour_makes_a_new_stylesheet_url(client, workspace):
    first, _ = _brand_links_after_logo(client, workspace)
    workspace.brand_colour = "#0b6e4f"
    workspace.save()
    second, _ = _brand_links_after_logo(client, workspace)
    assert first != second
    assert "#0b6e4f" in client.get(second).content.decode()


def _brand_links_after_logo(client, workspace):
    set_logo(workspace)
    return _brand_links(client.get("/r/acme/tell-us/").content.decode())


def test_the_logo_and_stylesheet_are_cached_by_version_and_revalidated(client, workspace):
    set_logo(workspace)
    page = client.get("/r/acme/tell-us/").content.decode()
    _css, logo_url = _brand_links(page)
    r = client.get(logo_url)
    assert r.status_code == 200 and r.content == bytes(workspace.logo)
    assert "immutable" in r["Cache-Control"] and "max-age=31536000" in r["Cache-Control"]
    assert r["Content-Disposition"] == 'inline; filename="acme-logo.png"'
    # Without the current version: a short cache; with its ETag: 304, no body.
    plain = client.get("/p/acme/logo")
    assert plain["Cache-Control"] == "public, max-age=300"
    again = client.get("/p/acme/logo", HTTP_IF_NONE_MATCH=plain["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_a_workspace_without_a_logo_has_none_to_serve(client, workspace):
    assert client.get("/p/acme/logo").status_code == 404
    assert 'class="brand-logo"' not in client.get("/r/acme/tell-us/").content.decode()
    assert client.get("/p/nobody/logo").status_code == 404
    assert client.get("/p/nobody/brand.css").status_code == 404


def test_an_svg_logo_is_served_under_a_policy_that_runs_nothing(client, workspace):
    set_logo(workspace, SVG, "image/svg+xml")
    r = client.get("/p/acme/logo")
    assert r["Content-Type"] == "image/svg+xml"
    policy = r["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy and "script-src" not in policy
    assert r["X-Content-Type-Options"] == "nosniff"


def test_the_kiosk_shows_the_workspace_brand(client, workspace):
    from servicegap.channels.models import Kiosk

    set_logo(workspace)
    kiosk = Kiosk.objects.create(workspace=workspace, code="DOOR", name="Front door")
    page = client.get(f"/r/acme/kiosk/{kiosk.token}/").content.decode()
    assert 'class="brand-logo"' in page and "Acme Motors" in page
    assert "/p/acme/brand.css?v=" in page and "ServiceGap" not in page


# --- the owner's brand page -------------------------------------------------------------------


def test_the_owner_changes_the_brand_and_the_change_is_audited(login, workspace):
    from servicegap.core.models import AuditEntry, Workspace

    client = login("owner")
    assert client.get("/w/acme/settings/brand/").status_code == 200
    upload = _upload("logo.png", png())
    r = client.post(
        "/w/acme/settings/brand/",
        _brand_form(workspace, name="Acme Motors Ltd", brand_colour="#0B6E4F", logo=upload),
    )
    assert r.status_code == 302
    ws = Workspace.objects.get(pk=workspace.pk)
    assert (ws.name, ws.brand_colour, ws.logo_type) == ("Acme Motors Ltd", "#0b6e4f", "image/png")
    assert bytes(ws.logo) == png()
    entry = AuditEntry.objects.of(ws).get(action="brand.update")
    assert entry.actor == "owner@acme.test"
    assert entry.detail["name"] == "Acme Motors Ltd" and entry.detail["brand_colour"] == "#0b6e4f"
    assert entry.detail["logo_bytes"] == len(png())

    r = client.post("/w/acme/settings/brand/", _brand_form(ws, promise_public="", remove_logo="on"))
    assert r.status_code == 302
    ws.refresh_from_db()
    assert not ws.promise_public and bytes(ws.logo) == b"" and ws.logo_type == ""
    assert client.get("/p/acme/").status_code == 404


def _upload(name: str, data: bytes, kind: str = "image/png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=kind)


def test_an_html_file_named_png_is_refused_next_to_the_logo_field_and_nothing_is_saved(
    login, workspace
):
    from servicegap.core.models import AuditEntry, Workspace

    client = login("owner")
    r = client.post(
        "/w/acme/settings/brand/",
        _brand_form(workspace, name="Renamed", logo=_upload("logo.png", HTML)),
    )
    assert r.status_code == 400
    page = r.content.decode()
    errors = page[page.index('id="id_logo_errors"') :].split("</ul>", 1)[0]
    assert "Not a PNG, JPEG or SVG image" in errors and "content is checked" in errors
    assert page.index('<label for="id_logo">Logo</label>') < page.index('id="id_logo_errors"')
    ws = Workspace.objects.get(pk=workspace.pk)
    assert ws.name == "Acme Motors" and bytes(ws.logo) == b""  # no partial write
    assert not AuditEntry.objects.of(ws).filter(action="brand.update").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("brand_colour", "blue", "#rrggbb"),
        ("brand_colour", "#12345", "#rrggbb"),
        ("logo", SVG_WITH_SCRIPT, "a &lt;script&gt; element"),
        ("logo", b"\x89PNG\r\n\x1a\nbroken", "not a readable image"),
        ("logo", b"x" * (200 * 1024 + 1), "at most 200 KB"),
        ("name", "   ", "required"),
    ],
)
def test_bad_brand_input_is_refused_naming_its_field(login, workspace, field, value, message):
    client = login("owner")
    if field == "logo":
        value = _upload("logo.svg", value, "image/svg+xml")
    r = client.post("/w/acme/settings/brand/", _brand_form(workspace, **{field: value}))
    assert r.status_code == 400
    page = r.content.decode()
    errors = page[page.index(f'id="id_{field}_errors"') :].split("</ul>", 1)[0]
    assert message in errors


def test_an_svg_logo_is_accepted(login, workspace):
    from servicegap.core.models import Workspace

    client = login("owner")
    r = client.post(
        "/w/acme/settings/brand/",
        _brand_form(workspace, logo=_upload("mark.svg", SVG, "image/svg+xml")),
    )
    assert r.status_code == 302
    assert Workspace.objects.get(pk=workspace.pk).logo_type == "image/svg+xml"


def test_only_owners_reach_the_brand_page(login, workspace):
    for persona in ("leader", "manager", "employee"):
        assert login(persona).get("/w/acme/settings/brand/").status_code == 404, persona
