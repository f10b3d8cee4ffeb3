from django.urls import path

from . import views

app_name = "forum"

urlpatterns = [
    path("", views.current, name="current"),
    path("my/", views.my_registrations, name="my_registrations"),
    path("registrations/<int:pk>/cancel/", views.registration_cancel, name="registration_cancel"),
    path("<int:year>/", views.edition_detail, name="edition"),
    path("<int:year>/programme.ics", views.programme_ics, name="programme_ics"),
    path("<int:year>/my.ics", views.my_ics, name="my_ics"),
    path("<int:year>/register/", views.register, name="register"),
    path("<int:year>/checkin/", views.checkin, name="checkin"),
    path("<int:year>/checkin/<int:pk>/", views.checkin_mark, name="checkin_mark"),
    path("<int:year>/resolution/", views.resolution, name="resolution"),
    path("<int:year>/resolution/items/<int:pk>/report/", views.report_add, name="report_add"),
    path("<int:year>/topics/", views.topics, name="topics"),
    path("<int:year>/topics/<int:pk>/support/", views.topic_support, name="topic_support"),
    path("<int:year>/topics/<int:pk>/unsupport/", views.topic_unsupport, name="topic_unsupport"),
]
