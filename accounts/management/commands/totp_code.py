"""Print the current TOTP code for a secret: for the demo staff accounts, whose secret is published."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from accounts.mfa import totp_code


class Command(BaseCommand):
    help = "Текущий одноразовый код (TOTP) для секрета, например демо-секрета сотрудников из load_demo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("secret", help="base32 secret, e.g. the demo staff secret printed by load_demo")

    def handle(self, *args, secret: str, **options) -> None:
        self.stdout.write(totp_code(secret.replace(" ", "").upper()))
