"""`manage.py partner_key <slug> --name NAME --scopes read,pledges:write [--expires 2027-01-01]`.

Issues an API key to a verified partner. The key is printed once, alone on the
last line, so a script can take it with `tail -n 1`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from core.errors import DomainError
from partners.models import PartnerOrganization, Scope
from partners.services.keys import key_issue


class Command(BaseCommand):
    help = "Выдать ключ API проверенному партнёру; ключ печатается один раз последней строкой."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="адрес страницы партнёра (slug)")
        parser.add_argument("--name", required=True, help="название ключа, например «CRM фонда»")
        parser.add_argument(
            "--scopes", default=Scope.READ, help=f"права через запятую: {', '.join(Scope.values)}"
        )
        parser.add_argument("--expires", help="срок действия, ГГГГ-ММ-ДД (по умолчанию бессрочно)")

    def handle(self, *args: Any, slug: str, name: str, scopes: str, expires: str | None, **options: Any) -> None:
        partner = PartnerOrganization.objects.filter(slug=slug).first()
        if partner is None:
            raise CommandError(f"Партнёр «{slug}» не найден.")
        expires_at = None
        if expires:
            try:
                day = dt.date.fromisoformat(expires)
            except ValueError:
                raise CommandError("--expires: дата в виде ГГГГ-ММ-ДД.") from None
            expires_at = timezone.make_aware(dt.datetime.combine(day, dt.time.max))
        try:
            api_key, secret = key_issue(partner, name=name, scopes=scopes, expires_at=expires_at)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Ключ «{api_key.name}» для «{partner.name}», права: {', '.join(api_key.scopes)}"
            + (f", до {expires}" if expires else "")
            + ". Он показан один раз:"
        )
        self.stdout.write(secret)
