"""Skills: who was trained to deliver which standard, and whether it shows in what their
customers say (docs/engagement.md)."""
