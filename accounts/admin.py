"""Admin for users, roles' scope and consent records."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .models import ConsentText, PersonalDataConsent, StaffAuthenticator, User


class PortalUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name")


class PortalUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class ConsentInline(admin.TabularInline):
    model = PersonalDataConsent
    extra = 0
    fields = ["consent_text", "given_at", "withdrawn_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        # Consent is given by the resident, never typed in by staff.
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    ordering = ["email"]
    list_display = ["email", "display_name", "home_microdistrict", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "home_microdistrict__district"]
    list_select_related = ["home_microdistrict"]
    search_fields = ["email", "display_name"]
    readonly_fields = ["last_login", "date_joined", "anonymised_at"]
    autocomplete_fields = ["home_microdistrict"]
    inlines = [ConsentInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Профиль"), {"fields": ["display_name", "home_microdistrict", "phone", "preferred_language"]}),
        (_("Роли и права"), {"fields": [
            "is_active", "is_staff", "is_superuser", "groups", "moderated_district", "user_permissions",
        ]}),
        (_("Даты"), {"fields": ["last_login", "date_joined", "anonymised_at"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "display_name", "password1", "password2"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Administrators assign roles; only a superuser makes superusers or grants raw permissions.
            readonly += ["is_superuser", "user_permissions"]
        return readonly

    def has_change_permission(self, request, obj=None) -> bool:
        # A non-superuser must not edit (or reset the password of) a superuser.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        target = self.get_object(request, id)
        if target is not None and target.is_superuser and not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    list_display = ["version", "title", "effective_from"]
    search_fields = ["version", "title"]

    def get_readonly_fields(self, request, obj=None):
        # A text someone has agreed to is evidence; it must not change afterwards.
        if obj is not None and obj.consents.exists():
            return ["version", "title", "body", "effective_from"]
        return []


@admin.register(PersonalDataConsent)
class PersonalDataConsentAdmin(admin.ModelAdmin):
    list_display = ["user", "consent_text", "given_at", "withdrawn_at"]
    list_filter = ["consent_text", "withdrawn_at"]
    list_select_related = ["user", "consent_text"]
    search_fields = ["user__email"]
    readonly_fields = ["user", "consent_text", "given_at", "withdrawn_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# Libraries' admins under Russian names. allauth's authenticators (staff's second factors) are
# shown through a proxy with Russian names; the generic API key of djangorestframework-api-key
# is not used (partners have their own keys), so its empty list is left out of the admin.
def _replace_library_admins() -> None:
    from allauth.mfa.admin import AuthenticatorAdmin
    from allauth.mfa.models import Authenticator
    from rest_framework_api_key.models import APIKey

    for model in (Authenticator, APIKey):
        if admin.site.is_registered(model):
            admin.site.unregister(model)

    @admin.register(StaffAuthenticator)
    class StaffAuthenticatorAdmin(AuthenticatorAdmin):
        list_display = ("owner", "kind", "created", "last_used")

        @admin.display(description=_("пользователь"), ordering="user__email")
        def owner(self, obj: StaffAuthenticator) -> str:
            return str(obj.user)

        @admin.display(description=_("вид"), ordering="type")
        def kind(self, obj: StaffAuthenticator) -> str:
            return obj.get_type_display()

        @admin.display(description=_("добавлен"), ordering="created_at")
        def created(self, obj: StaffAuthenticator):
            return obj.created_at

        @admin.display(description=_("последнее использование"), ordering="last_used_at")
        def last_used(self, obj: StaffAuthenticator):
            return obj.last_used_at


_replace_library_admins()
