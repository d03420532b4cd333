"""The surveys' kinds of `servicegap import` and `export` (declared in ``surveys/apps.py``):
``responses`` (the canonical long format), ``limesurvey`` and ``qualtrics-survey`` (a survey
definition becomes a draft survey) and ``qualtrics-responses`` (a Qualtrics response export
through a column mapping). The shared plumbing is ``servicegap.transfer``."""
