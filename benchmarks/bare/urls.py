from django.urls import path

from benchmarks.bare.views import bare_insert
from servicegap.urls import urlpatterns as servicegap_urlpatterns

# /api/ paths pass the key gate only with a key, so the bare view lives outside /api/ and is
# reached without login through the public /r/ prefix: the baseline pays for no auth at all.
urlpatterns = [path("r/bench/bare", bare_insert), *servicegap_urlpatterns]
