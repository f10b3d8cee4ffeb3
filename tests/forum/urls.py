"""The project's URLs plus the forum's, until the lead wires `forum/` into tolyatti_portal.urls.

Once wired, this adds nothing and the tests run against the real URLconf.
"""

from django.urls import get_resolver, include, path

from tolyatti_portal import urls as project_urls

urlpatterns = list(project_urls.urlpatterns)

# An explicit urlconf argument: asking the default resolver here would import this module again.
if "forum" not in get_resolver("tolyatti_portal.urls").namespace_dict:
    urlpatterns.append(path("forum/", include("forum.urls")))
