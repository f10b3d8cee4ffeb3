from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("forum/editions", views.EditionViewSet, basename="forum-edition")

urlpatterns = router.urls
