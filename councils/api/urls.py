from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("districts", views.DistrictViewSet, basename="district")
router.register("microdistricts", views.MicrodistrictViewSet, basename="microdistrict")
router.register("councils", views.CouncilViewSet, basename="council")
router.register("tos", views.TOSViewSet, basename="tos")
router.register("managers", views.ManagerViewSet, basename="manager")

urlpatterns = router.urls
