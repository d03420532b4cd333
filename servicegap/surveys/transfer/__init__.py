"""The surveys' kinds of `servicegap import` and `export` (declared in ``surveys/apps.py``):
``responses`` (the canonical long format), ``limesurvey`` and ``qualtrics-survey`` (a survey
definition becomes a draft survey; ``lsa.py`` adds an archive's responses), ``limesurvey-
responses`` (LimeSurvey's response export), ``qualtrics-responses`` (a Qualtrics response export
through a column mapping) and ``wide`` (one row per response from any tool, through the same
mapping). The shared plumbing is ``servicegap.transfer``."""
