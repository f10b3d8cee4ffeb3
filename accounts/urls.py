from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("data/", views.data_export, name="data_export"),
    path("delete/", views.account_delete, name="delete"),
    path("mfa-required/", views.mfa_required, name="mfa_required"),
    path("consent/", views.consent_text, name="consent"),
    path("consent/<str:version>/", views.consent_text, name="consent_version"),
]
