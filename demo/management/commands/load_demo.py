"""`manage.py load_demo`: fill the database with realistic demo content for Tolyatti.

Every app registers its part with core.demo in its AppConfig.ready(); this
command runs them in order inside one transaction (registries first, then the
forum, then initiatives, which need the demo people), prints the reports, and
then runs the loaders that commit on their own (`--scale city`).

Meant for development and demo installations: a row found by its natural key
is brought back to the demo values. Demo accounts get a published password, so
without DEBUG the command wants DEMO_PASSWORD (or --no-users).
"""

from __future__ import annotations

import os
import time
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accounts.roles import sync_role_groups
from core.demo import DemoRun, demo_loaders
from councils.demo.logins import DEFAULT_PASSWORD, ENV_VAR


class Command(BaseCommand):
    help = "Заполняет базу реалистичными демо-данными Тольятти (повторный запуск ничего не меняет)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-users", action="store_true", help="Не создавать демо-учётные записи.")
        parser.add_argument(
            "--scale", choices=("demo", "city"), default="demo",
            help="demo — обычные демо-данные; city — вдобавок к ним жители, инициативы и поддержки в масштабе "
            "города (initiatives.demo.city: 50 тыс. жителей, 100 тыс. инициатив, 1 млн поддержек).",
        )
        # Sizes of --scale city; smaller values make a quick sample (tests, a laptop).
        sizes = parser.add_argument_group("размеры --scale city")
        sizes.add_argument("--city-users", type=int, default=50_000, metavar="N")
        sizes.add_argument("--city-initiatives", type=int, default=100_000, metavar="N")
        sizes.add_argument("--city-supports", type=int, default=1_000_000, metavar="N")
        sizes.add_argument("--city-comments", type=int, default=200_000, metavar="N")
        sizes.add_argument("--city-follows", type=int, default=None, metavar="N",
                           help="по умолчанию — каждый поддержавший подписан (не больше 1 млн)")
        sizes.add_argument("--city-seed", type=int, default=None, metavar="N")

    def handle(self, *args: Any, no_users: bool = False, verbosity: int = 1, **options: Any) -> None:
        with_users = not no_users
        password, from_env = self._password() if with_users else ("", False)
        run = DemoRun(
            with_users=with_users, password=password, password_from_env=from_env,
            scale=options.get("scale") or "demo", verbosity=verbosity, stdout=self.stdout if verbosity else None,
            options=options, style=self.style,
        )
        loaders = [loader for loader in demo_loaders() if with_users or not loader.needs_users]
        started = time.monotonic()
        with transaction.atomic():
            # The role groups must exist before demo users are put into them.
            sync_role_groups()
            for loader in loaders:
                if not loader.after_commit:
                    loader.load(run)
        run.shared["seconds"] = time.monotonic() - started
        if verbosity:
            for loader in loaders:
                if loader.report is not None and not loader.after_commit:
                    loader.report(run)
        for loader in loaders:
            if loader.after_commit:
                loader.load(run)

    def _password(self) -> tuple[str, bool]:
        """The demo password and whether it came from the environment.

        A superuser with a published password must never appear on a reachable
        server, so without DEBUG the password has to be chosen explicitly.
        """
        env_password = os.environ.get(ENV_VAR, "")
        if env_password:
            try:
                validate_password(env_password)
            except ValidationError as error:
                raise CommandError(f"{ENV_VAR} не подходит: {' '.join(error.messages)}") from error
            return env_password, True
        if not settings.DEBUG:
            raise CommandError(
                f"DEBUG выключен: задайте пароль демо-учётных записей в переменной {ENV_VAR} "
                "или запустите с --no-users."
            )
        return DEFAULT_PASSWORD, False
