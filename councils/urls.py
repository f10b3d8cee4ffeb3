from django.urls import path

app_name = "councils"

urlpatterns: list = []
