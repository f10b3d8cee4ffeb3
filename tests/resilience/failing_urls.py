"""The portal's URLs plus one view that fails as told; handler500 is the portal's own."""

from django.db import OperationalError
from django.urls import path
from redis.exceptions import ConnectionError as RedisConnectionError

from tolyatti_portal.urls import handler500
from tolyatti_portal.urls import urlpatterns as portal_urlpatterns

ERRORS = {
    "database": lambda: OperationalError("could not connect to server"),
    "redis": lambda: RedisConnectionError("Connection refused"),
    "bug": lambda: KeyError("a bug"),
}


def fail(request, kind: str):
    raise ERRORS[kind]()


urlpatterns = [path("__fail__/<str:kind>/", fail), *portal_urlpatterns]
__all__ = ["handler500", "urlpatterns"]
