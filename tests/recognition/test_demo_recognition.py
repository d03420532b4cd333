"""The demo shows recognition whole: nothing marked seen until a page is opened, the demo
employee's My page has compliments (one with the demo manager's reward), and the busiest branch
has a working wall link. Needs ``recognition.create`` called from ``demo/extras.create``."""

from __future__ import annotations

import datetime as dt

import pytest

END = dt.date(2026, 3, 1)


@pytest.fixture
def demo(db):
    from servicegap.demo.generator import build_demo

    return build_demo(seed=7, answers=3000, end=END).workspace


def test_the_demo_shows_recognition_unseen_rewarded_and_on_a_wall(demo, client):
    from servicegap.accounts.models import Membership
    from servicegap.feedback.models import Recognition
    from servicegap.recognition.models import Reward, WallLink

    recognitions = Recognition.objects.of(demo)
    assert recognitions.count() > 50
    assert not recognitions.filter(seen_by_employee_at__isnull=False).exists()
    assert not recognitions.filter(seen_by_manager_at__isnull=False).exists()

    employee = Membership.objects.of(demo).get(user__email="employee@demo.servicegap.test")
    own = recognitions.filter(employee=employee.person)
    assert own.count() >= 3
    rewards = Reward.objects.of(demo)
    assert rewards.count() >= 3
    assert {r.given_by.email for r in rewards} == {"manager@demo.servicegap.test"}
    assert rewards.filter(recognition__employee=employee.person).exists()
    assert all(r.given_at > r.recognition.feedback.submitted_at for r in rewards)

    client.force_login(employee.user)
    html = client.get(f"/w/{demo.slug}/me/").content.decode()
    assert html.count('class="recognition"') == own.count()
    assert 'class="rewards"' in html
    assert own.filter(seen_by_employee_at__isnull=True).count() == 0  # opening marked them

    link = WallLink.objects.of(demo).get()
    assert link.unit.parent is not None and link.unit.parent.parent is None  # a branch
    client.logout()
    r = client.get(f"/r/{demo.slug}/wall/{link.token}/")
    assert r.status_code == 200 and "What our customers said" in r.content.decode()
