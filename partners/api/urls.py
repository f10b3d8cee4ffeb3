from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("partners", views.PartnerViewSet, basename="partner")
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("applications", views.ApplicationViewSet, basename="application")
router.register("pledges", views.PledgeViewSet, basename="pledge")
router.register("webhook-endpoints", views.WebhookEndpointViewSet, basename="webhook-endpoint")
router.register("resolution-reports", views.ReportViewSet, basename="resolution-report")

urlpatterns = router.urls
