"""The councils' demo loader as registered with core.demo (CouncilsConfig.ready(), order 10).

Creates the three districts, 85 microdistricts with their public councils and
addresses for the finder, the district coordination councils, 58 TOS, council
rosters and meetings, microdistrict managers and one login per role.

Idempotent: every row is found by a natural key (slug, e-mail, address, council
+ name, council + agenda) and only created or changed when it differs from the
demo data, so a second run writes nothing. All randomness comes from seeded
generators (councils.demo.random_for), which is what makes the data repeatable.
"""

from __future__ import annotations

from django.utils import timezone

from accounts.mfa import DEMO_STAFF_TOTP_SECRET
from core.demo import DemoRun

from ..models import Council, District
from .helpers import SUMMARY_MODELS
from .loader import DemoLoader
from .logins import DEFAULT_PASSWORD, DEMO_ACCOUNTS, ENV_VAR


def load_councils_demo(run: DemoRun) -> None:
    loader = DemoLoader(today=timezone.localdate())
    loader.run(with_users=run.with_users, password=run.password)
    run.shared["councils"] = loader


def report_councils_demo(run: DemoRun) -> None:
    loader: DemoLoader = run.shared["councils"]
    seconds = run.shared.get("seconds", 0.0)
    created, updated = sum(loader.created.values()), sum(loader.updated.values())
    run.write(run.style.SUCCESS(
        f"Демо-данные загружены за {seconds:.1f} с: создано записей {created}, изменено {updated}."
    ))
    for warning in loader.warnings:
        run.write(run.style.WARNING(warning))
    for model in SUMMARY_MODELS:
        line = f"  {model._meta.verbose_name_plural}: {model._default_manager.count()}"
        if loader.created[model] or loader.updated[model]:
            line += f" (новых {loader.created[model]}, изменено {loader.updated[model]})"
        run.write(line)
    public = Council.objects.filter(kind=Council.Kind.MICRODISTRICT_PUBLIC)
    by_district = ", ".join(
        f"{d.name} {public.filter(district=d).count()}" for d in District.objects.order_by("sort_order")
    )
    run.write(f"  общественные советы микрорайонов: {public.count()} ({by_district})")
    if not run.with_users:
        return
    where = f"из переменной {ENV_VAR}" if run.password_from_env else DEFAULT_PASSWORD
    run.write(f"Демо-входы (пароль: {where}; задаётся только при создании учётной записи):")
    for account in DEMO_ACCOUNTS:
        run.write(f"  {account.label}: {account.email}")
    run.write(
        f"Сотрудники входят в админку со вторым фактором: TOTP-секрет {DEMO_STAFF_TOTP_SECRET} "
        "(добавьте его в приложение-аутентификатор или получите текущий код командой "
        f"`python manage.py totp_code {DEMO_STAFF_TOTP_SECRET}`)."
    )
