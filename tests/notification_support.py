"""URL samples of the notification pages for the persona matrix: a webhook and one delivery."""

from __future__ import annotations


def persona_samples(workspace) -> dict:
    from django.utils import timezone

    from servicegap.notifications.models import Delivery, Webhook
    from servicegap.notifications.service import new_secret

    hook = Webhook.objects.create(
        workspace=workspace, url="https://hooks.example.com/in", events=["case.created"],
        secret=new_secret(),
    )  # fmt: skip
    delivery = Delivery.objects.create(
        workspace=workspace, webhook=hook, event="case.created", msg_id="msg_persona",
        payload={"type": "case.created", "data": {}}, created_at=timezone.now(),
        delivered_at=timezone.now(), attempts=1, last_status=204,
    )  # fmt: skip
    return {"webhook_id": hook.pk, "delivery_id": delivery.pk}
