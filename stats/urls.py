from django.urls import path, re_path

from . import national, views

app_name = "stats"

urlpatterns = [
    path("stats/", views.statistics_page, name="statistics"),
    re_path(r"^stats/(?P<slug>[-a-z0-9]+)\.(?P<fmt>csv|json)$", views.figure_export, name="figure_export"),
    path("open-data/", views.open_data_page, name="open_data"),
    path("national-projects/", national.project_list, name="national_projects"),
    path("national-projects/<slug:slug>/", national.project_detail, name="national_project"),
    re_path(r"^open-data/(?P<slug>[-a-z0-9]+)\.(?P<fmt>csv|json)$", views.dataset_export, name="dataset_export"),
]
