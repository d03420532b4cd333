"""Report kinds: the registry every interface reads (``registry``) and the one specification of
their filters (``params``). Plain modules, no Django import."""
