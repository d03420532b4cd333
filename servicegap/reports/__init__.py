"""Reports: the kinds' registry every interface reads (``registry``) and the one specification of
their filters (``params``), both plain modules without Django; and the app that shows every kind:
its page, CSV and printed page (``views``, ``forms``, ``body``, ``pdf``, the charts)."""
