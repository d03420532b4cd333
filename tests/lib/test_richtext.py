"""The safe subset of imported HTML (servicegap/lib/richtext.py), its plain text, and what kind of
file an upload is (servicegap/lib/filekind.py)."""

from __future__ import annotations

import pytest

from servicegap.lib.filekind import sniff
from servicegap.lib.richtext import clean, images, plain, render


@pytest.mark.parametrize(
    ("source", "kept"),
    [
        (
            "<strong>Bold</strong> and <b>b</b>, <em>em</em>, <i>i</i>",
            "<strong>Bold</strong> and <b>b</b>, <em>em</em>, <i>i</i>",
        ),
        ("<ul><li>one</li><li>two</li></ul>", "<ul><li>one</li><li>two</li></ul>"),
        ("Line<br />next", "Line<br>next"),
        ("a&nbsp;b", "a b"),
        ("Fish &amp; chips", "Fish & chips"),  # no tag left: stored as plain text
        ("&lt;b&gt; stays text", "&lt;b&gt; stays text"),  # decoded it would read as a tag
        ('<span style="color:red">red</span> <font>f</font>', "red f"),
        ("<script>alert(1)</script>Hi<style>p{}</style>", "Hi"),
        ('<p onclick="x()">p</p>', "<p>p</p>"),
        (
            '<a href="https://example.org" target="_blank">link</a>',
            '<a href="https://example.org" rel="noopener nofollow">link</a>',
        ),
        ('<a href="javascript:alert(1)">js</a>', '<a rel="noopener nofollow">js</a>'),
        ("first<div>second</div><div><br></div><div>third</div>", "first<br>second<br><br>third"),
        ("<!-- a comment -->text", "text"),
    ],
)
def test_the_subset_is_kept_and_everything_else_goes_with_its_text_kept(source, kept):
    assert clean(source).text == kept


def test_every_image_is_dropped_and_named():
    cleaned = clean('<p>Look <img src="https://tracker.example/p.gif" width=1><IMG SRC=a.png></p>')
    assert cleaned.text == "<p>Look </p>" and cleaned.images == [
        "https://tracker.example/p.gif",
        "a.png",
    ]
    assert images("<img alt=x>") == ["(no src)"]


def test_render_sanitises_again_a_text_stored_another_way():
    assert render('<b onmouseover="x()">b</b><script>bad()</script><img src=x>') == "<b>b</b>"
    assert render("a < b & c") == "a &lt; b &amp; c"


def test_plain_text_has_no_tags_and_no_entities():
    assert plain("<p>One&nbsp;<strong>two</strong></p><ul><li>three</li></ul>x<br>y") == (
        "One two three x y"
    )
    assert plain("Fish & chips") == "Fish & chips"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (
            b'<?xml version="1.0"?>\n<document>\n <LimeSurveyDocType>Survey</LimeSurveyDocType>',
            "lss",
        ),
        (b"<document><LimeSurveyDocType><![CDATA[Responses]]></LimeSurveyDocType>", "lsr"),
        (b'{"SurveyEntry": {}, "SurveyElements": []}', "qsf"),
        (b"id\trelated_id\tclass\ttype/scale\tname\trelevance\ttext\n", "ls-tsv"),
        (b'"id","submitdate","lastpage","startlanguage","seed"\n', "ls-responses"),
        (b'"Response ID","Date submitted","Last page","Start language"\n', "ls-responses"),
        (b"%PDF-1.7", "pdf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls"),
        (b"code,name\nA,B\n", ""),
        (b"PK\x03\x04 not really a zip", "zip"),
    ],
)
def test_a_file_is_known_by_its_content(data, kind):
    assert sniff(data) == kind
