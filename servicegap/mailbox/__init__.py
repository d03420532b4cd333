"""The demo mailbox: while the demo is served, outgoing mail is kept on a page instead of sent."""
