"""Employee voice: eNPS, engagement and enablement by unit, and their linkage to customer results
(docs/engagement.md)."""
