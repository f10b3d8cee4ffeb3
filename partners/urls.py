from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.partner_list, name="list"),
    path("my/", views.member_home, name="member_home"),
    path("my/reports/", views.member_reports, name="member_reports"),
    path("my/reports/<int:pk>/", views.member_report_add, name="member_report_add"),
    path("my/webhooks/", views.member_webhook_add, name="member_webhook_add"),
    path("my/webhooks/<int:pk>/events/", views.member_webhook_events, name="member_webhook_events"),
    path("my/webhooks/<int:pk>/delete/", views.member_webhook_delete, name="member_webhook_delete"),
    path("my/pledges/<int:pk>/withdraw/", views.member_pledge_withdraw, name="member_pledge_withdraw"),
    path("my/applications/<int:pk>/accept/", views.member_decide, {"answer": "accept"}, name="member_accept"),
    path("my/applications/<int:pk>/reject/", views.member_decide, {"answer": "reject"}, name="member_reject"),
    path("initiatives/<int:pk>/pledge/", views.member_pledge, name="member_pledge"),
    path("initiatives/<int:pk>/apply/<slug:slug>/", views.programme_apply, name="apply"),
    path("pledges/<int:pk>/accept/", views.pledge_answer, {"answer": "accept"}, name="pledge_accept"),
    path("pledges/<int:pk>/decline/", views.pledge_answer, {"answer": "decline"}, name="pledge_decline"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme"),
    path("<slug:slug>/", views.partner_detail, name="detail"),
]
