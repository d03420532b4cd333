"""The quality pages under /w/<slug>/quality/: each part lists its own patterns in its module."""

from servicegap.quality.indicator_urls import patterns as indicator_patterns
from servicegap.quality.walk_urls import patterns as walk_patterns

workspace_urlpatterns = [*indicator_patterns, *walk_patterns]
