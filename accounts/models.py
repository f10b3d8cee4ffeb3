"""Users of the portal, their roles' scope, and consent to personal-data processing (152-FZ)."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

phone_validator = RegexValidator(
    r"^\+?[\d\s()\-]{10,20}$", _("Введите телефон в формате +7 900 000-00-00.")
)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account; logs in by e-mail. Roles are Django groups (see accounts.roles)."""

    email = models.EmailField(_("e-mail"), unique=True)
    display_name = models.CharField(
        _("имя на портале"), max_length=100, help_text=_("Так вас увидят другие жители, например «Анна К.»")
    )
    home_microdistrict = models.ForeignKey(
        "councils.Microdistrict", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="residents", verbose_name=_("мой микрорайон"),
    )
    # Never shown publicly: only staff contacting the resident about their own request see it.
    phone = models.CharField(_("телефон"), max_length=20, blank=True, validators=[phone_validator])
    preferred_language = models.CharField(
        _("язык интерфейса"), max_length=8, choices=settings.LANGUAGES, default="ru"
    )
    # A moderator with no district moderates the whole city.
    moderated_district = models.ForeignKey(
        "councils.District", on_delete=models.PROTECT, null=True, blank=True,
        related_name="moderators", verbose_name=_("район модерации"),
        help_text=_("Для модераторов: пусто — весь город."),
    )
    is_staff = models.BooleanField(_("доступ в админку"), default=False)
    is_active = models.BooleanField(_("активен"), default=True)
    date_joined = models.DateTimeField(_("зарегистрирован"), default=timezone.now)
    anonymised_at = models.DateTimeField(_("данные обезличены"), null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        ordering = ["display_name", "id"]
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """The only identifying text other residents ever see."""
        if self.anonymised_at:
            return str(_("Удалённый пользователь"))
        return self.display_name or str(_("Житель"))

    def get_full_name(self) -> str:
        return self.public_name

    def get_short_name(self) -> str:
        return self.public_name


class ConsentText(models.Model):
    """A version of the personal-data processing consent; a new version is a new row."""

    version = models.CharField(_("версия"), max_length=20, unique=True)
    title = models.CharField(_("заголовок"), max_length=255)
    body = models.TextField(_("текст"))
    effective_from = models.DateTimeField(_("действует с"), default=timezone.now)

    class Meta:
        ordering = ["-effective_from"]
        get_latest_by = "effective_from"
        verbose_name = _("текст согласия на обработку ПДн")
        verbose_name_plural = _("тексты согласия на обработку ПДн")

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @classmethod
    def current(cls) -> ConsentText | None:
        return cls.objects.filter(effective_from__lte=timezone.now()).order_by("-effective_from").first()


class PersonalDataConsent(models.Model):
    """Proof that a user agreed to a given consent text, and when (152-FZ, art. 9)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents", verbose_name=_("пользователь"))
    consent_text = models.ForeignKey(
        ConsentText, on_delete=models.PROTECT, related_name="consents", verbose_name=_("текст согласия")
    )
    given_at = models.DateTimeField(_("дано"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("отозвано"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "consent_text"], name="consent_once_per_text_version"),
        ]
        verbose_name = _("согласие на обработку ПДн")
        verbose_name_plural = _("согласия на обработку ПДн")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.consent_text.version}"


class StaffAuthenticator(Authenticator):
    """allauth's second factors under a Russian name in the admin (the library's model has none)."""

    class Meta:
        proxy = True
        verbose_name = _("аутентификатор")
        verbose_name_plural = _("аутентификаторы")
