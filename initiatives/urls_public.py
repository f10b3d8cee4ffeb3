"""Public pages of initiatives and residents' actions on them (combined in initiatives/urls.py)."""

from django.urls import path

from .views import files, public

urlpatterns = [
    path("", public.initiative_list, name="list"),
    path("map/", public.initiative_map, name="map"),
    path("map.json", public.initiative_map_data, name="map_data"),
    path("<int:pk>/", public.initiative_detail, name="detail"),
    path("<int:pk>/documents/<int:document_pk>/", files.document_file, name="document_file"),
    path("files/<path:name>", files.private_file, name="private_file"),
    path("<int:pk>/support/", public.support, name="support"),
    path("<int:pk>/unsupport/", public.unsupport, name="unsupport"),
    path("<int:pk>/follow/", public.follow, name="follow"),
    path("<int:pk>/unfollow/", public.unfollow, name="unfollow"),
    path("<int:pk>/comments/", public.comment_add, name="comment_add"),
    path("<int:pk>/comments/<int:comment_pk>/edit/", public.comment_edit, name="comment_edit"),
    path("<int:pk>/comments/<int:comment_pk>/report/", public.comment_report, name="comment_report"),
]
