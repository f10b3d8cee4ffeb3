from django.urls import path

from . import views

app_name = "councils"

urlpatterns = [
    path("find/", views.finder, name="finder"),
    path("districts/<slug:slug>/", views.district_detail, name="district"),
    path("microdistricts/<slug:slug>/", views.microdistrict_detail, name="microdistrict"),
    path("councils/", views.council_list, name="council_list"),
    path("councils/<slug:slug>/", views.council_detail, name="council_detail"),
    path("councils/<slug:slug>/meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("tos/", views.tos_list, name="tos_list"),
    path("tos/<slug:slug>/", views.tos_detail, name="tos_detail"),
]
