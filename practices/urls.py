from django.urls import path

from . import views

app_name = "practices"

urlpatterns = [
    path("", views.library, name="library"),
    path("cases/<slug:slug>/", views.case_detail, name="case"),
    path("cases/<slug:slug>/repeat/", views.repeat_case, name="repeat_case"),
    path("initiatives/<int:pk>/repeat/", views.repeat_initiative, name="repeat_initiative"),
]
