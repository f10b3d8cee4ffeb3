from django.urls import path

from . import views

app_name = "workplan"

urlpatterns = [
    path("", views.month_view, name="month"),
    path("list/", views.list_view, name="list"),
    path("calendar.ics", views.feed, name="feed"),
]
