"""URLs of initiatives: public pages and actions, and the resident's submission steps."""

from .urls_public import urlpatterns as public_urlpatterns
from .urls_submission import urlpatterns as submission_urlpatterns

app_name = "initiatives"

urlpatterns = [*public_urlpatterns, *submission_urlpatterns]
