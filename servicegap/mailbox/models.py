"""A mail the demo server kept instead of sending (``backend.MailboxBackend``)."""

from __future__ import annotations

from django.db import models

from servicegap.core.tenancy import WorkspaceScoped


class Message(WorkspaceScoped):
    """One message as it would have left: sender, recipients, subject and the text/plain body.

    It belongs to the workspace whose people or members it was addressed to (the demo
    workspace when no workspace knows the address)."""

    sent_at = models.DateTimeField(auto_now_add=True)
    sender = models.CharField(max_length=254)
    to = models.TextField(help_text="The recipients, one per line.")
    subject = models.CharField(max_length=998)  # RFC 5322's longest line
    body = models.TextField(help_text="The text/plain body.")

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["workspace", "sent_at"], name="mailbox_ws_sent_idx")]

    def __str__(self) -> str:
        return f"{self.subject} to {self.recipients[0] if self.recipients else '-'}"

    @property
    def recipients(self) -> list[str]:
        return [line for line in self.to.splitlines() if line]
