from django.urls import path

from . import views

app_name = "acts"

urlpatterns = [
    path("", views.act_list, name="list"),
    path("<slug:slug>/", views.act_detail, name="detail"),
    path("<slug:slug>/compare/", views.act_compare, name="compare"),
    path("<slug:slug>/points/<int:point_pk>/", views.point_detail, name="point"),
    path("<slug:slug>/points/<int:point_pk>/vote/", views.vote, name="vote"),
    path("<slug:slug>/points/<int:point_pk>/comments/", views.comment_add, name="comment_add"),
    path("<slug:slug>/points/<int:point_pk>/comments/<int:comment_pk>/edit/", views.comment_edit,
         name="comment_edit"),
    path("<slug:slug>/points/<int:point_pk>/comments/<int:comment_pk>/report/", views.comment_report,
         name="comment_report"),
]
