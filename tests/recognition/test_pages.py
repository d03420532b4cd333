"""My page, the managers' view and rewards: who sees which recognitions, when they count as
seen, and a reward from the manager's form to the employee's page and the audit log."""

from __future__ import annotations

import pytest

from tests.recognition_support import compliment

pytestmark = pytest.mark.django_db

ME = "/w/acme/me/"
LIST = "/w/acme/recognition/"
REWARD = "/w/acme/recognition/reward/"


def _seen(recognitions, field):
    for r in recognitions:
        r.refresh_from_db()
    return [getattr(r, field) is not None for r in recognitions]


def test_only_opening_my_page_marks_the_employees_own_recognitions_seen(login, team):
    anna, annas = team["anna"]
    _, bens = team["ben"]
    assert _seen(annas, "seen_by_employee_at") == [False, False]  # stored unseen
    login("manager").get(LIST)  # the manager's view is not the employee seeing them
    login("owner").get(ME)  # neither is another member's My page
    assert _seen(annas, "seen_by_employee_at") == [False, False]

    page = login("employee").get(ME)
    assert page.status_code == 200
    assert page.content.decode().count('class="badge new"') == 2
    assert _seen(annas, "seen_by_employee_at") == [True, True]
    assert _seen(bens, "seen_by_employee_at") == [False]  # Ben has not opened his page
    first = [r.seen_by_employee_at for r in annas]
    again = login("employee").get(ME)
    assert 'class="badge new"' not in again.content.decode()  # nothing new the second time
    assert _seen(annas, "seen_by_employee_at") == [True, True]
    assert [r.seen_by_employee_at for r in annas] == first  # the first opening is kept


def test_my_page_shows_the_members_own_recognitions_only_newest_first(login, team, workspace):
    html = login("employee").get(ME).content.decode()
    assert html.index("Anna stayed late") < html.index("Anna found the perfect car")
    assert "Ben explained" not in html and "Cleo fixed" not in html
    assert "2 compliments named you" in html


def test_a_member_without_a_person_record_is_told_why_the_page_is_empty(login, team):
    html = login("leader").get(ME).content.decode()
    assert "not linked to a person record" in html and "An owner" in html
    assert "Anna" not in html


def test_a_manager_sees_the_recognitions_of_their_units_and_marks_them_seen(login, team):
    _, annas = team["anna"]
    _, cleos = team["cleo"]
    r = login("manager").get(LIST)  # the SALES manager
    html = r.content.decode()
    assert r.status_code == 200
    assert "Anna found the perfect car" in html and "Ben explained" in html
    assert "Cleo fixed" not in html  # SERVICE is not theirs
    assert _seen(annas, "seen_by_manager_at") == [True, True]
    assert _seen(cleos, "seen_by_manager_at") == [False]
    counts = r.context["counts"]
    assert [(c["employee__code"], c["n"], c["unseen"]) for c in counts] == [
        ("E-ANNA", 2, 2),
        ("E-BEN", 1, 1),
    ]
    assert login("manager").get(LIST + "?unit=SERVICE").status_code == 404


def test_owners_see_every_unit_and_filter_by_one(login, team):
    client = login("owner")
    html = client.get(LIST + "?period=all").content.decode()
    assert "Cleo fixed" in html and "Anna found" in html
    html = client.get(LIST + "?unit=SERVICE&period=30").content.decode()
    assert "Cleo fixed" in html and "Anna found" not in html
    bad = client.get(LIST + "?unit=SERVICE&period=7")
    assert bad.status_code == 400 and "Period" in bad.content.decode()


def test_the_period_leaves_out_older_compliments(login, team, workspace):
    anna, _ = team["anna"]
    compliment(workspace, anna, "Anna remembered us from last year", days_ago=200)
    client = login("manager")
    assert "remembered us" not in client.get(LIST).content.decode()  # 90 days by default
    assert "remembered us" in client.get(LIST + "?period=365").content.decode()


def test_an_employee_may_not_open_the_managers_view(login, team):
    client = login("employee")
    assert client.get(LIST).status_code == 404  # role refused as everywhere: 404, never 403
    assert client.post(REWARD + f"?recognition={team['anna'][1][0].pk}").status_code == 404


def test_a_manager_records_a_reward_the_employee_sees_it_and_it_is_audited(login, team, users):
    from servicegap.core.models import AuditEntry
    from servicegap.recognition.models import Reward

    recognition = team["anna"][1][0]
    client = login("manager")
    form = client.get(REWARD + f"?recognition={recognition.pk}")
    assert form.status_code == 200 and "Record a reward for Anna Adams" in form.content.decode()
    r = client.post(
        REWARD + f"?recognition={recognition.pk}",
        {"kind": "voucher", "amount": "25.50", "note": "Dinner for two, with thanks"},
    )
    assert r.status_code == 302
    reward = Reward.objects.get(recognition=recognition)
    assert (reward.kind, str(reward.amount), reward.currency) == ("voucher", "25.50", "EUR")
    assert reward.given_by == users["manager"]
    entry = AuditEntry.objects.get(action="recognition.reward")
    assert entry.actor == "manager@acme.test"
    assert entry.detail == {
        "recognition": recognition.pk, "employee": "E-ANNA", "kind": "voucher",
        "amount": "25.50", "currency": "EUR",
    }  # fmt: skip
    html = login("employee").get(ME).content.decode()
    assert "A voucher: 25.50 EUR" in html and "Dinner for two, with thanks" in html


def test_a_bad_reward_names_its_field_and_writes_nothing(login, team):
    from servicegap.core.models import AuditEntry
    from servicegap.recognition.models import Reward

    url = REWARD + f"?recognition={team['anna'][1][0].pk}"
    client = login("manager")
    for data, field in (
        ({"kind": "voucher", "amount": "-5"}, "amount"),
        ({"kind": "voucher", "amount": "12.345"}, "amount"),
        ({"kind": "yacht"}, "kind"),
        ({"kind": "thanks", "note": "x" * 501}, "note"),
    ):
        r = client.post(url, data)
        assert r.status_code == 400, data
        assert r.context["form"].errors.get(field), data
    assert (
        not Reward.objects.exists()
        and not AuditEntry.objects.filter(action="recognition.reward").exists()
    )


def test_a_manager_cannot_reward_a_recognition_of_another_unit(login, team):
    cleos = team["cleo"][1]
    client = login("manager")
    assert client.get(REWARD + f"?recognition={cleos[0].pk}").status_code == 404
    assert client.get(REWARD + "?recognition=abc").status_code == 404
    assert client.get(REWARD).status_code == 302  # no recognition chosen: back to the list
