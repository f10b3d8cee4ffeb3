from django.apps import AppConfig


class DemoConfig(AppConfig):
    """`manage.py load_demo`: runs every app's registered demo loader (core.demo) in order."""

    name = "demo"
    verbose_name = "Demo data"
