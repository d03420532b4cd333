"""E-mail invitations: single-use links, reminders, recurring schedules and contact rules."""
