"""Pure computation: no Django imports here, so every module is testable on plain data."""
