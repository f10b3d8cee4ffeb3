"""AppConfig of django.contrib.admin with the portal's site; listed in INSTALLED_APPS instead of it."""

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """The admin with allauth's throttled login and a second factor for staff (accounts.admin_site)."""

    default_site = "accounts.admin_site.PortalAdminSite"
